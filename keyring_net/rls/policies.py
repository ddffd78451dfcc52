"""The policies: who may see and write each tenant table and each table of
people's accounts, and applying them after every ``migrate``.

The rules read the grant through the functions ``keyring_net.rls.grant``
makes. The policies are applied to whatever tables have an
``organisation_id`` column at that moment, so a table added by any later
migration, ours or another app's (history tables, for instance), is covered
without anyone remembering.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from keyring_net.rls.grant import install_grant_checks

POLICY_NAME = "org_isolation"

_MODE = "(SELECT keyring_rls_mode())"
_ORGANISATION = "(SELECT keyring_rls_organisation())"
_PERSON = "(SELECT keyring_rls_person())"

# Who may see or write a tenant row: the grant's organisation, or everyone's
# in ``all`` mode. No grant (or a forged one) matches nothing.
ORGANISATION_RULE = f"organisation_id = {_ORGANISATION} OR {_MODE} = 'all'"

# Tables whose USING clause also lets a person read their own rows before an
# organisation is chosen (keyring_net.actors.person_active_assignments).
# Reading only: WITH CHECK keeps the organisation rule alone.
OWN_ROWS_RULE = f"user_id = {_PERSON}"
OWN_ROWS_TABLES = frozenset({"keyring_net_roleassignment"})


def _own_rule(column: str) -> str:
    """A person's own account rows: theirs, or anyone's while signing in
    (``identify``) or across all organisations (``all``)."""
    return f"{_MODE} IN ('identify', 'all') OR {column} = {_PERSON}"


# Tenant tables whose ``user_id`` ties a person to an organisation, so the
# organisation may see their account: staff and members with a role (ended
# roles too, so history still names them), members' own logins, and
# volunteers' records (a recruit has no role until cleared).
PERSON_LINK_TABLES = ("keyring_net_roleassignment", "members_member", "volunteers_volunteerprofile")


def _person_rule(column: str, links: tuple[str, ...]) -> str:
    """People: as ``_own_rule``, and also everyone tied to the grant's
    organisation by a row of one of ``links`` (see ``PERSON_LINK_TABLES``)."""
    tied = "".join(
        f" OR EXISTS (SELECT 1 FROM {link} AS link"  # noqa: S608 (table names from a constant)
        f" WHERE link.user_id = {column} AND link.organisation_id = {_ORGANISATION})"
        for link in links
    )
    return f"{_own_rule(column)}{tied}"


# Tables without an organisation that hold people's accounts or secrets
# (password hashes, API tokens, two-step secrets and recovery codes, e-mail
# confirmation keys, sessions), each with its rule for reading and writing.
# A name that does not exist (yet) is skipped.
PERSON_TABLE_RULES = {
    "keyring_net_user": _person_rule,
    "keyring_net_historicaluser": _person_rule,
    "keyring_net_apitoken": _own_rule("user_id"),
    "authtoken_token": _own_rule("user_id"),
    "mfa_authenticator": _own_rule("user_id"),
    "account_emailaddress": _own_rule("user_id"),
    # Through the address it confirms, whose own policy then applies.
    "account_emailconfirmation": (
        "EXISTS (SELECT 1 FROM account_emailaddress AS address"
        " WHERE address.id = account_emailconfirmation.email_address_id)"
    ),
    "usersessions_usersession": _own_rule("user_id"),
    # A session row names nobody in a column, and any session key is as
    # good as a password: only the session store reads or writes it, for
    # the block of its own work (keyring_net.sessions).
    "django_session": f"{_MODE} IN ('identify', 'all')",
}


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


def policy_rules(table: str, links: tuple[str, ...] = PERSON_LINK_TABLES) -> tuple[str, str]:
    """The USING and WITH CHECK expressions of ``table``'s policy. ``links``:
    the tables of ``PERSON_LINK_TABLES`` that exist."""
    if table in PERSON_TABLE_RULES:
        rule = PERSON_TABLE_RULES[table]
        if callable(rule):
            # Qualified: inside the rule's subqueries a bare "id" would be theirs.
            rule = rule(f"{table}.id", links)
        return rule, rule
    using = ORGANISATION_RULE
    if table in OWN_ROWS_TABLES:
        using = f"{ORGANISATION_RULE} OR {OWN_ROWS_RULE}"
    return using, ORGANISATION_RULE


def _marker(table: str, links: tuple[str, ...]) -> str:
    """The comment left on a table's policy: it changes when the rules change,
    so a later ``migrate`` replaces a policy made from older rules."""
    using, check = policy_rules(table, links)
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


def person_tables(connection: BaseDatabaseWrapper) -> list[str]:
    """The tables of ``PERSON_TABLE_RULES`` that exist in the current schema."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            " AND table_name = ANY(%s) ORDER BY table_name",
            [sorted(PERSON_TABLE_RULES)],
        )
        return [name for (name,) in cursor.fetchall()]


def _person_links(tenant: list[str]) -> tuple[str, ...]:
    return tuple(link for link in PERSON_LINK_TABLES if link in tenant)


def tables_without_current_policy(connection: Any) -> list[str]:
    """Tenant and people's tables whose row-level security is not enabled
    and forced, or whose policy is missing or made from older rules; empty
    when the wall is whole. PostgreSQL only. Takes a Django connection or a
    psycopg2 one (``scripts/restore_check.py`` checks a restored copy)."""
    tenant = tenant_tables(connection)
    tables = tenant + person_tables(connection)
    if not tables:
        return []
    links = _person_links(tenant)
    with connection.cursor() as cursor:
        cursor.execute(_CURRENT_STATE_SQL, [POLICY_NAME, tables])
        current = {name: (forced, marker) for name, forced, marker in cursor.fetchall()}
    return [table for table in tables if current.get(table) != (True, _marker(table, links))]


def _statements(connection: BaseDatabaseWrapper, table: str, links: tuple[str, ...]) -> list[str]:
    quoted = connection.ops.quote_name(table)
    using, check = policy_rules(table, links)
    marker = _marker(table, links).replace("'", "''")
    return [
        f"ALTER TABLE {quoted} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {quoted} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS {POLICY_NAME} ON {quoted}",
        f"CREATE POLICY {POLICY_NAME} ON {quoted} USING ({using}) WITH CHECK ({check})",
        f"COMMENT ON POLICY {POLICY_NAME} ON {quoted} IS '{marker}'",
    ]


def apply_row_level_security(connection: BaseDatabaseWrapper) -> list[str]:
    """Enable, force and (re)create the policy on every tenant table, and on
    every table of ``PERSON_TABLE_RULES``, that lacks the current one; return
    the tables changed. The key and the functions are brought up to date
    first (``install_grant_checks``).

    Idempotent, and cheap when nothing changed: no DDL on any table but the
    key's, so ``migrate`` does not take an exclusive lock on every tenant table
    on every deploy. All or nothing: one transaction. A no-op on SQLite.
    """
    if connection.vendor != "postgresql":
        return []
    install_grant_checks(connection)
    stale = tables_without_current_policy(connection)
    links = _person_links(tenant_tables(connection)) if stale else ()
    if stale:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            for table in stale:
                for statement in _statements(connection, table, links):
                    cursor.execute(statement)
    return stale


def apply_after_migrate(using: str, verbosity: int = 1, **kwargs: Any) -> None:
    """``post_migrate`` handler. Connected for this app only, so it runs once
    per ``migrate``; every app's migrations have run by then."""
    changed = apply_row_level_security(connections[using])
    stdout = kwargs.get("stdout")
    if changed and verbosity >= 1 and stdout is not None:
        stdout.write(f"  Row-level security applied to {len(changed)} table(s).")
