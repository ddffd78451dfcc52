"""How the outcomes routes are written: a table of pages under one path."""

from django.urls import path


def under(prefix: str, table: dict) -> list:
    """A route for each ``{route: (view, name)}`` of ``table``, below ``prefix``."""
    return [path(prefix + route, view, name=name) for route, (view, name) in table.items()]
