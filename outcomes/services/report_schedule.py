"""Commissioner reports on a contract's schedule, and reports stuck on the
way: the daily and ten-minute sweeps (``outcomes.tasks``) call these."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from keyring_net.models import Organisation
from outcomes.models import CommissionerReport, Contract
from outcomes.services.reports import (
    MAX_ATTEMPTS,
    STUCK_AFTER,
    Period,
    Status,
    make_later,
    next_version,
)


def last_ended_period(contract: Contract, today: datetime.date) -> Period | None:
    """The contract's most recent reporting period that has ended by
    ``today`` (periods of ``report_every_months`` from its start; the last
    one stops at the contract's end), or None before the first ends."""
    step = relativedelta(months=contract.report_every_months)
    start = contract.starts_on
    found = None
    index = 0
    while start <= contract.ends_on:
        end = min(
            contract.starts_on + step * (index + 1) - datetime.timedelta(days=1), contract.ends_on
        )
        if end >= today:
            break
        found = Period(start, end)
        index += 1
        start = contract.starts_on + step * index
    return found


def schedule_due_reports(
    *, organisation: Organisation, today: datetime.date | None = None
) -> list[CommissionerReport]:
    """For each active contract of the organisation, the scheduled report
    of its period just ended, once (a second run, or two at once, makes
    none). Returns the reports made waiting (enqueued on commit)."""
    today = today or timezone.localdate()
    made = []
    contracts = Contract.objects.filter(organisation=organisation, is_active=True).order_by("pk")
    for contract in contracts:
        period = last_ended_period(contract, today)
        if period is None:
            continue
        exists = CommissionerReport.objects.filter(
            organisation=organisation,
            contract=contract,
            period_start=period.start,
            period_end=period.end,
            scheduled=True,
        ).exists()
        if exists:
            continue
        try:
            with transaction.atomic():
                report = CommissionerReport.objects.create(
                    organisation=organisation,
                    contract=contract,
                    period_start=period.start,
                    period_end=period.end,
                    version=next_version(contract, period),
                    scheduled=True,
                )
        except IntegrityError:
            continue  # another run made it a moment ago
        make_later(report)
        made.append(report)
    return made


def sweep_stuck_reports(
    *, organisation: Organisation, now: datetime.datetime | None = None
) -> tuple[int, int]:
    """Reports left waiting or being made for longer than ``STUCK_AFTER``
    (a lost message, a worker that died): sent again, or failed after
    ``MAX_ATTEMPTS``. Returns (sent again, failed)."""
    now = now or timezone.now()
    cutoff = now - STUCK_AFTER
    stuck = CommissionerReport.objects.filter(organisation=organisation).filter(
        Q(status=Status.WAITING, requested_at__lt=cutoff)
        | Q(status=Status.RENDERING, started_at__lt=cutoff)
    )
    failed = stuck.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Status.FAILED,
        finished_at=now,
        error=f"It could not be made after {MAX_ATTEMPTS} tries. Ask for it again, or tell us.",
    )
    again = 0
    for report in stuck.filter(attempts__lt=MAX_ATTEMPTS).order_by("pk")[:200]:
        # Back to waiting only if still stuck as seen (conditional update).
        if CommissionerReport.objects.filter(pk=report.pk, status=report.status).update(
            status=Status.WAITING, requested_at=now
        ):
            make_later(report)
            again += 1
    return again, failed
