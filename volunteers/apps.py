from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = "Volunteers"

    def ready(self) -> None:
        """Register this app's reminders with notifications (its reminders.py),
        and what documents can be attached to (its attachments.py)."""
        from notifications.registry import register_producer
        from volunteers import attachments, reminders

        register_producer("volunteers", reminders.produce)
        attachments.register()
