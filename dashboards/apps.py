from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = "Dashboards"

    def ready(self) -> None:
        # Networks sit below members: tell them how to read the members a
        # network supports (networks/people.py).
        from dashboards.people import MEMBER_READERS
        from networks.people import register

        register(MEMBER_READERS)
