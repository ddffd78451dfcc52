"""Stop start-up with one plain sentence when the configuration is wrong.

A support worker's IT volunteer reading a terminal should see what to fix,
not a traceback wall.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ImproperlyConfigured


class DatabaseUnreachable(ImproperlyConfigured):
    pass


def check_database_reachable() -> None:
    from django.db import OperationalError, connection

    try:
        connection.ensure_connection()
    except OperationalError as exc:
        settings_dict = connection.settings_dict
        where = settings_dict.get("NAME")
        if settings_dict.get("HOST"):
            where = f"{settings_dict['HOST']}:{settings_dict.get('PORT') or 'default port'}/{where}"
        reason = (str(exc).strip().splitlines() or ["no answer"])[0]
        raise DatabaseUnreachable(
            f"the database at DATABASE_URL ({where}) cannot be reached ({reason}); "
            "check that it is running and that DATABASE_URL is right."
        ) from None


@contextmanager
def exit_on_bad_configuration(*, check_database: bool = False) -> Iterator[None]:
    try:
        if check_database:
            import django

            django.setup()
            check_database_reachable()
        yield
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"KeyRing Net cannot start: {exc}\n")
        sys.exit(2)
