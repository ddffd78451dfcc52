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
from dataclasses import replace

from django.db import connection, models, transaction
from django_scopes import ScopedManager, scope, scopes_disabled
from simple_history.models import HistoricalRecords

from keyring_net.rls.grant import BINDING_SQL, GRANT_SETTING, MODES, Grant, make_token, read_token


@contextmanager
def organisation_scope(organisation: models.Model | None) -> Iterator[None]:
    """Run the block with tenant-owned queries limited to ``organisation``.

    ``None`` means "no organisation": every scoped query then matches nothing.
    (django-scopes reads ``None`` as "all organisations", so it is never passed
    through.) Typed as any model: tenancy is what ``keyring_net.models``
    builds on, so it does not import ``Organisation`` back.
    """
    value = [] if organisation is None else organisation
    with scope(organisation=value):
        yield


@contextmanager
def all_organisations() -> Iterator[None]:
    """Cross organisations on purpose. Allowed only in reviewed places.

    Lowers both walls for the block: the scoped managers and, on PostgreSQL,
    row-level security (the grant's ``all`` mode). There the block runs in a
    transaction, or a savepoint inside one (see ``_database_grant``).
    """
    with scopes_disabled(), _database_grant(mode="all"):
        yield


@contextmanager
def own_role_assignments_readable(user_id: int) -> Iterator[None]:
    """Let row-level security show one person their own role assignments in
    every organisation, for the block (the grant's person).

    Only for choosing which organisation a signed-in person works in, before
    one is chosen; the policy grants reading, never writing. It does not touch
    the scoped managers.
    """
    with _database_grant(person_id=user_id):
        yield


@contextmanager
def working_in(organisation: models.Model) -> Iterator[None]:
    """Work in ``organisation`` for the block, then go back to what was
    before: its scope and, on PostgreSQL, row-level security for its records
    (the rest of the grant stays).

    For the e-mail a page sends for a person before they have chosen an
    organisation (a sign-in code, a link to choose a password): it is
    recorded in the person's organisation (``keyring_net.registry.mailer``).
    """
    with organisation_scope(organisation), _database_grant(organisation_id=organisation.pk):
        yield


@contextmanager
def people_identifiable() -> Iterator[None]:
    """Let row-level security show every person's account and sign-in rows
    (accounts, e-mail addresses, sessions, API tokens, two-step devices) for
    the block: the grant's ``identify`` mode. Organisations' records stay
    limited as before.

    For finding an existing account by e-mail address (inviting someone who
    works elsewhere too), signing someone out everywhere, and the session
    store. It does not touch the scoped managers.
    """
    with _database_grant(mode="identify"):
        yield


def set_database_organisation(organisation_id: int | None) -> None:
    """Tell PostgreSQL which organisation this transaction works for, and
    nothing more (no person, no wider mode).

    Call it inside ``transaction.atomic()``. A no-op on SQLite, where the
    scoped managers stand alone.
    """
    set_database_access(organisation_id=organisation_id)


def set_database_access(
    *, organisation_id: int | None = None, person_id: int | None = None, identify: bool = False
) -> None:
    """Set this transaction's row-level security grant, replacing any before.

    ``organisation_id``: the organisation whose records it may read and
    write. ``person_id``: the person whose own account rows it may read and
    write. ``identify``: every person's account and sign-in rows, for signing
    in. The grant is transaction-local (it never leaks into the next request
    on a pooled connection) and signed (``keyring_net.rls``), so the app
    role's own SQL cannot widen it. Call it inside ``transaction.atomic()``.
    A no-op on SQLite.
    """
    if connection.vendor != "postgresql":
        return
    grant = Grant(
        mode="identify" if identify else "none",
        organisation_id=organisation_id,
        person_id=person_id,
    )
    _, binding = _read_grant()
    _write_token(make_token(grant, binding))


_MODE_ORDER = {mode: rank for rank, mode in enumerate(MODES)}


@contextmanager
def _database_grant(
    *, mode: str | None = None, person_id: int | None = None, organisation_id: int | None = None
) -> Iterator[None]:
    """Widen this transaction's grant for the block only: to at least
    ``mode``, to ``person_id`` as the person, or to ``organisation_id`` as
    the organisation. The rest of the grant stays.

    Private: the ways in are the context managers above, whose names say what
    they open up.

    The grant lasts until the transaction ends, so on PostgreSQL the block
    runs inside ``transaction.atomic()`` (a savepoint when a transaction is
    already open). The old grant comes back on the way out, however the
    block ends:

    * an exception rolls back the savepoint or transaction, and the grant
      with it (so no query is sent to a transaction an error may have broken);
    * a normal exit from the outermost transaction commits, which ends it;
    * a normal exit from a savepoint releases it, which keeps it: so then the
      old token is written back explicitly (tokens check themselves, so the
      old one is good again in the same transaction).

    A no-op on SQLite.
    """
    if connection.vendor != "postgresql":
        yield
        return
    outermost = connection.get_autocommit() and not connection.in_atomic_block
    with transaction.atomic():
        previous, binding = _read_grant()
        current = read_token(previous, binding) or Grant()
        if mode is not None and _MODE_ORDER[mode] > _MODE_ORDER[current.mode]:
            current = replace(current, mode=mode)
        if person_id is not None:
            current = replace(current, person_id=person_id)
        if organisation_id is not None:
            current = replace(current, organisation_id=organisation_id)
        _write_token(make_token(current, binding))
        yield
        if not outermost:
            _write_token(previous)


def _read_grant() -> tuple[str, str]:
    """This transaction's ``app.rls`` token as it stands, and what names the
    transaction (for making a new one)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT current_setting(%s, true), {BINDING_SQL}", [GRANT_SETTING])
        token, binding = cursor.fetchone()
        return token or "", binding


def _write_token(token: str) -> None:
    """Transaction-local: it can never outlive the transaction, so it cannot
    leak into the next request on a pooled or persistent connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [GRANT_SETTING, token])


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


class _OrgHistory(HistoricalRecords):
    """The change history of every ``OrgOwnedModel``, which leaves out the
    fields a model names in ``history_left_out``: bulky working data, such
    as an import's uploaded file, that would otherwise be copied into the
    history on every save without telling anyone what changed."""

    @staticmethod
    def left_out(model) -> tuple[str, ...]:
        return tuple(getattr(model, "history_left_out", ()))

    def fields_included(self, model):
        left_out = self.left_out(model)
        return [f for f in super().fields_included(model) if f.name not in left_out]

    def create_history_model(self, model, inherited):
        history = super().create_history_model(model, inherited)
        # Read back from the record itself when an old version is rebuilt.
        history._history_excluded_fields = [*self.excluded_fields, *self.left_out(model)]
        return history


class OrgOwnedModel(TenantModel):
    """Base of every tenant-owned record. Every create, change and delete is
    kept (django-simple-history): who, when, what, and, through the copied
    organisation column, for which organisation. A model may leave bulky
    working fields out of it (``history_left_out``, a tuple of names)."""

    history = _OrgHistory(inherit=True)

    class Meta:
        abstract = True


class AppendOnlyModel(TenantModel):
    """Base of tenant-owned logs that are only ever added to (who looked at
    a record, what was sent). A log of a log would add nothing, so these
    carry no change history; services never update or delete their rows."""

    class Meta:
        abstract = True
