from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Outcomes"

    def ready(self) -> None:
        from outcomes import tasks
        from outcomes.services import reports

        # Waiting reports are made by the report task, in the background.
        reports.made_by(tasks.render_report_task)
