import time

import pytest

from keyring_net.models import User

pytestmark = pytest.mark.django_db


def test_a_sign_in_ends_after_the_absolute_limit(client, org_a):
    client.force_login(org_a.member_user)
    assert client.get("/my/").status_code == 200
    session = client.session
    session["signed_in_at"] = time.time() - 13 * 3600
    session.save()
    response = client.get("/my/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert client.get("/my/").status_code == 302  # signed out for good


def test_the_password_sign_in_locks_after_repeated_failures(client):
    # The admin has no password form of its own (keyring_net/admin_site.py):
    # the product's sign-in is the one door that takes a password.
    from allauth.account.models import EmailAddress

    user = User.objects.create_superuser(
        "platform@example.org", "a-long-admin-password", full_name="P"
    )
    # create_superuser confirms the address itself (keyring_net/models.py).
    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()
    for _ in range(10):
        client.post("/accounts/login/", {"login": "platform@example.org", "password": "nope"})
    response = client.post(
        "/accounts/login/", {"login": "platform@example.org", "password": "a-long-admin-password"}
    )
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_idle_limit_slides_without_a_write_on_every_request(client, org_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(org_a.clv)
    client.get("/")  # the first request stamps the session
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert not any(
        "django_session" in q["sql"] and "UPDATE" in q["sql"] for q in queries.captured_queries
    )
    session = client.session
    session["seen_at"] = time.time() - 61
    session.save()
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert any(
        "django_session" in q["sql"] and "UPDATE" in q["sql"] for q in queries.captured_queries
    )


def test_api_token_calls_make_no_sessions(client, org_a):
    from django.contrib.sessions.models import Session

    from tests.helpers import api_token_for

    key = api_token_for(org_a.clv)
    before = Session.objects.count()
    for _ in range(3):
        assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    assert Session.objects.count() == before
