"""PostgreSQL row-level security: the second wall of tenant isolation.

The first wall is the scoped managers (``keyring_net.tenancy``). They cannot
see raw SQL, ``_base_manager`` or Django internals; this wall can. Every table
with an ``organisation_id`` column gets a policy that lets a transaction see
and write only the rows of the organisation named in ``app.current_org``,
unless ``app.all_organisations`` is ``on``. The role assignment table also
lets a person read their own rows (``app.current_user``) before an
organisation is chosen. The settings are transaction-local and set only by
``keyring_net.tenancy``; DEVELOPERS.md ("Row-level security") has the
production roles.

The policies are applied after every ``migrate`` (a ``post_migrate`` handler,
connected in ``KeyringNetConfig.ready``), to whatever tables have the column
at that moment, so a table added by any later migration, ours or another
app's (history tables, for instance), is covered without anyone remembering.
SQLite has no row-level security: there the scoped managers stand alone.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

POLICY_NAME = "org_isolation"

# Who may see or write a tenant row. NULLIF turns an unset or cleared setting
# ('' after a reset) into NULL, so "no organisation" matches nothing instead
# of failing the bigint cast.
ORGANISATION_RULE = (
    "organisation_id = NULLIF(current_setting('app.current_org', true), '')::bigint"
    " OR current_setting('app.all_organisations', true) = 'on'"
)

# Tables whose USING clause also lets a person read their own rows before an
# organisation is chosen (keyring_net.actors.person_active_assignments).
# Reading only: WITH CHECK keeps the organisation rule alone.
OWN_ROWS_RULE = "user_id = NULLIF(current_setting('app.current_user', true), '')::bigint"
OWN_ROWS_TABLES = frozenset({"keyring_net_roleassignment"})

_TENANT_TABLES_SQL = """
    SELECT columns.table_name
      FROM information_schema.columns AS columns
      JOIN information_schema.tables AS tables
        ON tables.table_schema = columns.table_schema
       AND tables.table_name = columns.table_name
     WHERE columns.table_schema = current_schema()
       AND columns.column_name = 'organisation_id'
       AND tables.table_type = 'BASE TABLE'
     ORDER BY columns.table_name
"""

# What each table has now: RLS enabled and forced, and the comment we left on
# our policy (which names the rules it was made from).
_CURRENT_STATE_SQL = """
    SELECT class.relname,
           class.relrowsecurity AND class.relforcerowsecurity,
           obj_description(policy.oid, 'pg_policy')
      FROM pg_class AS class
      JOIN pg_namespace AS namespace
        ON namespace.oid = class.relnamespace AND namespace.nspname = current_schema()
      LEFT JOIN pg_policy AS policy
        ON policy.polrelid = class.oid AND policy.polname = %s
     WHERE class.relname = ANY(%s)
"""


def policy_rules(table: str) -> tuple[str, str]:
    """The USING and WITH CHECK expressions of ``table``'s policy."""
    using = ORGANISATION_RULE
    if table in OWN_ROWS_TABLES:
        using = f"{ORGANISATION_RULE} OR {OWN_ROWS_RULE}"
    return using, ORGANISATION_RULE


def _marker(table: str) -> str:
    """The comment left on a table's policy: it changes when the rules change,
    so a later ``migrate`` replaces a policy made from older rules."""
    using, check = policy_rules(table)
    digest = hashlib.sha256(f"{using}\n{check}".encode()).hexdigest()[:16]
    return f"keyring_net.rls {digest}"


def tenant_tables(connection: BaseDatabaseWrapper) -> list[str]:
    """Every table in the current schema with an ``organisation_id`` column.

    Read from the database, not from the models, so tables Django apps make
    for us (history tables) are found too.
    """
    with connection.cursor() as cursor:
        cursor.execute(_TENANT_TABLES_SQL)
        return [name for (name,) in cursor.fetchall()]


def tables_without_current_policy(connection: Any) -> list[str]:
    """Tenant tables whose row-level security is not enabled and forced, or
    whose policy is missing or made from older rules; empty when the wall is
    whole. PostgreSQL only. Takes a Django connection or a psycopg2 one
    (``scripts/restore_check.py`` checks a restored copy with it)."""
    tables = tenant_tables(connection)
    if not tables:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_CURRENT_STATE_SQL, [POLICY_NAME, tables])
        current = {name: (forced, marker) for name, forced, marker in cursor.fetchall()}
    return [table for table in tables if current.get(table) != (True, _marker(table))]


def _statements(connection: BaseDatabaseWrapper, table: str) -> list[str]:
    quoted = connection.ops.quote_name(table)
    using, check = policy_rules(table)
    marker = _marker(table).replace("'", "''")
    return [
        f"ALTER TABLE {quoted} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {quoted} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS {POLICY_NAME} ON {quoted}",
        f"CREATE POLICY {POLICY_NAME} ON {quoted} USING ({using}) WITH CHECK ({check})",
        f"COMMENT ON POLICY {POLICY_NAME} ON {quoted} IS '{marker}'",
    ]


def apply_row_level_security(connection: BaseDatabaseWrapper) -> list[str]:
    """Enable, force and (re)create the policy on every tenant table that
    lacks the current one; return the tables changed.

    Idempotent, and cheap when nothing changed: two catalogue reads and no
    DDL, so ``migrate`` does not take an exclusive lock on every tenant table
    on every deploy. All or nothing: one transaction. A no-op on SQLite.
    """
    if connection.vendor != "postgresql":
        return []
    stale = tables_without_current_policy(connection)
    if stale:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            for table in stale:
                for statement in _statements(connection, table):
                    cursor.execute(statement)
    return stale


def apply_after_migrate(using: str, verbosity: int = 1, **kwargs: Any) -> None:
    """``post_migrate`` handler. Connected for this app only, so it runs once
    per ``migrate``; every app's migrations have run by then."""
    changed = apply_row_level_security(connections[using])
    stdout = kwargs.get("stdout")
    if changed and verbosity >= 1 and stdout is not None:
        stdout.write(f"  Row-level security applied to {len(changed)} table(s).")
