"""Encryption at rest for the secrets we must be able to read back: the
two-step (TOTP) secret and the recovery-code seed kept by django-allauth.

Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``). The keys come
from ``MFA_ENCRYPTION_KEY`` when it is set: one Fernet key, or several
separated by commas, the first used to encrypt and all of them to decrypt
(so a key can be changed without locking anyone out; see
``manage.py reencrypt_two_step``). When it is not set, one key is derived
from ``SECRET_KEY`` with a fixed label, so a fresh install works with no
extra setting. Keys derived from ``SECRET_KEY`` and ``SECRET_KEY_FALLBACKS``
always decrypt as well, so neither setting ``MFA_ENCRYPTION_KEY`` later nor
changing ``SECRET_KEY`` (keeping the old one in ``SECRET_KEY_FALLBACKS``
until ``reencrypt_two_step`` has run) locks anyone out. Changing
``SECRET_KEY`` without that step, with no ``MFA_ENCRYPTION_KEY``, makes every
stored secret unreadable: staff would have to set up two-step sign-in again.
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Fixed forever: changing it would make every derived key different.
DERIVATION_LABEL = b"keyring-net two-step secrets at rest"
# Every Fernet token starts with its version byte, 0x80: "gAAAAA" in base64.
# TOTP secrets (base32) and recovery seeds (hex) never do.
FERNET_START = "gAAAAA"


def derived_key(secret_key: str) -> bytes:
    """A Fernet key derived from ``secret_key`` for this purpose only."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=DERIVATION_LABEL).derive(
        secret_key.encode()
    )
    return base64.urlsafe_b64encode(raw)


@lru_cache(maxsize=4)
def _fernet(configured: str, secret_key: str, fallbacks: tuple[str, ...]) -> MultiFernet:
    keys = [key.strip().encode() for key in configured.split(",") if key.strip()]
    # Keys derived from SECRET_KEY (and SECRET_KEY_FALLBACKS) always decrypt
    # too: so setting MFA_ENCRYPTION_KEY for the first time, or changing
    # SECRET_KEY the Django way (the old one in SECRET_KEY_FALLBACKS), locks
    # nobody out. Run `manage.py reencrypt_two_step` after either.
    keys += [derived_key(secret) for secret in (secret_key, *fallbacks)]
    return MultiFernet([Fernet(key) for key in keys])


def fernet() -> MultiFernet:
    """The first key encrypts; every key decrypts."""
    return _fernet(
        getattr(settings, "MFA_ENCRYPTION_KEY", ""),
        settings.SECRET_KEY,
        tuple(getattr(settings, "SECRET_KEY_FALLBACKS", ())),
    )


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    """Raises ``cryptography.fernet.InvalidToken`` when no key opens it."""
    return fernet().decrypt(token.encode()).decode()


def reencrypt(value: str) -> str:
    """``value`` encrypted with the current (first) key, whether it was
    stored in the clear or encrypted with any configured key. For the data
    migration and for changing keys; calling it twice changes nothing that
    matters (the result still decrypts to the same text)."""
    try:
        text = decrypt(value)
    except InvalidToken:
        if value.startswith(FERNET_START):
            raise ImproperlyConfigured(
                "A two-step secret is encrypted with a key that is not in "
                "MFA_ENCRYPTION_KEY (or, without it, with another SECRET_KEY): "
                "add the old key after the new one."
            ) from None
        text = value  # stored before encryption at rest
    return encrypt(text)


def authenticator_data_reencrypted(kind: str, data: dict) -> dict:
    """An allauth ``Authenticator.data`` with its secrets (re-)encrypted:
    the TOTP ``secret``, the recovery codes' ``seed`` and any
    ``migrated_codes``. Other keys are kept as they are."""
    data = dict(data)
    if kind == "totp" and "secret" in data:
        data["secret"] = reencrypt(data["secret"])
    if kind == "recovery_codes":
        if "seed" in data:
            data["seed"] = reencrypt(data["seed"])
        if data.get("migrated_codes") is not None:
            data["migrated_codes"] = [reencrypt(code) for code in data["migrated_codes"]]
    return data
