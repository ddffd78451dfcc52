from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Outcomes"

    def ready(self) -> None:
        """Hand the report task to the reports service, and register this
        app's reminders with notifications (its reminders.py)."""
        from notifications.registry import register_producer
        from outcomes import reminders, tasks
        from outcomes.services import reports

        # Waiting reports are made by the report task, in the background.
        reports.made_by(tasks.render_report_task)
        register_producer("outcomes", reminders.produce)
