"""Rows made from a table in the code: the default star's areas and stages,
the default quality checklist's items. Each app keeps its own table of
plain values; this turns it into rows of a model."""

from __future__ import annotations

from collections.abc import Iterable


def rows_from(model, columns: str, table: Iterable[tuple], *, numbered: str = "", **shared):
    """One unsaved ``model`` for each row of ``table``: its values are the
    fields named in ``columns`` (in order, separated by spaces), and every
    row has ``shared`` too. ``numbered`` names a field that is given the
    row's place in the table, counting from 1."""
    names = columns.split()
    return [
        model(
            **shared,
            **({numbered: place} if numbered else {}),
            **dict(zip(names, row, strict=True)),
        )
        for place, row in enumerate(table, start=1)
    ]
