"""The second wall: PostgreSQL row-level security (keyring_net/rls/).

CI connects as the ``postgres`` superuser, and superusers (and BYPASSRLS
roles) never see row-level security, so a test that kept that role would pass
whatever the policies said. Every test here therefore switches to
``keyring_app_test``, a role made like the production app role (not owner,
not superuser, NOBYPASSRLS), before it looks at a row, and each check has a
positive side (the rows are there for the right organisation) so it can fail.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core import mail
from django.core.management.sql import emit_post_migrate_signal
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.test.signals import template_rendered

from keyring_net.actors import person_active_assignments
from keyring_net.models import Role
from keyring_net.rls.grant import (
    BINDING_SQL,
    GRANT_SETTING,
    KEY_SCHEMA,
    KEY_TABLE,
    Grant,
    make_token,
)
from keyring_net.rls.policies import POLICY_NAME, apply_row_level_security
from keyring_net.tenancy import (
    all_organisations,
    own_role_assignments_readable,
    set_database_access,
    set_database_organisation,
)
from tests.factories import RoleAssignmentFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row-level security is PostgreSQL only: set DATABASE_URL to a PostgreSQL "
        "database to run these tests",
    ),
    pytest.mark.django_db,
]

APP_ROLE = "keyring_app_test"
# Three tenant tables the checks read: a plain one, one reached through
# another, and the one with the person's-own-rows exception.
TABLES = ["members_member", "networks_network", "keyring_net_roleassignment"]


@pytest.fixture
def app_role(db) -> str:
    """A role like production's app role, with the grants the app needs.

    Inside the test's transaction the role and grants vanish with its
    rollback; a transactional test commits them (IF NOT EXISTS makes that
    harmless, and the role cannot log in).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            DO $$
            BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
                    CREATE ROLE {APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS;
                END IF;
            END
            $$
            """
        )
        cursor.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE}"
        )
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}")
    return APP_ROLE


def become_app_role() -> None:
    """Act as the app role until the current transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {APP_ROLE}")
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == APP_ROLE


@contextmanager
def app_role_session() -> Iterator[None]:
    """Act as the app role across transactions and savepoints (requests open
    their own), then become the connecting role again."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {APP_ROLE}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def count(table: str, organisation_id: int) -> int:
    """Rows of ``organisation_id`` in ``table`` that this transaction can see."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {connection.ops.quote_name(table)} WHERE organisation_id = %s",
            [organisation_id],
        )
        return cursor.fetchone()[0]


def setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [name])
        return cursor.fetchone()[0] or ""


def granted() -> tuple[str, int | None, int | None]:
    """The grant as the database's own checks read it: mode, organisation,
    person."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT keyring_rls_mode(), keyring_rls_organisation(), keyring_rls_person()"
        )
        return cursor.fetchone()


def test_every_table_with_an_organisation_column_has_forced_rls_and_the_policy():
    """(a) The catalogue: found independently of keyring_net.rls, through
    pg_catalog, so a table the app code does not know about still counts."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT class.relname, class.relrowsecurity, class.relforcerowsecurity
              FROM pg_class AS class
              JOIN pg_namespace AS namespace ON namespace.oid = class.relnamespace
              JOIN pg_attribute AS attribute ON attribute.attrelid = class.oid
             WHERE namespace.nspname = current_schema()
               AND class.relkind IN ('r', 'p')
               AND attribute.attname = 'organisation_id'
               AND NOT attribute.attisdropped
            """
        )
        tables = {name: (enabled, forced) for name, enabled, forced in cursor.fetchall()}
        cursor.execute(
            """
            SELECT tablename, policyname, permissive, roles, cmd, qual, with_check
              FROM pg_policies
             WHERE schemaname = current_schema()
            """
        )
        policies = cursor.fetchall()

    assert set(TABLES) <= set(tables), "the catalogue query found too little to mean anything"
    assert {name for name, (enabled, forced) in tables.items() if not (enabled and forced)} == set()

    ours = {row[0]: row for row in policies if row[1] == POLICY_NAME}
    assert set(tables) - set(ours) == set(), "tables without the org_isolation policy"
    for table, _name, permissive, roles, cmd, qual, with_check in ours.values():
        assert (permissive, roles, cmd) == ("PERMISSIVE", ["public"], "ALL"), table
        if table not in tables:
            continue  # people's account tables: test_people_and_their_secrets_*
        organisation = "( SELECT keyring_rls_organisation() AS keyring_rls_organisation)"
        assert organisation in qual and organisation in with_check, table
        mode = "( SELECT keyring_rls_mode() AS keyring_rls_mode)"
        assert mode in qual and mode in with_check, table
        # No policy reads a setting the app role could write itself.
        assert "current_setting" not in qual + with_check, table
        # Only role assignments let a person read their own rows, and never write them.
        assert ("keyring_rls_person()" in qual) == (table == "keyring_net_roleassignment"), table
        assert "keyring_rls_person()" not in with_check, table
    # Permissive policies add up: any other one would widen what a tenant sees.
    widening = [
        (row[0], row[1]) for row in policies if row[1] != POLICY_NAME and row[2] == "PERMISSIVE"
    ]
    assert widening == []
    print(f"row-level security checked on {len(tables)} tables: {', '.join(sorted(tables))}")


def test_the_app_role_is_not_superuser_and_cannot_bypass_rls(app_role):
    """(b) Otherwise every other test here would pass vacuously."""
    become_app_role()
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (False, False)
        cursor.execute(
            "SELECT count(*) FROM pg_tables"
            " WHERE tablename = ANY(%s) AND tableowner = current_user",
            [TABLES],
        )
        assert cursor.fetchone()[0] == 0, "the app role must not own the tables"


def test_raw_sql_sees_only_the_organisation_in_app_current_org(app_role, org_a, org_b):
    """(c) Raw SQL goes round the scoped managers; row-level security does not."""
    a, b = org_a.organisation.pk, org_b.organisation.pk
    as_owner = {table: count(table, a) for table in TABLES}
    assert all(as_owner.values()), as_owner

    become_app_role()
    assert setting(GRANT_SETTING) == ""
    assert {table: count(table, a) for table in TABLES} == dict.fromkeys(TABLES, 0)

    set_database_organisation(b)
    assert {table: count(table, a) for table in TABLES} == dict.fromkeys(TABLES, 0)
    assert all(count(table, b) for table in TABLES)

    set_database_organisation(a)
    assert {table: count(table, a) for table in TABLES} == as_owner
    assert {table: count(table, b) for table in TABLES} == dict.fromkeys(TABLES, 0)

    set_database_organisation(None)
    assert {table: count(table, a) for table in TABLES} == dict.fromkeys(TABLES, 0)


def test_rows_for_another_organisation_cannot_be_written(app_role, org_a, org_b):
    """(d) WITH CHECK: no insert into, or move to, another organisation; and
    the person's-own-rows exception on role assignments is for reading only."""
    a, b = org_a.organisation.pk, org_b.organisation.pk
    become_app_role()
    set_database_organisation(a)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO networks_cluster (organisation_id, name) VALUES (%s, 'Allowed')", [a]
        )
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            cursor.execute(
                "INSERT INTO networks_cluster (organisation_id, name) VALUES (%s, 'Refused')", [b]
            )
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            cursor.execute(
                "UPDATE networks_network SET organisation_id = %s WHERE id = %s",
                [b, org_a.network.pk],
            )
        with (
            own_role_assignments_readable(org_b.admin.pk),
            pytest.raises(DatabaseError, match="row-level security"),
            transaction.atomic(),
        ):
            cursor.execute(
                "INSERT INTO keyring_net_roleassignment"
                " (organisation_id, user_id, role, granted_at)"
                " VALUES (%s, %s, 'org_admin', now())",
                [b, org_b.admin.pk],
            )
    assert count("networks_cluster", a) == 2
    set_database_organisation(b)
    assert count("networks_cluster", b) == 1


@pytest.mark.django_db(transaction=True)
def test_settings_end_with_their_transaction(app_role, org_a):
    """(e) Nothing carries over to the next transaction on the same
    connection, which is what a pooled connection's next request would get."""
    a = org_a.organisation.pk
    members_of_a = count("members_member", a)
    assert members_of_a > 0
    with transaction.atomic():
        become_app_role()
        set_database_organisation(a)
        assert count("members_member", a) == members_of_a
    with transaction.atomic():
        become_app_role()
        assert setting(GRANT_SETTING) == ""
        assert count("members_member", a) == 0

    # all_organisations() outside any transaction opens (and commits) its own.
    with all_organisations():
        assert granted()[0] == "all"
    with transaction.atomic():
        become_app_role()
        assert setting(GRANT_SETTING) == ""
        assert count("members_member", a) == 0

    assert [x.organisation_id for x in person_active_assignments(org_a.manager)] == [a]
    with transaction.atomic():
        become_app_role()
        assert setting(GRANT_SETTING) == ""
        assert count("keyring_net_roleassignment", a) == 0


def test_all_organisations_lowers_rls_for_its_block_only(app_role, org_a, org_b):
    """(f) Inside the test's transaction, so the block is a savepoint: the
    case where a released savepoint would otherwise keep the setting."""
    a, b = org_a.organisation.pk, org_b.organisation.pk
    in_a, in_b = count("members_member", a), count("members_member", b)
    assert in_a > 0 and in_b > 0
    become_app_role()
    set_database_organisation(a)

    with all_organisations():
        assert count("members_member", a) == in_a
        assert count("members_member", b) == in_b
        with all_organisations():
            assert count("members_member", b) == in_b
        assert count("members_member", b) == in_b, "leaving a nested block ended the outer one"
    assert granted() == ("none", a, None)
    assert count("members_member", a) == in_a
    assert count("members_member", b) == 0

    with pytest.raises(RuntimeError), all_organisations():
        assert count("members_member", b) == in_b
        raise RuntimeError("the block fails")
    assert granted() == ("none", a, None)
    assert count("members_member", b) == 0


def test_a_person_reads_only_their_own_roles_before_choosing(app_role, org_a, org_b):
    """The actor lookup: across organisations for the person's own rows
    only, and the same answer as the unrestricted owner gets."""
    RoleAssignmentFactory(organisation=org_b.organisation, user=org_a.manager, role=Role.ORG_ADMIN)
    as_owner = person_active_assignments(org_a.manager)
    assert {x.organisation_id for x in as_owner} == {org_a.organisation.pk, org_b.organisation.pk}

    become_app_role()
    assert person_active_assignments(org_a.manager) == as_owner
    assert person_active_assignments(org_b.clv) != []
    assert granted() == ("none", None, None)
    assert count("keyring_net_roleassignment", org_a.organisation.pk) == 0


def test_signed_in_requests_work_under_rls(client, app_role, org_a, org_b):
    """(g) The middleware's transaction and set_config, and the actor lookup,
    are enough for a role that row-level security binds.

    The page itself shows what the actor lookup found; to see what the
    middleware's setting lets the view read, a probe counts members while
    the page's template renders (inside the request's transaction).
    """
    a, b = org_a.organisation.pk, org_b.organisation.pk
    members_of_a = count("members_member", a)
    assert members_of_a > 0
    client.force_login(org_a.clv)  # as the owner: sessions are not tenant rows
    seen_while_rendering: list[tuple[int, int]] = []

    def probe(**kwargs) -> None:
        if not seen_while_rendering:
            seen_while_rendering.append((count("members_member", a), count("members_member", b)))

    template_rendered.connect(probe, dispatch_uid="test_rls.probe")
    try:
        with app_role_session():
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_user")
                assert cursor.fetchone()[0] == APP_ROLE
            assert count("members_member", a) == 0  # the wall is up outside a request
            home = client.get("/")
            me = client.get("/api/v1/me/")
    finally:
        template_rendered.disconnect(dispatch_uid="test_rls.probe")

    assert seen_while_rendering == [(members_of_a, 0)]
    assert home.status_code == 200
    page = home.content.decode()
    assert org_a.organisation.name in page
    assert org_b.organisation.name not in page
    assert me.status_code == 200
    assert me.json()["organisation"]["id"] == org_a.organisation.pk
    assert [o["id"] for o in me.json()["organisations"]] == [org_a.organisation.pk]
    assert {r["role"] for r in me.json()["roles"]} == {Role.CLV}


def test_policies_are_applied_after_every_migrate_to_new_and_changed_tables():
    """The post_migrate handler covers a table added later (as a history
    table would be) and repairs a dropped policy; when nothing changed it
    changes nothing. DDL is transactional, so the test's rollback undoes it."""
    assert apply_row_level_security(connection) == []
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE rls_probe (id bigint PRIMARY KEY, organisation_id bigint)")
        cursor.execute(f"DROP POLICY {POLICY_NAME} ON networks_network")

        emit_post_migrate_signal(0, False, connection.alias)

        cursor.execute(
            """
            SELECT class.relname, class.relrowsecurity, class.relforcerowsecurity
              FROM pg_class AS class
              JOIN pg_policy AS policy ON policy.polrelid = class.oid AND policy.polname = %s
             WHERE class.relname IN ('rls_probe', 'networks_network')
            """,
            [POLICY_NAME],
        )
        assert sorted(cursor.fetchall()) == [
            ("networks_network", True, True),
            ("rls_probe", True, True),
        ]
    assert apply_row_level_security(connection) == []


# --- Issue 14: the app role cannot lift the wall from inside ------------------

# Tables of people's accounts and their secrets, and how to count them.
PEOPLE_TABLES = [
    "keyring_net_user",
    "keyring_net_historicaluser",
    "keyring_net_apitoken",
    "mfa_authenticator",
    "account_emailaddress",
    "usersessions_usersession",
    "django_session",
]


def existing(tables: list[str]) -> list[str]:
    """``tables`` that exist (an API token table may arrive from another change)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = current_schema() AND table_name = ANY(%s)",
            [tables],
        )
        found = {name for (name,) in cursor.fetchall()}
    return [table for table in tables if table in found]


def rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
        return cursor.fetchone()[0]


def people_and_secrets(org) -> None:
    """Give ``org``'s CLV (two-step already) a session, an API token and an
    e-mail address row, so every people table has rows to hide."""
    from allauth.account.models import EmailAddress
    from allauth.usersessions.models import UserSession
    from django.contrib.sessions.backends.db import SessionStore

    from tests.helpers import api_token_for

    api_token_for(org.clv)
    EmailAddress.objects.get_or_create(user=org.clv, email=org.clv.email, primary=True)
    session = SessionStore()
    session["_auth_user_id"] = str(org.clv.pk)
    session.create()
    UserSession.objects.create(user=org.clv, session_key=session.session_key, ip="127.0.0.1")


def test_people_and_their_secrets_are_hidden_without_a_grant(app_role, org_a, org_b):
    """Before issue 14 these tables had no policy: the app role read every
    account, password hash, API token and two-step secret with no
    organisation chosen."""
    people_and_secrets(org_a)
    tables = existing(PEOPLE_TABLES)
    as_owner = {table: rows(table) for table in tables}
    assert all(as_owner[table] for table in PEOPLE_TABLES), as_owner

    become_app_role()
    assert {table: rows(table) for table in tables} == dict.fromkeys(tables, 0)

    # Signing in: every account and sign-in row, but no organisation's records.
    set_database_access(identify=True)
    assert {table: rows(table) for table in tables} == as_owner
    assert count("members_member", org_a.organisation.pk) == 0


def test_the_app_role_cannot_widen_its_own_view(app_role, org_a, org_b):
    """The old settings, a hand-made token and a token made for another
    transaction all leave the app role in its own organisation."""
    a, b = org_a.organisation.pk, org_b.organisation.pk
    in_a = count("members_member", a)
    people_of_b = rows("keyring_net_user")
    become_app_role()
    set_database_organisation(a)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + BINDING_SQL)
        binding = cursor.fetchone()[0]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('app.all_organisations', 'on', false)")
            cursor.execute("SELECT set_config('app.current_org', %s, false)", [str(b)])
        assert count("members_member", b) == 0
        assert count("members_member", a) == in_a

        pid, started = binding.split(":", 1)
        forged = [
            # Signed with a guessed key.
            _signed(f"all:::{binding}", b"guess"),
            # The right form with no key at all.
            _signed(f"all:::{binding}", b""),
            # Made with the real key, for another connection or transaction.
            make_token(Grant(mode="all"), f"{int(pid) + 1}:{started}"),
            make_token(Grant(mode="all"), f"{pid}:{float(started) - 1}"),
        ]
        for token in forged:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, %s, true)", [GRANT_SETTING, token])
            assert granted() == ("none", None, None), token
            assert count("members_member", b) == 0
            assert count("members_member", a) == 0
            assert rows("keyring_net_user") == 0
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET app.all_organisations")
            cursor.execute("RESET app.current_org")
    assert people_of_b > 0


def _signed(payload: str, key: bytes) -> str:
    return f"{payload}:{hashlib.sha256(payload.encode() + key).hexdigest()}"


def test_the_key_and_the_checks_are_out_of_the_app_roles_reach(app_role):
    """The key table cannot be read (even though the app role was granted
    every table in ``public`` after it was made), granted, or replaced, and
    the functions the policies call cannot be changed."""
    become_app_role()
    attempts = [
        f"SELECT key FROM {KEY_TABLE}",
        f"GRANT SELECT ON {KEY_TABLE} TO {APP_ROLE}",
        f"UPDATE {KEY_TABLE} SET key = 'x'",
        "CREATE OR REPLACE FUNCTION public.keyring_rls_mode() RETURNS text"
        " LANGUAGE sql STABLE AS $$ SELECT 'all' $$",
        "ALTER TABLE members_member NO FORCE ROW LEVEL SECURITY",
    ]
    for statement in attempts:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    with connection.cursor() as cursor:
        cursor.execute("SELECT has_schema_privilege(%s, %s, 'USAGE')", [APP_ROLE, KEY_SCHEMA])
        assert cursor.fetchone() == (False,)
        cursor.execute("RESET ROLE")
        cursor.execute(
            "SELECT has_table_privilege(%s, %s, 'SELECT')"
            " OR has_table_privilege('public', %s, 'SELECT')",
            [APP_ROLE, KEY_TABLE, KEY_TABLE],
        )
        assert cursor.fetchone() == (False,)


@pytest.mark.django_db(transaction=True)
def test_a_token_copied_into_another_transaction_is_worthless(app_role, org_a, org_b):
    b = org_b.organisation.pk
    in_b = count("members_member", b)
    assert in_b > 0
    with all_organisations():
        token = setting(GRANT_SETTING)
        assert count("members_member", b) == in_b
    with transaction.atomic():
        become_app_role()
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, true)", [GRANT_SETTING, token])
        assert setting(GRANT_SETTING) == token
        assert granted() == ("none", None, None)
        assert count("members_member", b) == 0


def test_in_an_organisation_only_its_people_and_your_own_secrets(app_role, org_a, org_b):
    """Colleagues and members of the organisation are visible (their names
    are on its pages); nobody else is, and of the sign-in rows only the
    person's own."""
    from keyring_net.models import User

    people_and_secrets(org_a)
    people_and_secrets(org_b)
    a, b = org_a.organisation.pk, org_b.organisation.pk
    people_of_a = set(
        User.objects.filter(role_assignments__organisation_id=a).values_list("pk", flat=True)
    )
    assert org_a.clv.pk in people_of_a and org_b.clv.pk not in people_of_a

    become_app_role()
    set_database_access(organisation_id=a, person_id=org_a.clv.pk)
    assert set(User.objects.values_list("pk", flat=True)) == people_of_a
    for table in ("keyring_net_apitoken", "mfa_authenticator", "usersessions_usersession"):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT user_id FROM {table}")
            assert [user for (user,) in cursor.fetchall()] == [org_a.clv.pk], table
    assert rows("django_session") == 0

    set_database_organisation(b)  # a task: no person
    assert org_b.clv.pk in set(User.objects.values_list("pk", flat=True))
    assert rows("mfa_authenticator") == 0


def test_policies_run_their_checks_once_per_query(app_role, org_a):
    """The grant is checked in an InitPlan (once per query), never per row."""
    become_app_role()
    set_database_organisation(org_a.organisation.pk)
    for table in ("members_member", "keyring_net_user", "mfa_authenticator"):
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN SELECT * FROM {table}")
            plan = "\n".join(line for (line,) in cursor.fetchall())
        assert "InitPlan" in plan, plan
        assert "keyring_rls" not in plan.split("InitPlan")[0], plan


def test_signing_in_and_token_calls_work_under_rls(
    client, app_role, org_a, org_b, django_capture_on_commit_callbacks
):
    """Password and two-step code, then a signed-in page; an API call with a
    token; a member signing in with an e-mailed code: all as the app role,
    which sees no account outside them."""
    from allauth.mfa.models import Authenticator

    from keyring_net.two_step import current_code
    from tests.conftest import TEST_TOTP_SECRET
    from tests.factories import TEST_PASSWORD
    from tests.helpers import api_token_for

    token_key = api_token_for(org_a.manager)
    own_devices = Authenticator.objects.filter(user=org_a.clv).count()
    assert own_devices > 0
    seen_while_rendering: list[tuple[int, int]] = []

    def probe(**kwargs) -> None:
        if not seen_while_rendering:
            seen_while_rendering.append((rows("keyring_net_user"), rows("mfa_authenticator")))

    template_rendered.connect(probe, dispatch_uid="test_rls.sign_in_probe")
    try:
        with app_role_session():
            assert rows("keyring_net_user") == 0
            password = client.post(
                "/accounts/login/", {"login": org_a.clv.email, "password": TEST_PASSWORD}
            )
            assert password.status_code == 302, password.content.decode()[:2000]
            assert password["Location"] == "/accounts/2fa/authenticate/"
            code = client.post(
                "/accounts/2fa/authenticate/", {"code": current_code(TEST_TOTP_SECRET)}
            )
            assert code.status_code == 302, code.content.decode()[:2000]
            seen_while_rendering.clear()
            home = client.get("/")
            api = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token_key}")
            member = Client()
            with django_capture_on_commit_callbacks(execute=True):  # the code's e-mail
                asked = member.post("/accounts/login/code/", {"email": org_a.member_user.email})
            assert asked.status_code == 302
            code = re.search(r"^\s*([A-Z0-9-]{6,9})\s*$", mail.outbox[-1].body, re.M).group(1)
            signed_in = member.post("/accounts/login/code/confirm/", {"code": code}, follow=True)
    finally:
        template_rendered.disconnect(dispatch_uid="test_rls.sign_in_probe")

    assert home.status_code == 200
    assert org_a.clv.full_name in home.content.decode()
    assert org_b.clv.full_name not in home.content.decode()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(DISTINCT user_id) FROM keyring_net_roleassignment"
            " WHERE organisation_id = %s",
            [org_a.organisation.pk],
        )
        people_of_a = cursor.fetchone()[0]
    # While the page rendered: the organisation's people, one's own devices.
    assert seen_while_rendering[0] == (people_of_a, own_devices)
    assert api.status_code == 200
    assert api.json()["organisation"]["id"] == org_a.organisation.pk
    assert signed_in.redirect_chain[-1][0] == "/my/"
    assert signed_in.status_code == 200


def test_inviting_and_signing_out_someone_work_under_rls(app_role, org_a, org_b):
    """Two services reach past the organisation's own people on purpose:
    inviting someone who already has an account elsewhere, and signing a
    person out everywhere (their sessions and tokens are not the admin's)."""
    from allauth.usersessions.models import UserSession
    from django.contrib.sessions.models import Session

    from keyring_net.actors import Actor
    from keyring_net.models import ApiToken
    from keyring_net.services import person_deactivate, person_invite
    from keyring_net.tenancy import organisation_scope

    people_and_secrets(org_b)
    someone = org_b.clv
    session_keys = list(
        UserSession.objects.filter(user=someone).values_list("session_key", flat=True)
    )
    assert session_keys and ApiToken.objects.filter(user=someone, revoked_at=None).exists()
    a = org_a.organisation.pk

    become_app_role()
    set_database_access(organisation_id=a, person_id=org_a.admin.pk)
    actor = Actor.for_user(org_a.admin, a)
    with organisation_scope(org_a.organisation):
        assignment = person_invite(
            actor=actor,
            email=someone.email.upper(),
            full_name="Someone",
            role=Role.CLV,
            base_url="https://keyring.example",
            network=org_a.network,
        )
        assert assignment.user_id == someone.pk
        assert person_deactivate(actor=actor, person=someone) == 1

    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
    assert not ApiToken.objects.filter(user=someone, revoked_at=None).exists()
    assert not UserSession.objects.filter(user=someone).exists()
    assert not Session.objects.filter(session_key__in=session_keys).exists()
