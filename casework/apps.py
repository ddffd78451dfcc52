from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        """Register each area's reminders with notifications."""
        from casework import reminders_tasks
        from notifications.registry import register_producer

        register_producer("casework_tasks", reminders_tasks.produce)
