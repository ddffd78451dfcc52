from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        """Load the tasks, so the dispatcher finds its delivery task by name
        (``services.sending.DELIVER_TASK``) in every process."""
        from notifications import tasks  # noqa: F401
