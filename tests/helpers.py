"""Helpers the whole suite shares."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

ROOT = Path(__file__).resolve().parent.parent


def our_apps() -> list[str]:
    """Our apps, from INSTALLED_APPS (an app's config path counts by its
    package): those whose folder is in this repository."""
    names = []
    for entry in settings.INSTALLED_APPS:
        package = entry.split(".")[0]
        if (ROOT / package / "__init__.py").exists() and package not in names:
            names.append(package)
    return names


def write_tree(folder: Path, sources: dict[str, str]) -> Path:
    """Write ``{relative path: source}`` under ``folder`` (the source
    dedented), for a test of a test that scans files; returns ``folder``."""
    for rel, text in sources.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return folder


def count_queries(action: Callable[[], object]) -> tuple[int, object]:
    """Run ``action`` and return (number of database queries, its result)."""
    with CaptureQueriesContext(connection) as captured:
        result = action()
    return len(captured.captured_queries), result


def assert_constant_queries(
    make_rows: Callable[[int], object], fetch: Callable[[], object], sizes=(3, 300)
) -> int:
    """Pin a page's query count at two data sizes.

    ``make_rows(n)`` adds rows until there are ``n``; ``fetch()`` loads the
    page (and should assert it worked). Fails when the count grows with the
    data. Returns the count, for the caller to pin exactly too.
    """
    counts = []
    for size in sizes:
        make_rows(size)
        fetch()  # warm caches that are per-process, not per-row
        n, _ = count_queries(fetch)
        counts.append(n)
    grew = dict(zip(sizes, counts, strict=True))
    assert len(set(counts)) == 1, f"query count grew with the data: {grew}"
    return counts[0]


# On PostgreSQL a signed-in request also runs the row-level security
# statements: the request's transaction reads what names it and sets the
# sign-in grant; the person's roles are read in a savepoint that reads, sets
# and resets the grant; then the grant is narrowed to the organisation and
# the person (read, set). Inside a test's transaction each atomic block is a
# SAVEPOINT and RELEASE pair too (the request's own is one). 11 in all,
# whatever the page.
POSTGRES_EXTRA_PER_REQUEST = 11


def pinned(sqlite_count: int) -> int:
    """A page's exact query count on this database, from its SQLite count."""
    extra = POSTGRES_EXTRA_PER_REQUEST if connection.vendor == "postgresql" else 0
    return sqlite_count + extra


def api_token_for(user) -> str:
    """A new API key for ``user``, made the way the token page makes one.

    Tests that call the API with a token get it here and nowhere else, so a
    change in how tokens are stored changes only this function.
    """
    from keyring_net.api.tokens import api_token_create

    _token, key = api_token_create(user=user, name="Test")
    return key
