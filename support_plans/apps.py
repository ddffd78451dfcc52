from django.apps import AppConfig


class SupportPlansConfig(AppConfig):
    name = "support_plans"
    verbose_name = "Support plans"

    def ready(self) -> None:
        """Register this app's reminders with notifications (its reminders.py),
        and what documents can be attached to (its attachments.py)."""
        from notifications.registry import register_producer
        from support_plans import attachments, reminders

        register_producer("support_plans", reminders.produce)
        attachments.register()
