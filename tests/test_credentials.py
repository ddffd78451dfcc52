"""Credentials at rest: API tokens are kept only as hashes and shown once;
two-step secrets are encrypted. Each check reads the database with SQL, as
someone holding a copy of it would."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.utils import decrypt
from cryptography.fernet import Fernet
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from keyring_net.api import tokens as api_tokens
from keyring_net.models import ApiToken
from keyring_net.two_step import current_code
from tests.conftest import TEST_TOTP_SECRET
from tests.factories import TEST_PASSWORD
from tests.helpers import api_token_for

pytestmark = pytest.mark.django_db


def me(client, key: str):
    return client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")


def raw_rows(sql: str, params=()) -> str:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return repr(cursor.fetchall())


# --- API tokens --------------------------------------------------------------


def test_the_database_keeps_a_hash_of_the_key_never_the_key(org_a):
    key = api_token_for(org_a.clv)
    secret_part = key[api_tokens.PREFIX_LENGTH :]
    for table in ("keyring_net_apitoken", "keyring_net_historicalapitoken"):
        stored = raw_rows(f"SELECT * FROM {table}")
        assert key[: api_tokens.PREFIX_LENGTH] in stored
        assert key not in stored
        assert secret_part not in stored
    assert raw_rows("SELECT key_hash FROM keyring_net_apitoken") == repr(
        [(api_tokens.key_hash(key),)]
    )


def test_a_key_works_once_shown_and_a_wrong_one_is_401(client, org_a):
    key = api_token_for(org_a.manager)
    assert key.startswith("krn_") and len(key) >= 40
    assert me(client, key).json()["email"] == org_a.manager.email
    wrong = key[:-1] + ("A" if key[-1] != "A" else "B")  # same prefix, other key
    for bad in (wrong, api_tokens.new_key(), key[: api_tokens.PREFIX_LENGTH]):
        response = me(client, bad)
        assert response.status_code == 401
        assert response.json() == {"detail": "Invalid token."}


def test_a_revoked_key_is_401(client, org_a):
    key = api_token_for(org_a.clv)
    token = ApiToken.objects.get(user=org_a.clv)
    client.force_login(org_a.clv)
    assert client.post(f"/api-tokens/{token.pk}/revoke/").status_code == 302
    client.logout()
    assert me(client, key).status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.history.filter(history_user=org_a.clv, revoked_at__isnull=False).exists()


def test_a_deactivated_persons_key_is_401(client, org_a):
    key = api_token_for(org_a.clv)
    other_key = api_token_for(org_a.manager)
    client.force_login(org_a.admin)
    assert client.post(f"/organisation/people/{org_a.clv.pk}/deactivate/").status_code == 302
    client.logout()
    assert me(client, key).status_code == 401
    token = ApiToken.objects.get(user=org_a.clv)
    assert token.revoked_at is not None
    assert token.history.filter(history_user=org_a.admin).exists()
    assert me(client, other_key).status_code == 200
    # An account switched off some other way is refused too, revoked or not.
    org_a.manager.is_active = False
    org_a.manager.save(update_fields=["is_active"])
    assert me(client, other_key).status_code == 401


def test_the_token_page_shows_the_key_once_only(client, org_a):
    client.force_login(org_a.clv)
    response = client.post("/api-tokens/", {"name": "Rota spreadsheet"})
    assert response.status_code == 200
    html = response.content.decode()
    token = ApiToken.objects.get(user=org_a.clv)
    key = html.split('id="new-token-key">')[1].split("<")[0]
    assert key.startswith(token.prefix) and api_tokens.key_hash(key) == token.key_hash
    assert "It will not be shown again" in html
    assert "no-store" in response["Cache-Control"]
    assert me(client.__class__(), key).status_code == 200

    later = client.get("/api-tokens/").content.decode()
    assert "Rota spreadsheet" in later and token.prefix in later
    assert key not in later and "not be shown again" not in later
    assert key not in repr(dict(client.session))


def test_a_token_needs_a_name_said_in_plain_words(client, org_a):
    client.force_login(org_a.clv)
    response = client.post("/api-tokens/", {"name": "   "})
    html = response.content.decode()
    assert "Say what the token is for, so you can tell your tokens apart." in html
    assert 'id="new-token-key"' not in html
    assert not ApiToken.objects.exists()


def test_last_used_is_written_at_most_once_an_hour(client, org_a):
    key = api_token_for(org_a.clv)
    token = ApiToken.objects.get(user=org_a.clv)
    assert token.last_used_at is None

    def updates() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert me(client, key).status_code == 200
        return sum(1 for q in queries if q["sql"].startswith("UPDATE") and "apitoken" in q["sql"])

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert updates() == 1
        assert updates() == 0
    with time_machine.travel(start + datetime.timedelta(minutes=59), tick=False):
        assert updates() == 0
    with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        assert updates() == 1
    token.refresh_from_db()
    assert token.last_used_at == start + datetime.timedelta(minutes=61)
    assert token.history.count() == 1  # being used leaves no history


def test_the_schema_still_shows_the_token_scheme(client, org_a):
    client.force_login(org_a.manager)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert '"tokenAuth"' in schema or "tokenAuth:" in schema


# --- Two-step secrets --------------------------------------------------------


def sign_in_with_two_step(client, user, code: str):
    response = client.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    return client.post("/accounts/2fa/authenticate/", {"code": code})


def test_stored_two_step_secrets_are_encrypted_and_sign_in_still_works(client, org_a):
    stored = raw_rows("SELECT type, data FROM mfa_authenticator WHERE user_id = %s", [org_a.clv.pk])
    assert "totp" in stored and "recovery_codes" in stored
    assert TEST_TOTP_SECRET not in stored
    recovery = RecoveryCodes(
        Authenticator.objects.get(user=org_a.clv, type=Authenticator.Type.RECOVERY_CODES)
    )
    codes = recovery.get_unused_codes()
    assert all(code not in stored for code in codes)
    assert recovery.instance.data["seed"].startswith("gAAAAA")  # a Fernet token

    code = current_code(TEST_TOTP_SECRET)
    # A code works once; another test may have used this one for a person
    # with the same id in the last 30 seconds.
    cache.delete(f"allauth.mfa.totp.used?user={org_a.clv.pk}&code={code}")
    response = sign_in_with_two_step(client, org_a.clv, code)
    assert response.status_code == 302 and "/2fa/" not in response["Location"]
    assert client.get("/members/").status_code == 200
    client.logout()
    response = sign_in_with_two_step(client.__class__(), org_a.clv, codes[0])
    assert response.status_code == 302 and "/2fa/" not in response["Location"]


def test_a_new_encryption_key_still_reads_old_secrets_until_they_are_reencrypted(org_a):
    new_key = Fernet.generate_key().decode()
    totp = Authenticator.objects.get(user=org_a.clv, type=Authenticator.Type.TOTP)
    with override_settings(MFA_ENCRYPTION_KEY=new_key):
        assert decrypt(totp.data["secret"]) == TEST_TOTP_SECRET
        call_command("reencrypt_two_step", stdout=io.StringIO())
    totp.refresh_from_db()
    assert Fernet(new_key).decrypt(totp.data["secret"].encode()).decode() == TEST_TOTP_SECRET


# --- Migrations --------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migrations_hash_plain_tokens_and_encrypt_plain_secrets(org_a):
    """Go back to before the data migrations, put back what an older
    database held (a plain DRF token, a plain TOTP secret), go forward."""
    from django.db.migrations.executor import MigrationExecutor

    plain_key = "0123456789abcdef0123456789abcdef01234567"
    executor = MigrationExecutor(connection)
    executor.migrate([("keyring_net", "0006_apitoken")])
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, "
            "created timestamp with time zone NOT NULL, user_id bigint NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token (key, created, user_id) VALUES (%s, %s, %s)",
            [plain_key, timezone.now(), org_a.clv.pk],
        )
    Authenticator.objects.filter(user=org_a.clv, type=Authenticator.Type.TOTP).update(
        data={"secret": TEST_TOTP_SECRET}
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert "authtoken_token" not in connection.introspection.table_names()
    assert plain_key not in raw_rows("SELECT * FROM keyring_net_apitoken")
    token = ApiToken.objects.get(user=org_a.clv)
    assert token.key_hash == api_tokens.key_hash(plain_key)
    assert me(Client(), plain_key).status_code == 200
    stored = raw_rows("SELECT data FROM mfa_authenticator WHERE user_id = %s", [org_a.clv.pk])
    assert TEST_TOTP_SECRET not in stored
    totp = Authenticator.objects.get(user=org_a.clv, type=Authenticator.Type.TOTP)
    assert decrypt(totp.data["secret"]) == TEST_TOTP_SECRET
