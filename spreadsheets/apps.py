from django.apps import AppConfig


class SpreadsheetsConfig(AppConfig):
    name = "spreadsheets"
    verbose_name = "Imports and exports"

    def ready(self) -> None:
        from spreadsheets import tasks
        from spreadsheets.services.imports import runs

        runs.runs_in_background(tasks.enqueue)
