"""The retention sweep: anonymising records past their retention period,
over many of them, against a bare SELECT of the same rows.

A scratch organisation gets ``records`` past-retention records in bulk:
half members who left 20 years ago, half their contact notes (one each).
The sweep runs as the nightly task runs it (``anonymise_past_retention``'s
loop of ``anonymise_batch`` over the kinds, in the organisation), timed and
counted a batch at a time; then a second run, which must change nothing. The bare
SELECT reads the same members' and notes' columns the sweep clears. Goal:
the sweep at most ``GOAL_RATIO`` times the bare SELECT (like the
notification sweep), the same number of queries in every full batch of a
kind, and a second run with no writes. Everything is removed at the end.
"""

from __future__ import annotations

import datetime
import secrets
import time
from collections import defaultdict
from dataclasses import dataclass, field

ADD_BATCH = 5000
GOAL_RATIO = 10.0

MEMBERS_SELECT = (
    "SELECT id, full_name, preferred_name, reference, date_of_birth, communication_needs, "
    "communication_notes, support_needs FROM members_member "
    "WHERE organisation_id = %s AND status = 'left' AND left_on <= %s"
)
NOTES_SELECT = (
    "SELECT c.id, c.notes FROM members_contact c JOIN members_member m ON m.id = c.member_id "
    "WHERE c.organisation_id = %s AND m.status = 'left' AND m.left_on <= %s"
)
SCRATCH_TABLES = (
    "privacy_anonymisation",
    "members_historicalcontact",
    "members_contact",
    "members_historicalmember",
    "members_member",
)
WRITES = ("UPDATE", "INSERT", "DELETE")


@dataclass
class Retention:
    records: int
    batch: int
    select_s: float
    sweep_s: float
    batches: int
    queries: int
    # kind -> the query counts of its full batches (one value when constant)
    per_batch: dict[str, set[int]] = field(default_factory=dict)
    second_s: float = 0.0
    second_queries: int = 0
    second_writes: int = 0
    second_changed: int = 0


def bench_retention(records: int) -> Retention:
    """Time the retention sweep over ``records`` past-retention records (half
    members, half their notes) against a bare SELECT of the same rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from keyring_net.models import Organisation
    from keyring_net.tasks import in_organisation
    from privacy.models import RecordKind
    from privacy.selectors.retention import retention_years, years_before
    from privacy.services.retention import BATCH, anonymise_batch, anonymise_past_retention

    today = datetime.date.today()
    ended = years_before(today, 20)
    scratch = Organisation.objects.create(
        name="Retention bench", slug=f"retention-bench-{secrets.token_hex(4)}"
    )
    worker = _scratch_worker()
    members = records // 2
    try:
        print(f"\nRetention sweep: adding {members} members who left and {members} notes ...")
        _add_records(scratch.pk, worker.pk, members, ended)
        _analyse("members_member", "members_contact")
        select_s = sum(
            _timed_select(sql, [scratch.pk, ended])[0] for sql in (MEMBERS_SELECT, NOTES_SELECT)
        )
        per_batch: dict[str, set[int]] = defaultdict(set)
        batches = queries = 0
        began = time.perf_counter()
        with in_organisation(scratch.pk) as organisation:
            years = retention_years(organisation)
            for kind in RecordKind.values:
                after = 0
                while True:
                    # Django keeps the last 9,000 queries only: start each
                    # batch's count from an empty log, or it reads nothing.
                    connection.queries_log.clear()
                    with CaptureQueriesContext(connection) as batch:
                        made = anonymise_batch(
                            organisation=organisation,
                            kind=kind,
                            years=years[kind],
                            today=today,
                            size=BATCH,
                            after=after,
                        )
                    queries += len(batch.captured_queries)
                    if not made:
                        break
                    batches += 1
                    after = made[-1]
                    if len(made) == BATCH:
                        per_batch[kind].add(len(batch.captured_queries))
        sweep_s = time.perf_counter() - began
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as second:
            began = time.perf_counter()
            with in_organisation(scratch.pk) as organisation:
                again = anonymise_past_retention(organisation=organisation, today=today)
            second_s = time.perf_counter() - began
        changed = sum(again.values())
        writes = sum(
            1 for q in second.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)
        )
    finally:
        _remove(scratch, worker)
    return Retention(
        records=members * 2,
        batch=BATCH,
        select_s=select_s,
        sweep_s=sweep_s,
        batches=batches,
        queries=queries,
        per_batch=dict(per_batch),
        second_s=second_s,
        second_queries=len(second.captured_queries),
        second_writes=writes,
        second_changed=changed,
    )


def _scratch_worker():
    from keyring_net.models import User

    return User.objects.create_user(
        email=f"retention-bench-{secrets.token_hex(4)}@example.org",
        password=None,
        full_name="Retention bench worker",
    )


def _add_records(organisation_id: int, worker_id: int, members: int, ended) -> None:
    """``members`` members who left on ``ended``, each with one contact note."""
    from django.utils import timezone

    from keyring_net.tasks import in_organisation
    from members.models import Contact, Member

    joined = ended - datetime.timedelta(days=700)
    visited = timezone.make_aware(datetime.datetime.combine(ended, datetime.time(12)))
    with in_organisation(organisation_id) as organisation:
        for start in range(0, members, ADD_BATCH):
            size = min(ADD_BATCH, members - start)
            made = Member.objects.bulk_create(
                Member(
                    organisation=organisation,
                    full_name=f"Leaver {i}",
                    reference=f"R{i}",
                    date_of_birth=datetime.date(1970, 1, 1),
                    status=Member.Status.LEFT,
                    joined_on=joined,
                    left_on=ended,
                    support_needs=f"Needs of leaver {i}",
                )
                for i in range(start, start + size)
            )
            Contact.objects.bulk_create(
                Contact(
                    organisation=organisation,
                    member=m,
                    worker_id=worker_id,
                    happened_at=visited,
                    method="visit",
                    minutes=30,
                    notes=f"Talked with {m.full_name} about bills",
                )
                for m in made
            )


def _analyse(*tables: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


def _timed_select(sql: str, params: list) -> tuple[float, int]:
    """(seconds, rows) for one bare SELECT."""
    from django.db import connection

    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = len(cursor.fetchall())
    return time.perf_counter() - began, rows


def _remove(scratch, worker) -> None:
    """The scratch organisation, its worker and everything the sweep made."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in SCRATCH_TABLES:
            cursor.execute(f"DELETE FROM {table} WHERE organisation_id = %s", [scratch.pk])  # noqa: S608
    scratch.delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM keyring_net_historicaluser WHERE id = %s", [worker.pk])
        cursor.execute("DELETE FROM keyring_net_user WHERE id = %s", [worker.pk])


def report_retention(run: Retention) -> None:
    ratio = run.sweep_s / run.select_s
    verdict = "met" if ratio <= GOAL_RATIO else "MISSED"
    print(
        f"Retention sweep over {run.records} records ({run.records // 2} members and their "
        f"notes; batches of {run.batch} members, {run.batches} batches over all kinds): "
        f"{run.sweep_s:.2f}s, {run.queries} queries; bare SELECT {run.select_s:.3f}s; "
        f"ratio {ratio:.1f}x (goal <= {GOAL_RATIO:.0f}x): {verdict}"
    )
    constant = all(len(counts) == 1 for counts in run.per_batch.values())
    shown = ", ".join(
        f"{kind} {'/'.join(str(n) for n in sorted(counts))}"
        for kind, counts in run.per_batch.items()
    )
    print(
        f"Queries a full batch, by kind: {shown}: "
        f"{'met (the same in every batch)' if constant else 'MISSED (they vary)'}"
    )
    nothing = run.second_writes == 0 and run.second_changed == 0
    print(
        f"Second run: {run.second_s:.3f}s, {run.second_queries} queries, "
        f"{run.second_writes} writes, {run.second_changed} members changed: "
        f"{'met' if nothing else 'MISSED'}"
    )
