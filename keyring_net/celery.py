"""The Celery app: ``celery -A keyring_net worker`` / ``beat``.

Configuration comes from Django settings (``CELERY_*``). Tasks are thin:
they take ids (always with ``organisation_id``), enter that organisation's
scope with ``keyring_net.tasks.in_organisation`` and call one service.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyring_net.settings")

app = Celery("keyring_net")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
