"""`make run`'s embedded mode, end to end: a fresh SQLite file, the app served,
and periodic work run in-process by the beat thread."""

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_embedded_mode_serves_pages_and_runs_periodic_work(tmp_path):
    db = tmp_path / "embedded.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update({"DEBUG": "true", "DATABASE_URL": f"sqlite:///{db}"})
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=600
    )
    # Make the heartbeat overdue, as if the app had been down for a while.
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE django_celery_beat_periodictask SET last_run_at = '2020-01-01 00:00:00'"
            " WHERE task = 'keyring_net.record_heartbeat'"
        )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "run_embedded", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        login = _get_when_up(f"{base}/accounts/login/")
        assert login.status == 200
        assert b"Sign in" in login.read()
        assert urllib.request.urlopen(f"{base}/health/", timeout=10).status == 200
        # The overdue heartbeat runs at once, in this process (no broker).
        assert _wait_for_heartbeat(db), "the beat thread did not run the heartbeat task"
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Traceback" not in output, output


def _get_when_up(url: str):
    deadline = time.monotonic() + 60
    while True:
        try:
            return urllib.request.urlopen(url, timeout=5)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _wait_for_heartbeat(db: Path) -> bool:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with sqlite3.connect(db) as conn:
            row = conn.execute(
                "SELECT 1 FROM keyring_net_heartbeat WHERE name = 'scheduler'"
            ).fetchone()
        if row:
            return True
        time.sleep(0.5)
    return False
