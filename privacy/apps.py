"""The member's rights over their records: subject access, correction,
retention and erasure, and who looked."""

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Members' rights over their records"

    def ready(self) -> None:
        """Register retention's warning with notifications (reminders.py)."""
        from notifications.registry import register_producer
        from privacy import reminders

        register_producer("privacy", reminders.produce)
