from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members"

    def ready(self) -> None:
        """Register with notifications: who is a member."""
        from members import reminders

        reminders.register()
