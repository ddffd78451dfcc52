"""One way to write the volunteers routes: the pages below a path, as rows."""

from __future__ import annotations

from django.urls import URLPattern, path


def under(prefix: str, *rows: tuple) -> list[URLPattern]:
    """The pages below ``prefix``, each row (the rest of its path, view, name)."""
    return [path(prefix + rest, view, name=name) for rest, view, name in rows]
