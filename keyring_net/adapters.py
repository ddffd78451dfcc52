"""django-allauth hooks. Hooks call services; no business rules live here."""

from allauth.account.adapter import DefaultAccountAdapter


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
