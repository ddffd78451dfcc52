from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        """Tell the apps below about casework: a lone-working alert resolved
        as real opens an incident draft (volunteers/escalations.py)."""
        from casework.services.incidents import incident_draft_from_alert
        from volunteers.escalations import on_real_escalation

        on_real_escalation(incident_draft_from_alert)
