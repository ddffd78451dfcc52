"""The grant: what one transaction may see, as a signed token, and the
owner-only key and database functions that check it.

A grant lives in one transaction-local setting, ``app.rls``: the mode
(``none``, ``identify`` or ``all``), the organisation, the person, and the
database session and transaction it was made for, followed by
``sha256(payload || key)``. The key is derived from ``SECRET_KEY``; the owning
role writes it after every ``migrate`` into ``keyring_rls.signing_key``, a
table in a schema that only the owner can use. The policies
(``keyring_net.rls.policies``) call the ``SECURITY DEFINER`` functions made
here, which check the token against that key. Only ``keyring_net.tenancy``
makes tokens.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

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


def install_grant_checks(connection: BaseDatabaseWrapper) -> None:
    """Create (or bring up to date) the owner-only key table, store the key,
    and create the functions the policies call. Run as the owning role."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in _SETUP_SQL:
            cursor.execute(statement)
        cursor.execute(_STORE_KEY_SQL, [signing_key()])
