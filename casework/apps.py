from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        """Tell the apps below about casework: each area's reminders go to
        notifications (one line an area), a lone-working alert resolved
        as real opens an incident draft (volunteers/escalations.py), and
        documents may be kept with concerns and incidents (attachments.py)."""
        from casework import attachments, reminders_appointments, reminders_tasks
        from casework.services.incidents import incident_draft_from_alert
        from notifications.registry import register_producer
        from volunteers.escalations import on_real_escalation

        register_producer("casework_appointments", reminders_appointments.produce)
        register_producer("casework_tasks", reminders_tasks.produce)
        on_real_escalation(incident_draft_from_alert)
        attachments.register()
