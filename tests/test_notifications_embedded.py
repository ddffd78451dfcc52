"""The embedded default (no Redis): the beat thread of ``run_embedded``
sends due notifications in-process, as a worker would."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.test_embedded_mode import _free_port, _get_when_up

ROOT = Path(__file__).resolve().parent.parent

SETUP = """
import datetime
from django.utils import timezone
from keyring_net.models import Organisation, User
from keyring_net.tenancy import organisation_scope, set_database_organisation
from notifications.services import create

organisation = Organisation.objects.create(name="Embedded", slug="embedded")
person = User.objects.create_user("embedded@example.org", full_name="Embedded Person")
with organisation_scope(organisation):
    create.notify(
        organisation=organisation,
        recipient=person,
        kind="general",
        about="embedded:1",
        due_at=timezone.now() - datetime.timedelta(minutes=1),
        context={"title": "Hello", "text": "From the embedded default."},
    )
"""


def test_run_embedded_delivers_due_notifications_in_process(tmp_path):
    db = tmp_path / "embedded.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update({"DEBUG": "true", "DATABASE_URL": f"sqlite:///{db}"})
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=600)
    subprocess.run(
        [*manage, "shell", "--no-imports", "-c", SETUP], cwd=ROOT, env=env, check=True, timeout=60
    )
    with sqlite3.connect(db) as conn:
        assert sorted(conn.execute("SELECT channel, state FROM notifications_delivery")) == [
            ("email", "waiting"),
            ("in_app", "waiting"),
        ]
        # Overdue, as if the app had been down for a while: beat runs it at once.
        conn.execute(
            "UPDATE django_celery_beat_periodictask SET last_run_at = '2020-01-01 00:00:00'"
            " WHERE task = 'notifications.tasks.send_due_notifications_task'"
        )
    port = _free_port()
    server = subprocess.Popen(
        [*manage, "run_embedded", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _get_when_up(f"http://127.0.0.1:{port}/health/")
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            with sqlite3.connect(db) as conn:
                states = sorted(conn.execute("SELECT channel, state FROM notifications_delivery"))
            if states == [("email", "sent"), ("in_app", "sent")]:
                break
            time.sleep(0.5)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert states == [("email", "sent"), ("in_app", "sent")], output
    assert "Traceback" not in output, output
    assert "Subject: Hello" in output  # the console e-mail backend, in this process
