"""Two-step sign-in (TOTP with recovery codes, by django-allauth's mfa app).

Every role that can read another person's records must have it
(``policy.TWO_STEP_ROLES``). Until they enrol, ``RequireTwoStepMiddleware``
keeps them to the enrolment and account pages: no personal data.
"""

from __future__ import annotations

import base64
import hashlib
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from keyring_net.models import User


def has_two_step(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


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
