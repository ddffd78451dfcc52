"""The notification sweep: the plan-review producer and the dispatch of
what it made, over many plans, each against a bare SELECT of the same rows."""

from __future__ import annotations

import datetime
import secrets
import time
from dataclasses import dataclass

ADD_BATCH = 5000

PLANS_DUE = (
    "SELECT p.id, p.review_due, p.worker_id, m.full_name, m.user_id, n.cluster_id "
    "FROM support_plans_supportplan p JOIN members_member m ON m.id = p.member_id "
    "LEFT JOIN networks_network n ON n.id = m.network_id "
    "WHERE p.organisation_id = %s AND p.status = 'agreed' "
    "AND p.review_due BETWEEN %s AND %s"
)
DELIVERIES_DUE = (
    "SELECT id FROM notifications_delivery WHERE organisation_id = %s "
    "AND state = 'waiting' AND next_attempt_at <= now()"
)
SCRATCH_TABLES = (
    "notifications_deliveryattempt",
    "notifications_delivery",
    "notifications_notification",
    "support_plans_supportplan",
    "members_member",
)


@dataclass
class Sweep:
    plans: int
    batch: int
    select_s: float
    produce_s: float
    produce_queries: int
    dispatch_select_s: float
    dispatch_s: float
    dispatch_queries: int


def bench_sweep(plans: int) -> Sweep:
    """Time the plan-review sweep over ``plans`` plans against a bare
    SELECT of the same rows, as the beat tasks run it: the producer in one
    transaction, the dispatcher one transaction a batch. The plans belong
    to a scratch organisation, removed at the end; the dispatched tasks
    are not sent (only the sweep is measured)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from keyring_net.models import Organisation
    from keyring_net.tasks import in_organisation
    from notifications import producing
    from notifications.services import sending
    from support_plans import reminders as plan_reminders

    today = timezone.localdate()
    scratch = Organisation.objects.create(
        name="Sweep bench", slug=f"sweep-bench-{secrets.token_hex(4)}"
    )
    enqueue = sending._enqueue
    sending._enqueue = lambda ids, organisation_id: None  # measure the sweep, send nothing
    try:
        print(f"\nNotification sweep: adding {plans} plans due for review ...")
        _add_plans(scratch.pk, plans, today)
        _analyse("support_plans_supportplan", "members_member")
        window = [today - datetime.timedelta(days=90), today + datetime.timedelta(days=30)]
        select_s, rows = _timed_select(PLANS_DUE, [scratch.pk, *window])
        assert rows == plans, (rows, plans)
        with CaptureQueriesContext(connection) as produced:
            began = time.perf_counter()
            with in_organisation(scratch.pk) as organisation:
                plan_reminders.plan_review_prompts(organisation=organisation, today=today)
            produce_s = time.perf_counter() - began
        _analyse("notifications_delivery")
        dispatch_select_s, due = _timed_select(DELIVERIES_DUE, [scratch.pk])
        with CaptureQueriesContext(connection) as dispatched:
            began = time.perf_counter()
            while True:
                with in_organisation(scratch.pk) as organisation:
                    if sending.dispatch_due_batch(organisation=organisation) < sending.BATCH:
                        break
            dispatch_s = time.perf_counter() - began
    finally:
        sending._enqueue = enqueue
        _remove(scratch)
    print(f"  {due} deliveries due")
    return Sweep(
        plans=plans,
        batch=producing.BATCH,
        select_s=select_s,
        produce_s=produce_s,
        produce_queries=len(produced.captured_queries),
        dispatch_select_s=dispatch_select_s,
        dispatch_s=dispatch_s,
        dispatch_queries=len(dispatched.captured_queries),
    )


def _add_plans(organisation_id: int, plans: int, today: datetime.date) -> None:
    """``plans`` members, each with an agreed plan due for review in five days."""
    from keyring_net.models import User
    from keyring_net.tasks import in_organisation
    from members.models import Member
    from support_plans.models import SupportPlan

    worker = User.objects.order_by("pk").values_list("pk", flat=True).first()
    with in_organisation(organisation_id) as organisation:
        for start in range(0, plans, ADD_BATCH):
            size = min(ADD_BATCH, plans - start)
            members = Member.objects.bulk_create(
                Member(organisation=organisation, full_name=f"Sweep {i}")
                for i in range(start, start + size)
            )
            SupportPlan.objects.bulk_create(
                SupportPlan(
                    organisation=organisation,
                    member=m,
                    worker_id=worker,
                    status=SupportPlan.Status.AGREED,
                    review_due=today + datetime.timedelta(days=5),
                )
                for m in members
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


def _remove(scratch) -> None:
    """The scratch organisation and everything the sweep made in it."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in SCRATCH_TABLES:
            cursor.execute(f"DELETE FROM {table} WHERE organisation_id = %s", [scratch.pk])  # noqa: S608
    scratch.delete()


def report_sweep(sweep: Sweep) -> None:
    batches = -(-sweep.plans // sweep.batch)
    print(
        f"Plan-review sweep over {sweep.plans} plans (batches of {sweep.batch}, {batches} "
        f"batches): {sweep.produce_s:.2f}s, {sweep.produce_queries} queries; bare SELECT "
        f"{sweep.select_s:.3f}s; ratio {sweep.produce_s / sweep.select_s:.1f}x"
    )
    print(
        f"Dispatch of what it made: {sweep.dispatch_s:.2f}s, {sweep.dispatch_queries} queries; "
        f"bare SELECT {sweep.dispatch_select_s:.3f}s; "
        f"ratio {sweep.dispatch_s / sweep.dispatch_select_s:.1f}x"
    )
