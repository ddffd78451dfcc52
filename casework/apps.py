from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        """Register each area's reminders with notifications (one line an area)."""
        from casework import reminders_appointments
        from notifications.registry import register_producer

        register_producer("casework_appointments", reminders_appointments.produce)
