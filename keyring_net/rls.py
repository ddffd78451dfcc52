"""PostgreSQL row-level security: the second wall of tenant isolation.

The first wall is the scoped managers (``keyring_net.tenancy``). They cannot
see raw SQL, ``_base_manager`` or Django internals; this wall can. Every table
with an ``organisation_id`` column gets a policy that lets a transaction see
and write only the rows of its organisation, unless it works across all of
them. People's accounts and their sign-in rows (passwords, API tokens,
two-step secrets, e-mail addresses, sessions) get policies too.

What a transaction may see is a *grant*, held in one transaction-local
setting, ``app.rls``, as a signed token: the mode (``none``, ``identify`` or
``all``), the organisation, the person, and the database session and
transaction it was made for, followed by ``sha256(payload || key)``. The key
is derived from ``SECRET_KEY``; the owning role writes it after every
``migrate`` into ``keyring_rls.signing_key``, a table in a schema that only
the owner can use. The policies call small ``SECURITY DEFINER`` functions
that check the token against that key, so the app role, which can write any
setting but cannot read the key, cannot make a token that widens its view,
and a token copied from another transaction or connection is worthless.
Only ``keyring_net.tenancy`` makes tokens; DEVELOPERS.md ("Row-level
security") has the modes and the production roles.

The policies are applied after every ``migrate`` (a ``post_migrate`` handler,
connected in ``KeyringNetConfig.ready``), to whatever tables have the column
at that moment, so a table added by any later migration, ours or another
app's (history tables, for instance), is covered without anyone remembering.
SQLite has no row-level security: there the scoped managers stand alone.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

POLICY_NAME = "org_isolation"

# The one setting the policies read, and the owner-only place of the key.
GRANT_SETTING = "app.rls"
KEY_SCHEMA = "keyring_rls"
KEY_TABLE = f"{KEY_SCHEMA}.signing_key"

MODES = ("none", "identify", "all")


@dataclass(frozen=True)
class Grant:
    """What one transaction may see.

    ``mode``: ``none`` (only what the organisation and person below allow),
    ``identify`` (also every person's account and sign-in rows, but no
    organisation's records: for signing in, before anyone is known) or
    ``all`` (everything: what the tenancy core gives the reviewed places that
    cross organisations).
    """

    mode: str = "none"
    organisation_id: int | None = None
    person_id: int | None = None


def signing_key() -> bytes:
    """The key that signs grants, derived from ``SECRET_KEY`` with a fixed
    label, so there is nothing new to configure (run ``migrate`` after
    changing ``SECRET_KEY``, which stores the new key)."""
    return hmac.new(
        settings.SECRET_KEY.encode(), b"keyring_net.rls grant signing key", hashlib.sha256
    ).digest()


def _payload(grant: Grant, binding: str) -> str:
    organisation = "" if grant.organisation_id is None else str(int(grant.organisation_id))
    person = "" if grant.person_id is None else str(int(grant.person_id))
    return f"{grant.mode}:{organisation}:{person}:{binding}"


def make_token(grant: Grant, binding: str) -> str:
    """The signed ``app.rls`` value for ``grant`` in the transaction named by
    ``binding`` (``BINDING_SQL``)."""
    if grant.mode not in MODES:
        raise ValueError(f"unknown row-level security mode {grant.mode!r}")
    payload = _payload(grant, binding)
    signature = hashlib.sha256(payload.encode() + signing_key()).hexdigest()
    return f"{payload}:{signature}"


def read_token(token: str, binding: str) -> Grant | None:
    """The grant ``token`` carries, or ``None`` when it is empty, forged, or
    made for another transaction: the same checks as the database's."""
    parts = token.split(":")
    if len(parts) != 6 or parts[0] not in MODES:
        return None
    try:
        grant = Grant(
            mode=parts[0],
            organisation_id=int(parts[1]) if parts[1] else None,
            person_id=int(parts[2]) if parts[2] else None,
        )
    except ValueError:
        return None
    if not hmac.compare_digest(make_token(grant, binding), token):
        return None
    return grant


# Names this connection and transaction: a token made for one is worthless in
# any other. Read in the same form by the database's check below.
BINDING_SQL = (
    "pg_catalog.pg_backend_pid()::text || ':'"
    " || extract(epoch FROM pg_catalog.transaction_timestamp())::text"
)

# The owner-only key, and the functions the policies call. The functions are
# SECURITY DEFINER (they run as the owner, who alone may read the key), with a
# fixed search_path (pg_catalog first, the session's temporary schema last,
# everything of ours named in full) so nobody can slip in look-alike
# functions or tables. They are left
# PARALLEL UNSAFE on purpose: a parallel worker has another backend pid, so
# it would see no grant. Each policy wraps each call in a scalar subquery,
# which PostgreSQL runs once per query (an InitPlan), not once per row.
_SETUP_SQL = [
    f"CREATE SCHEMA IF NOT EXISTS {KEY_SCHEMA}",
    f"REVOKE ALL ON SCHEMA {KEY_SCHEMA} FROM PUBLIC",
    f"""
    CREATE TABLE IF NOT EXISTS {KEY_TABLE} (
        id integer PRIMARY KEY CHECK (id = 1),
        key bytea NOT NULL
    )
    """,
    f"REVOKE ALL ON {KEY_TABLE} FROM PUBLIC",
    # Default privileges (DEVELOPERS.md grants the app role every new table)
    # or a later GRANT ... ON ALL TABLES must not open the key to anyone.
    f"""
    DO $$
    DECLARE
        other name;
    BEGIN
        FOR other IN
            SELECT DISTINCT roles.rolname
              FROM pg_catalog.pg_class AS class,
                   LATERAL pg_catalog.aclexplode(class.relacl) AS acl
              JOIN pg_catalog.pg_roles AS roles ON roles.oid = acl.grantee
             WHERE class.oid = '{KEY_TABLE}'::regclass AND acl.grantee <> class.relowner
        LOOP
            EXECUTE format('REVOKE ALL ON {KEY_TABLE} FROM %I', other);
        END LOOP;
        FOR other IN
            SELECT DISTINCT roles.rolname
              FROM pg_catalog.pg_namespace AS namespace,
                   LATERAL pg_catalog.aclexplode(namespace.nspacl) AS acl
              JOIN pg_catalog.pg_roles AS roles ON roles.oid = acl.grantee
             WHERE namespace.nspname = '{KEY_SCHEMA}' AND acl.grantee <> namespace.nspowner
        LOOP
            EXECUTE format('REVOKE ALL ON SCHEMA {KEY_SCHEMA} FROM %I', other);
        END LOOP;
    END
    $$
    """,  # noqa: S608 (only the constants above)
    f"""
    CREATE OR REPLACE FUNCTION public.keyring_rls_claims() RETURNS text[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
    DECLARE
        token text := current_setting('{GRANT_SETTING}', true);
        parts text[];
        payload text;
    BEGIN
        IF token IS NULL OR token = '' THEN
            RETURN NULL;
        END IF;
        parts := string_to_array(token, ':');
        IF cardinality(parts) <> 6 OR parts[1] NOT IN ('none', 'identify', 'all') THEN
            RETURN NULL;
        END IF;
        payload := array_to_string(parts[1:5], ':');
        IF parts[4] || ':' || parts[5] <> {BINDING_SQL} THEN
            RETURN NULL;  -- made for another connection or transaction
        END IF;
        IF parts[6] IS DISTINCT FROM encode(
            sha256(convert_to(payload, 'UTF8') || (SELECT key FROM {KEY_TABLE} WHERE id = 1)),
            'hex'
        ) THEN
            RETURN NULL;  -- not signed with the key
        END IF;
        RETURN parts[1:3];
    END
    $$
    """,  # noqa: S608 (only the constants above)
    """
    CREATE OR REPLACE FUNCTION public.keyring_rls_mode() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT coalesce((public.keyring_rls_claims())[1], 'none') $$
    """,
    """
    CREATE OR REPLACE FUNCTION public.keyring_rls_organisation() RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT nullif((public.keyring_rls_claims())[2], '')::bigint $$
    """,
    """
    CREATE OR REPLACE FUNCTION public.keyring_rls_person() RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT nullif((public.keyring_rls_claims())[3], '')::bigint $$
    """,
]

_STORE_KEY_SQL = f"""
    INSERT INTO {KEY_TABLE} (id, key) VALUES (1, %s)
    ON CONFLICT (id) DO UPDATE SET key = EXCLUDED.key
    WHERE {KEY_TABLE}.key IS DISTINCT FROM EXCLUDED.key
"""  # noqa: S608 (only the constants above)

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


def install_grant_checks(connection: BaseDatabaseWrapper) -> None:
    """Create (or bring up to date) the owner-only key table, store the key,
    and create the functions the policies call. Run as the owning role."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in _SETUP_SQL:
            cursor.execute(statement)
        cursor.execute(_STORE_KEY_SQL, [signing_key()])


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
