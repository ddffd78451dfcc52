"""A real Celery worker, on Redis, runs a task and writes to the database."""

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection

from keyring_net.models import Heartbeat

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def _postgres_url() -> str:
    """The test database this test runs on, for the worker to share."""
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return (
        f"postgres://{s['USER'] or 'postgres'}{password}@{s['HOST'] or '127.0.0.1'}:"
        f"{s['PORT'] or 5432}/{s['NAME']}"
    )


def test_a_real_worker_runs_a_task_from_redis(redis_url, tmp_path):
    queue = f"keyring-test-{uuid.uuid4().hex[:8]}"
    if connection.vendor == "postgresql":
        database_url = _postgres_url()
    else:
        # The suite's SQLite database lives in memory; give the worker a file.
        database_url = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "keyring_net.settings",
        "DEBUG": "true",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_QUEUE": queue,
    }
    if connection.vendor != "postgresql":
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=180,
        )
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "keyring_net",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # A separate client, as the web process would be: it only knows Redis.
    client = Celery(broker=redis_url, backend=redis_url, set_as_current=False)
    name = f"worker-test-{queue}"
    try:
        result = client.send_task("keyring_net.record_heartbeat", args=[name], queue=queue)
        returned = result.get(timeout=60, disable_sync_subtasks=False)
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
    assert "Traceback" not in output, output
    if connection.vendor == "postgresql":
        stored = Heartbeat.objects.get(name=name).last_seen_at.isoformat()
    else:
        with sqlite3.connect(tmp_path / "worker.sqlite3") as db:
            (stored,) = db.execute(
                "SELECT last_seen_at FROM keyring_net_heartbeat WHERE name = ?", [name]
            ).fetchone()
        stored = stored.replace(" ", "T")
    assert stored[:19] == returned[:19]
