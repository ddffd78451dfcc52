"""django-allauth hooks. Hooks call services; no business rules live here."""

from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied

from keyring_net import encryption
from keyring_net.account_mail import account_mail_send
from keyring_net.middleware import SESSION_ORGANISATION_KEY


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        """Nobody signs themselves up: organisations invite their people."""
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render allauth's e-mail as allauth does, then send it as a
        delivery with its attempts (``keyring_net.account_mail``), never
        straight to the mail server."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        signed_in = user is not None and user.is_authenticated and session is not None
        account_mail_send(
            template=template_prefix,
            message=message,
            person=context.get("user"),
            working_in_id=session.get(SESSION_ORGANISATION_KEY) if signed_in else None,
        )

    def send_notification_mail(self, template_prefix, user, context=None, email=None) -> None:
        """A security notice: name the person, so it goes in their records."""
        super().send_notification_mail(
            template_prefix, user, {**(context or {}), "user": user}, email
        )


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
