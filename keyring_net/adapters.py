"""django-allauth hooks. Hooks call services; no business rules live here."""

from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.core.exceptions import PermissionDenied

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


def client_ip(request) -> str | None:
    """The client's address for django-axes' lock-out: the one allauth's rate
    limits count, so behind the proxy it comes from X-Forwarded-For as
    ``ALLAUTH_TRUSTED_PROXY_COUNT`` says (allauth does the parsing).

    Where allauth finds no usable address (a sign-in made in code, such as
    a test's ``force_login``, has none), axes gets what it would read
    itself, ``REMOTE_ADDR`` or nothing, rather than an error."""
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return request.META.get("REMOTE_ADDR")
