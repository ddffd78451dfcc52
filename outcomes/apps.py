from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Outcomes"

    def ready(self) -> None:
        """Register this app's reminders with notifications (its reminders.py)."""
        from notifications.registry import register_producer
        from outcomes import reminders

        register_producer("outcomes", reminders.produce)
