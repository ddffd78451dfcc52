"""Serve the app on the embedded default, with periodic work in the same process.

Without Redis, tasks run in-process (``CELERY_TASK_ALWAYS_EAGER``). This
command also starts Celery beat in a thread, reading the schedules kept in
the database; each due task runs right there, so reminders and sweeps still
happen on a laptop with no broker. Production runs ``celery worker`` and
``celery beat`` instead (docker-compose.yml).
"""

from __future__ import annotations

from celery.beat import EmbeddedService
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from keyring_net.celery import app


class Command(BaseCommand):
    help = "Run the web app and the periodic-task scheduler in one process (embedded mode)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport: str, **options):
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            raise CommandError(
                "REDIS_URL is set, so tasks go to a worker: run `celery -A keyring_net worker` "
                "and `celery -A keyring_net beat` beside `runserver` instead."
            )
        # Register every app's tasks now, so beat finds and runs them here
        # rather than handing them to a broker nobody reads.
        app.loader.import_default_modules()
        beat = EmbeddedService(app, thread=True, scheduler_cls=settings.CELERY_BEAT_SCHEDULER)
        beat.start()
        self.stdout.write("Periodic work: Celery beat runs in this process, tasks in-process.")
        try:
            # No autoreload: the reloader would start a second scheduler.
            call_command("runserver", addrport, use_reloader=False)
        finally:
            beat.stop()
