#!/usr/bin/env python
"""Prove that a backup restores: dump a KeyRing Net database with
``pg_dump -Fc``, restore the dump into a fresh database with ``pg_restore``,
and compare the two.

    python scripts/restore_check.py postgres://keyring_owner:PASSWORD@HOST:5432/keyring

It passes only when, table by table, the copy has exactly as many rows as
the database had at the moment of the dump (counted inside the dump's own
snapshot, so a database in use gives exact figures too), and every tenant
table in the copy still has row-level security enabled and forced with its
current ``org_isolation`` policy (``keyring_net/rls/policies.py``), the same
policies as the original. It prints every difference; exit status 0 means none.

Connect as the owning role (it has BYPASSRLS) or a superuser: row-level
security hides rows from any other role, and the script says so rather than
compare empty tables. The role needs CREATEDB for the copy,
``<name>_restore_check``, which is dropped at the end unless ``--keep``.
README.md ("Backups and restoring") has the procedure this checks.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from keyring_net.rls.policies import tables_without_current_policy, tenant_tables  # noqa: E402


class RestoreCheckError(Exception):
    """The check could not run (not that it found differences)."""


@dataclass(frozen=True)
class DatabaseState:
    row_counts: dict[str, int]
    # table -> (policy name, USING, WITH CHECK), as the catalogue prints them
    policies: dict[str, list[tuple[str, str, str]]]


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _open_reading_every_row(url: str):
    """A read-only repeatable-read connection that errors, rather than
    quietly filtering, if row-level security would hide anything."""
    conn = psycopg2.connect(url)
    with conn.cursor() as cursor:
        cursor.execute("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
        (sees_every_row,) = cursor.fetchone()
    conn.rollback()
    if not sees_every_row:
        conn.close()
        raise RestoreCheckError(
            "this role cannot see every row through row-level security: connect as the "
            "owning role (BYPASSRLS) or a superuser, as backups must."
        )
    conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
    with conn.cursor() as cursor:
        cursor.execute("SET row_security = off")
    return conn


def read_state(conn) -> DatabaseState:
    """Row counts of every table in the schema, and every policy."""
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        )
        tables = [name for (name,) in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
            counts[table] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT tablename, policyname, coalesce(qual, ''), coalesce(with_check, '')"
            " FROM pg_policies WHERE schemaname = current_schema()"
            " ORDER BY tablename, policyname"
        )
        policies: dict[str, list[tuple[str, str, str]]] = {}
        for table, name, using, check in cursor.fetchall():
            policies.setdefault(table, []).append((name, using, check))
    return DatabaseState(row_counts=counts, policies=policies)


def dump(source_url: str, dump_path: Path) -> DatabaseState:
    """``pg_dump -Fc`` of the source, and its state in the same snapshot."""
    conn = _open_reading_every_row(source_url)
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
        subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={dump_path}",
                f"--dbname={source_url}",
            ],
            check=True,
        )
        return read_state(conn)
    finally:
        conn.rollback()
        conn.close()


def create_database(source_url: str, name: str) -> None:
    conn = psycopg2.connect(source_url)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone():
                raise RestoreCheckError(
                    f"database {name} already exists: drop it or choose another --scratch-name."
                )
            cursor.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name))
            )
    finally:
        conn.close()


def drop_database(source_url: str, name: str) -> None:
    conn = psycopg2.connect(source_url)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
    finally:
        conn.close()


def restore(dump_path: Path, target_url: str) -> None:
    """All or nothing: one transaction, stopping at the first error."""
    subprocess.run(
        ["pg_restore", "--single-transaction", f"--dbname={target_url}", str(dump_path)],
        check=True,
    )


@dataclass(frozen=True)
class Comparison:
    row_differences: list[str]  # one line per table whose rows differ
    security_problems: list[str]  # row-level security missing or changed
    tenant_tables: int

    @property
    def problems(self) -> list[str]:
        return self.row_differences + self.security_problems


def compare(before: DatabaseState, copy_url: str) -> Comparison:
    """Every difference between the original (``before``) and the copy, in words."""
    conn = _open_reading_every_row(copy_url)
    try:
        after = read_state(conn)
        tenants = tenant_tables(conn)
        unprotected = tables_without_current_policy(conn)
    finally:
        conn.rollback()
        conn.close()
    rows = []
    for table in sorted(before.row_counts.keys() | after.row_counts.keys()):
        if table not in after.row_counts:
            rows.append(f"{table}: missing from the copy")
        elif table not in before.row_counts:
            rows.append(f"{table}: in the copy only")
        elif before.row_counts[table] != after.row_counts[table]:
            rows.append(
                f"{table}: {before.row_counts[table]} rows in the original, "
                f"{after.row_counts[table]} in the copy"
            )
    security = [
        f"{table}: row-level security is off, not forced, or its policy is not current"
        for table in unprotected
    ]
    for table in sorted(before.policies.keys() | after.policies.keys()):
        if before.policies.get(table) != after.policies.get(table):
            security.append(f"{table}: its policies differ from the original's")
    if not tenants:
        security.append("the copy has no tenant tables: is this a KeyRing Net database?")
    return Comparison(row_differences=rows, security_problems=security, tenant_tables=len(tenants))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "database_url",
        nargs="?",
        default=os.environ.get("DATABASE_URL"),
        help="the database to back up (default: DATABASE_URL)",
    )
    parser.add_argument("--scratch-name", help="the copy's name (default: <name>_restore_check)")
    parser.add_argument("--keep", action="store_true", help="keep the copy afterwards")
    args = parser.parse_args(argv)
    if not args.database_url or not args.database_url.startswith(("postgres://", "postgresql://")):
        print("Give the PostgreSQL database to check, as an argument or DATABASE_URL.")
        return 2
    source = args.database_url
    scratch = args.scratch_name or f"{database_name(source)}_restore_check"
    if scratch == database_name(source):
        print("The copy needs a name of its own (--scratch-name).")
        return 2
    copy_url = with_database(source, scratch)
    created = False
    try:
        with tempfile.TemporaryDirectory() as folder:
            dump_path = Path(folder) / "backup.dump"
            before = dump(source, dump_path)
            size = dump_path.stat().st_size
            create_database(source, scratch)
            created = True
            restore(dump_path, copy_url)
        result = compare(before, copy_url)
    except RestoreCheckError as error:
        print(f"Restore check could not run: {error}")
        return 2
    except subprocess.CalledProcessError as error:
        print(
            f"Restore check could not run: {error.cmd[0]} stopped with status {error.returncode}."
        )
        return 2
    finally:
        if created and not args.keep:
            drop_database(source, scratch)
    rows = sum(before.row_counts.values())
    print(
        f"Dumped {database_name(source)} ({size / 1e6:.1f} MB) with pg_dump -Fc and "
        f"restored it into {scratch} with pg_restore."
    )
    print(
        f"Tables compared: {len(before.row_counts)}, rows: {rows}; "
        f"row differences: {len(result.row_differences)}."
    )
    for problem in result.problems:
        print(f"  {problem}")
    if result.problems:
        print(f"Restore check failed: {len(result.problems)} problem(s).")
        return 1
    print(
        "Row-level security: enabled, forced and current on all "
        f"{result.tenant_tables} tenant tables, with the original's policies."
    )
    print("Restore check passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
