from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = "Volunteers"

    def ready(self) -> None:
        """Register this app's reminders with notifications (its reminders.py)."""
        from notifications.registry import register_producer
        from volunteers import reminders

        register_producer("volunteers", reminders.produce)
