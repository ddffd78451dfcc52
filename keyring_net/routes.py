"""How each app lists its pages: one line a page, read like a table.

    urlpatterns = pages(
        '''
        networks/                    network_list    list
        networks/<int:network_id>/   network_detail  detail
        ''',
        views,
    )

Each line gives the page's address, its view and its name, separated by
spaces; a line that starts with ``#`` says what the lines below are. With
one module of views a view is named by its function; with
several, as ``module.function`` (the module's own name, e.g.
``journey.member_status``). A view that does not exist stops the site
starting, with the line that names it."""

from __future__ import annotations

from types import ModuleType

from django.urls import URLPattern, path


def _view(modules: dict[str, ModuleType], written: str):
    where, _, function = written.rpartition(".")
    if not where and len(modules) == 1:
        where = next(iter(modules))
    try:
        return getattr(modules[where], function)
    except (KeyError, AttributeError) as error:
        raise ImportError(f"No page {written!r} among {sorted(modules)}") from error


def pages(table: str, *views: ModuleType, under: str = "") -> list[URLPattern]:
    """A route for each line of ``table`` (address, view, name), its address
    below ``under``. A line that starts with ``#`` says what follows."""
    modules = {module.__name__.rpartition(".")[2]: module for module in views}
    routes = []
    for line in table.strip().splitlines():
        if line.strip().startswith("#"):
            continue
        address, view, name = line.split()
        routes.append(path(under + address, _view(modules, view), name=name))
    return routes
