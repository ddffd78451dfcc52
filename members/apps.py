from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members"

    def ready(self) -> None:
        """Register with notifications (who is a member) and tell the core
        what members adds to its pages (it never imports us)."""
        from keyring_net.registry import add_to_trail
        from members import attachments, reminders
        from members.audit import records_looked_at

        reminders.register()
        attachments.register()
        add_to_trail("records looked at", records_looked_at)
