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

from django.db import connection, models, transaction
from django_scopes import ScopedManager, scope, scopes_disabled
from simple_history.models import HistoricalRecords

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
    """Cross organisations on purpose. Allowed only in reviewed places.

    Lowers both walls for the block: the scoped managers and, on PostgreSQL,
    row-level security (``app.all_organisations``). There the block runs in a
    transaction, or a savepoint inside one (see ``_database_setting``).
    """
    with scopes_disabled(), _database_setting("app.all_organisations", "on"):
        yield


@contextmanager
def own_role_assignments_readable(user_id: int) -> Iterator[None]:
    """Let row-level security show one person their own role assignments in
    every organisation, for the block (``app.current_user``).

    Only for choosing which organisation a signed-in person works in, before
    one is chosen; the policy grants reading, never writing. It does not touch
    the scoped managers.
    """
    with _database_setting("app.current_user", str(user_id)):
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
    _write_setting("app.current_org", "" if organisation_id is None else str(organisation_id))


@contextmanager
def _database_setting(name: str, value: str) -> Iterator[None]:
    """Give a row-level security setting ``value`` for the block only.

    Private: the ways in are the context managers above, whose names say what
    they open up.

    ``set_config(..., true)`` lasts until the transaction ends, so on
    PostgreSQL the block runs inside ``transaction.atomic()`` (a savepoint
    when a transaction is already open). The old value comes back on the way
    out, however the block ends:

    * an exception rolls back the savepoint or transaction, and the setting
      with it (so no query is sent to a transaction an error may have broken);
    * a normal exit from the outermost transaction commits, which ends it;
    * a normal exit from a savepoint releases it, which keeps it: so then the
      old value is written back explicitly (``''`` when there was none).

    A no-op on SQLite.
    """
    if connection.vendor != "postgresql":
        yield
        return
    outermost = connection.get_autocommit() and not connection.in_atomic_block
    with transaction.atomic():
        previous = "" if outermost else _read_setting(name)
        _write_setting(name, value)
        yield
        if not outermost:
            _write_setting(name, previous)


def _read_setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [name])
        return cursor.fetchone()[0] or ""


def _write_setting(name: str, value: str) -> None:
    """Transaction-local: it can never outlive the transaction, so it cannot
    leak into the next request on a pooled or persistent connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [name, value])


class TenantModel(models.Model):
    """What every tenant-owned model has: its organisation, and a manager
    that is scoped and fails closed. Inherit ``OrgOwnedModel`` (changes
    audited) or ``AppendOnlyModel`` (logs), never this directly.

    ``organisation`` is never taken from user input: services set it from
    the acting person's organisation.
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


class OrgOwnedModel(TenantModel):
    """Base of every tenant-owned record. Every create, change and delete is
    kept (django-simple-history): who, when, what, and, through the copied
    organisation column, for which organisation."""

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class AppendOnlyModel(TenantModel):
    """Base of tenant-owned logs that are only ever added to (who looked at
    a record, what was sent). A log of a log would add nothing, so these
    carry no change history; services never update or delete their rows."""

    class Meta:
        abstract = True
