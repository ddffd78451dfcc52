"""django-allauth hooks. Hooks call services; no business rules live here."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        """Nobody signs themselves up: organisations invite their people."""
        return False
