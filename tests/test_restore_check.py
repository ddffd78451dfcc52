"""Backups restore (README.md, "Backups and restoring"): scripts/restore_check.py
dumps a filled database with ``pg_dump -Fc``, restores it into a fresh one
with ``pg_restore`` and compares them table by table, row-level security
included. PostgreSQL only.

The test's rows are committed (a transactional test) so that pg_dump, in
its own connection, sees them.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from keyring_net.tenancy import organisation_scope
from members.models import Member

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "restore_check.py"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="backups are pg_dump and pg_restore: set DATABASE_URL to a PostgreSQL database "
        "to run this test",
    ),
    pytest.mark.django_db(transaction=True),
]


def load_script():
    spec = importlib.util.spec_from_file_location("restore_check", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def database_url(name: str) -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{name}"


def test_a_restored_backup_has_every_row_and_its_row_level_security(org_a, org_b):
    restore_check = load_script()
    source = database_url(connection.settings_dict["NAME"])
    copy_name = f"{connection.settings_dict['NAME']}_restore_check"
    copy_url = database_url(copy_name)
    connection.close()  # nothing of the test's left open while pg_dump reads
    restore_check.drop_database(source, copy_name)  # left by an interrupted run
    try:
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, str(SCRIPT), source, "--scratch-name", copy_name, "--keep"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        seconds = time.monotonic() - started
        assert result.returncode == 0, result.stdout + result.stderr
        assert "row differences: 0." in result.stdout
        assert "Restore check passed." in result.stdout
        rows = int(re.search(r"rows: (\d+);", result.stdout).group(1))
        assert rows > 100, result.stdout
        print(f"restore check: {rows} rows in {seconds:.1f} s")  # shown with -s

        # The copy has both organisations' members, and its wall stands.
        with psycopg2.connect(copy_url) as conn, conn.cursor() as cursor:
            cursor.execute(
                "SELECT count(DISTINCT organisation_id) FROM members_member WHERE id = ANY(%s)",
                [[org_a.member.pk, org_b.member.pk]],
            )
            assert cursor.fetchone() == (2,)

        # The check can fail: a row lost and a table left unforced are both found.
        with psycopg2.connect(copy_url) as conn, conn.cursor() as cursor:
            cursor.execute(
                "DELETE FROM django_migrations WHERE id = (SELECT max(id) FROM django_migrations)"
            )
            cursor.execute("ALTER TABLE members_member NO FORCE ROW LEVEL SECURITY")
        original = restore_check._open_reading_every_row(source)
        try:
            before = restore_check.read_state(original)
        finally:
            original.close()
        migrations = before.row_counts["django_migrations"]
        comparison = restore_check.compare(before, copy_url)
        assert comparison.row_differences == [
            f"django_migrations: {migrations} rows in the original, {migrations - 1} in the copy"
        ]
        assert comparison.security_problems == [
            "members_member: row-level security is off, not forced, or its policy is not current"
        ]
    finally:
        restore_check.drop_database(source, copy_name)
    with organisation_scope(org_a.organisation):
        assert Member.objects.filter(pk=org_a.member.pk).exists()  # the original is untouched
