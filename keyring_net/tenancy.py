"""The tenancy core: every tenant-owned row belongs to one Organisation.

The ordinary path is safe: a tenant-owned model's default manager refuses any
query unless an organisation scope is active (django-scopes), so code that
forgot its organisation fails loudly instead of reading everyone's rows.

Two spellings exist for scope, and only two:

* ``organisation_scope(org)``: the normal way in, used by the request
  middleware, Celery tasks (which receive ``organisation_id``) and commands.
* ``all_organisations()``: crossing organisations on purpose. Allowed only in
  the modules listed in ``tests/test_conventions.py`` (admin, migrations,
  fan-out tasks, demo seeding); a test fails on any other use.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.db import connection, models
from django_scopes import ScopedManager, scope, scopes_disabled

if TYPE_CHECKING:
    from keyring_net.models import Organisation


@contextmanager
def organisation_scope(organisation: Organisation | None) -> Iterator[None]:
    """Run the block with tenant-owned queries limited to ``organisation``.

    ``None`` means "no organisation": every scoped query then matches nothing.
    (django-scopes reads ``None`` as "all organisations", so it is never passed
    through.)
    """
    value = [] if organisation is None else organisation
    with scope(organisation=value):
        yield


@contextmanager
def all_organisations() -> Iterator[None]:
    """Cross organisations on purpose. Allowed only in reviewed places."""
    with scopes_disabled():
        yield


def set_database_organisation(organisation_id: int | None) -> None:
    """Tell PostgreSQL which organisation this transaction works for.

    Row-level security policies read ``app.current_org``; the value is
    transaction-local, so it never leaks into the next request on a pooled
    connection. Call it inside ``transaction.atomic()``. A no-op on SQLite,
    where the scoped managers stand alone.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('app.current_org', %s, true)",
            ["" if organisation_id is None else str(organisation_id)],
        )


class OrgOwnedModel(models.Model):
    """Base of every tenant-owned model.

    ``objects`` is scoped and fails closed. ``organisation`` is never taken
    from user input: services set it from the acting person's organisation.
    """

    organisation = models.ForeignKey(
        "keyring_net.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=True,
    )

    objects = ScopedManager(organisation="organisation")

    class Meta:
        abstract = True
