"""The bench database: its settings, made afresh, migrated and seeded."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from urllib.parse import urlsplit

from scripts.bench import ROOT

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/keyring_bench"


def bench_environment() -> dict[str, str]:
    """The settings the bench runs with, here and in gunicorn: production
    settings, the calibration views on, nothing sent to anyone."""
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        "BENCH_VIEWS": "true",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        # Benchmarks send nobody anything: messages stay on this machine.
        "ALLOW_UNSENT_MESSAGES": "true",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def set_up(env: dict[str, str], scale: int) -> None:
    """Recreate the bench database, migrate, collect static files, seed the
    demo, and add 100,000 contact notes for search (``notes``)."""
    recreate_database(env["DATABASE_URL"])
    print(f"Setting up: migrate, collectstatic, seed_demo --scale {scale} ...")
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [*manage, "seed_demo", "--allow-production", "--scale", str(scale)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    # Search is timed over 100,000 contact notes, made in bulk.
    subprocess.run([sys.executable, "-m", "scripts.bench.notes"], cwd=ROOT, env=env, check=True)


def analyse(database_url: str) -> None:
    """``ANALYZE`` the bench database, so the planner has statistics for
    what was seeded (as autovacuum would give a live database in time)."""
    import psycopg2

    parts = urlsplit(database_url)
    conn = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname=parts.path.lstrip("/"),
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("ANALYZE")
    conn.close()


def migrate_only(env: dict[str, str]) -> None:
    """Recreate the bench database and migrate it, with no demo data: for a
    measure that makes its own rows (``--retention-only``)."""
    recreate_database(env["DATABASE_URL"])
    print("Setting up: migrate ...")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)


def start_django() -> None:
    """Set Django up in this process, with the bench's settings."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyring_net.settings")
    django.setup()


def recreate_database(database_url: str) -> None:
    import psycopg2

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    conn = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
