from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        """Load the tasks, so the dispatcher finds its delivery task by name
        (``services.sending.DELIVER_TASK``) in every process; send the core's
        e-mails (invitations, sign-in codes and links) as deliveries."""
        from keyring_net import registry
        from notifications import tasks  # noqa: F401
        from notifications.services.mail import send_at_once

        registry.set_mailer(send_at_once)
