"""PostgreSQL row-level security: the second wall of tenant isolation.

Two parts: ``grant`` (the signed token naming what a transaction may see,
and the database functions that check it) and ``policies`` (the rules on
every table, applied after each ``migrate``).

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
