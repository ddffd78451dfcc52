"""The import engine: a file's rows, a batch at a time, read, checked and
(when applying) written by the kind of import it is.

A row is cleaned cell by cell (``columns``), then its kind decides what it
would do (create, update, nothing) and finds what is wrong beyond one cell
(a network not in the organisation, a reference twice in the file), with a
few queries a batch, never a query a row.
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from keyring_net.actors import Actor
from spreadsheets.services.imports import reading
from spreadsheets.services.imports.columns import Field, Problem

BATCH = 500

CREATE, UPDATE, UNCHANGED, REFUSED = "create", "update", "unchanged", "problem"


class FirstRows:
    """Where each key (a reference, a home's address) was first met in the
    file: ``key in seen``, ``seen[key]``, ``seen[key] = number``, as a dict.
    Kept as two sorted arrays of the keys' hashes and their numbers, about
    16 bytes a key (a dict of the texts takes some 200), so a kind can
    remember every reference of a large file without its memory growing
    with it in earnest. The newest keys wait in a small dict and are merged
    in a thousand at a time."""

    PENDING = 1000

    def __init__(self) -> None:
        self._hashes = array("q")
        self._numbers = array("q")
        self._pending: dict[int, int] = {}

    def _find(self, key: Hashable) -> int | None:
        code = hash(key)
        if code in self._pending:
            return self._pending[code]
        at = bisect_left(self._hashes, code)
        if at < len(self._hashes) and self._hashes[at] == code:
            return self._numbers[at]
        return None

    def __contains__(self, key: Hashable) -> bool:
        return self._find(key) is not None

    def __getitem__(self, key: Hashable) -> int:
        found = self._find(key)
        if found is None:
            raise KeyError(key)
        return found

    def get(self, key: Hashable, default: int | None = None) -> int | None:
        found = self._find(key)
        return default if found is None else found

    def __setitem__(self, key: Hashable, number: int) -> None:
        code = hash(key)
        at = bisect_left(self._hashes, code)
        if at < len(self._hashes) and self._hashes[at] == code:
            self._numbers[at] = number
            return
        self._pending[code] = number
        if len(self._pending) >= self.PENDING:
            self._merge()

    def _merge(self) -> None:
        hashes, numbers = array("q"), array("q")
        for code, number in heapq.merge(
            zip(self._hashes, self._numbers, strict=True), sorted(self._pending.items())
        ):
            hashes.append(code)
            numbers.append(number)
        self._hashes, self._numbers, self._pending = hashes, numbers, {}


@dataclass
class Prepared:
    """One row of the file on its way in. A kind sets ``action``, ``what``
    (the record in words: a name and the organisation's reference) and,
    for a row that names a home, ``address`` (shown only to those who may
    see addresses), or refuses it with a problem."""

    number: int
    values: dict
    problems: list[tuple[str, str]] = field(default_factory=list)
    action: str = ""
    what: str = ""
    address: str = ""

    def refuse(self, column: str, message: str) -> None:
        self.problems.append((column, message))


@dataclass
class Summary:
    """The counts of a step. The row-by-row report is not kept here: each
    batch is handed to the run's ``report`` as it is done."""

    created: int = 0
    updated: int = 0
    skipped: int = 0
    problem_rows: int = 0
    rows: int = 0

    def add(self, row: Prepared) -> None:
        self.rows += 1
        if row.problems:
            row.action = REFUSED
            self.problem_rows += 1
        elif row.action == CREATE:
            self.created += 1
        elif row.action == UPDATE:
            self.updated += 1
        else:
            row.action = UNCHANGED
            self.skipped += 1


def problem_text(problem: dict) -> str:
    """ "Row 14, Date of birth: 31/02/1980 is not a date"."""
    return f"Row {problem['row']}, {problem['column']}: {problem['message']}"


class Kind:
    """What one kind of import brings in. Subclasses list their ``fields``
    and decide and write a batch in ``handle``."""

    label = ""
    fields: list[Field] = []

    def __init__(self, *, actor: Actor, write: bool, headers: dict[str, str]):
        self.actor = actor
        self.write = write
        # The file's header for each field, for problems in the person's words.
        self.headers = headers

    def header(self, name: str) -> str:
        return self.headers.get(name) or next(f.label for f in self.fields if f.name == name)

    def handle(self, rows: list[Prepared]) -> None:
        raise NotImplementedError

    def finish(self) -> list[tuple[str, int, str, dict]]:
        """What the batches since the last call wrote: (model, id, action,
        values before). Taken a batch at a time, so it does not grow with
        the file."""
        return []


def _batches(rows: Iterator[reading.Row], size: int) -> Iterator[list[reading.Row]]:
    while batch := list(islice(rows, size)):
        yield batch


def run_file(
    *,
    kind_class: type[Kind],
    actor: Actor,
    data: bytes,
    file_name: str,
    columns: list[str],
    write: bool,
    progress: Callable[[int], None] | None = None,
    keep: Callable[[list[tuple[str, int, str, dict]]], None] | None = None,
    report: Callable[[list[Prepared]], None] | None = None,
) -> tuple[Summary, Kind]:
    """Read, check and (with ``write``) apply every row of the file, a
    batch at a time; ``keep`` is given what each batch wrote
    (``Kind.finish``) and ``report`` each batch's rows once decided, so
    nothing is held for the whole file."""
    headers, rows = reading.read(data, file_name)
    by_name = {f.name: f for f in kind_class.fields}
    used = [(i, by_name[name]) for i, name in enumerate(columns) if name in by_name]
    kind = kind_class(
        actor=actor, write=write, headers={f.name: headers[i] for i, f in used if i < len(headers)}
    )
    summary = Summary()
    for batch in _batches(rows, BATCH):
        prepared = []
        for row in batch:
            item = Prepared(row.number, {})
            for index, column in used:
                cell = row.cells[index] if index < len(row.cells) else ""
                try:
                    item.values[column.name] = column.clean(cell)
                except Problem as problem:
                    item.refuse(kind.header(column.name), str(problem))
            prepared.append(item)
        kind.handle(prepared)
        if keep is not None:
            keep(kind.finish())
        for item in prepared:
            summary.add(item)
        if report is not None:
            report(prepared)
        if progress is not None:
            progress(summary.rows)
    return summary, kind
