"""django-allauth hooks. Hooks call services; no business rules live here."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter

from keyring_net import encryption


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        """Nobody signs themselves up: organisations invite their people."""
        return False


def axes_username(request, credentials) -> str | None:
    """The account a sign-in attempt is for, for django-axes' lock-out.

    The admin form sends ``username``, allauth ``email`` or ``login``: read
    whichever is there, so failures and the next attempt name one account.
    """
    for key in ("username", "email", "login"):
        value = (credentials or {}).get(key) or (request.POST.get(key) if request else None)
        if value:
            return str(value).strip().lower()
    return None


class MFAAdapter(DefaultMFAAdapter):
    """Two-step secrets (the TOTP secret, the recovery-code seed) are
    encrypted before allauth stores them, and decrypted when it reads them
    (``keyring_net.encryption``)."""

    def encrypt(self, text: str) -> str:
        return encryption.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return encryption.decrypt(encrypted_text)
