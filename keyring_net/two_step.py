"""Two-step sign-in (TOTP with recovery codes, by django-allauth's mfa app).

Every role that can read another person's records must have it
(``policy.TWO_STEP_ROLES``), and so must platform staff. Until they enrol,
``RequireTwoStepMiddleware`` keeps them to the enrolment and account pages:
no personal data. The Django admin asks more: that this session's sign-in
included the second step (``completed_two_step``).
"""

from __future__ import annotations

import base64
import hashlib
import time

from allauth.account.authentication import get_authentication_records
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.http import HttpRequest

from keyring_net.models import User
from keyring_net.selectors import has_two_step


def completed_two_step(request: HttpRequest) -> bool:
    """True when the signed-in person gave a two-step code (or a recovery
    code) in this session, by allauth's record of how the session signed in.
    A session made any other way (a password alone, a login card, the
    admin's own form) has no such record."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def enrol_with_secret(user: User, secret: str) -> None:
    """Give ``user`` a TOTP authenticator with a known secret, and recovery
    codes. For the demo and tests only: real people enrol themselves by
    scanning a QR code, and their secret is never known to anyone else."""
    if has_two_step(user):
        return
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)


def demo_secret(email: str) -> str:
    digest = hashlib.sha1(f"keyring-net-demo-totp:{email}".encode(), usedforsecurity=False)
    return base64.b32encode(digest.digest()).decode()


def current_code(secret: str, at: float | None = None) -> str:
    """The six-digit code an authenticator app would show now."""
    from allauth.mfa import app_settings

    counter = int(at if at is not None else time.time()) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))
