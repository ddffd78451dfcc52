"""Behind the TLS proxy every request arrives from the proxy's address.

Wrong guesses must still be counted per person, not per proxy: two people
behind one proxy never lock each other out, and nobody gets round a limit
by sending X-Forwarded-For values of their own. The proxy settings are
read the way production reads them (a fresh process with
``BEHIND_TLS_PROXY=true``), then applied here with ``override_settings``.
"""

import functools
import json
import os
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from keyring_net.models import User
from tests.test_settings_and_startup import PRODUCTION, ROOT

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the proxy's own address: REMOTE_ADDR of every request
PASSWORD = "a-long-enough-password"


@functools.cache
def settings_behind_proxy(**extra_env: str) -> dict:
    """The client-address settings production mode reads with these variables."""
    code = (
        "import json; from keyring_net import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in dir(s) "
        "if k.startswith(('ALLAUTH_', 'AXES_CLIENT_IP', 'AXES_IPWARE'))}))"
    )
    keep = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
    env = {**keep, **PRODUCTION, "BEHIND_TLS_PROXY": "true", **extra_env}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def behind_proxy():
    cache.clear()  # allauth's rate limits live in the cache
    with override_settings(**settings_behind_proxy()):
        yield
    cache.clear()


def via_proxy(forwarded_for: str) -> Client:
    """A browser whose requests reach us through the proxy, which wrote
    ``forwarded_for`` into X-Forwarded-For."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def sign_in(client: Client, email: str, password: str):
    return client.post("/accounts/login/", {"login": email, "password": password})


TOO_MANY = "Too many failed login attempts"


def test_the_proxy_count_comes_from_the_environment():
    assert settings_behind_proxy()["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1
    assert settings_behind_proxy(TRUSTED_PROXY_COUNT="2")["ALLAUTH_TRUSTED_PROXY_COUNT"] == 2


def test_sign_in_limit_counts_each_person_behind_the_proxy(behind_proxy, org_a):
    """allauth allows 10 failed sign-ins a minute from one address."""
    org_a.clv.set_password(PASSWORD)
    org_a.clv.save(update_fields=["password"])
    guesser = via_proxy("198.51.100.7")
    for n in range(11):
        response = sign_in(guesser, f"nobody{n}@example.org", "wrong")
    assert TOO_MANY in response.content.decode()
    # Someone else behind the same proxy signs in as usual.
    response = sign_in(via_proxy("203.0.113.9"), org_a.clv.email, PASSWORD)
    assert response.status_code == 302
    assert TOO_MANY not in response.content.decode()


def test_sign_in_limit_cannot_be_dodged_with_made_up_addresses(behind_proxy, org_a):
    """The client sends its own X-Forwarded-For; the proxy adds the real
    address on the right. Only that one counts."""
    org_a.clv.set_password(PASSWORD)
    org_a.clv.save(update_fields=["password"])
    for n in range(10):
        sign_in(via_proxy(f"192.0.2.{n}, 198.51.100.7"), f"nobody{n}@example.org", "wrong")
    response = sign_in(via_proxy("192.0.2.99, 198.51.100.7"), org_a.clv.email, PASSWORD)
    assert TOO_MANY in response.content.decode()


@pytest.fixture
def axes_alone(behind_proxy):
    """Only django-axes counting: allauth's own limits (which also count per
    account, from any address) switched off, so what is left is axes."""
    with override_settings(ACCOUNT_RATE_LIMITS=False):
        yield


def platform_staff() -> User:
    from allauth.account.models import EmailAddress

    user = User.objects.create_superuser("platform@example.org", PASSWORD, full_name="P")
    # create_superuser confirms the address itself (keyring_net/models.py).
    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()
    return user


def test_lock_out_counts_each_person_behind_the_proxy(axes_alone):
    """django-axes locks an account for an address after 10 wrong passwords.
    (The admin has no password form of its own: the product's sign-in is
    the one door that takes a password.)"""
    platform_staff()
    guesser = via_proxy("198.51.100.7")
    for _ in range(10):
        sign_in(guesser, "platform@example.org", "nope")
    assert sign_in(guesser, "platform@example.org", PASSWORD).status_code == 429
    # The account's owner, behind the same proxy, is not locked out.
    owner = via_proxy("203.0.113.9")
    assert sign_in(owner, "platform@example.org", PASSWORD).status_code == 302
    assert "_auth_user_id" in owner.session


def test_lock_out_cannot_be_dodged_with_made_up_addresses(axes_alone):
    platform_staff()
    for n in range(10):
        sign_in(via_proxy(f"192.0.2.{n}, 198.51.100.7"), "platform@example.org", "nope")
    response = sign_in(via_proxy("192.0.2.99, 198.51.100.7"), "platform@example.org", PASSWORD)
    assert response.status_code == 429
