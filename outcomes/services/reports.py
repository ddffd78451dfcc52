"""Commissioner reports: asked for, made in the background, kept.

A report goes waiting -> rendering -> ready (its PDF and CSV written once,
in ``ReportFile``) or failed (with a plain reason). Making it is claimed
with a conditional update, so doing it twice does nothing twice; past its
time or page limit it fails and nothing is half-written. Reports on a
contract's schedule are made once per period (``schedule_due_reports``);
reports stuck waiting are sent again a few times, then fail
(``sweep_stuck_reports``); both in ``outcomes.services.report_schedule``.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor, audited
from keyring_net.models import Organisation, Role, RoleAssignment
from keyring_net.pdf import (
    RenderTooSlow,
    ReportTooLong,
    StaticOnlyFetcher,
    render_pdf_pages,
    time_limit,
)
from keyring_net.policy import Permission
from outcomes import reminders
from outcomes.disclosure import suppress
from outcomes.figures.counting import outcome_figures
from outcomes.models import CommissionerReport, Contract, ReportDownload, ReportFile
from outcomes.report_charts import star_change_svg, star_radar_svg
from outcomes.report_costs import cost_section
from outcomes.report_csv import report_csv
from outcomes.report_document import report_context

logger = logging.getLogger(__name__)

Status = CommissionerReport.Status

REPORT_MAX_PAGES = 60  # 50 networks print in about 35
REPORT_SECONDS = 120  # below the task's soft time limit
MAX_ATTEMPTS = 3
STUCK_AFTER = datetime.timedelta(minutes=30)


# --- Asking for a report ----------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    clipped: bool = False  # moved inside the contract's dates


def period_check(*, contract: Contract, start: datetime.date, end: datetime.date) -> Period:
    """The period to report on: as asked, clipped to the contract's dates.
    Raises ``ValidationError`` (by field) when it ends before it starts or
    lies wholly outside the contract."""
    if end < start:
        raise ValidationError(
            {"period_end": ["The end of the period must be on or after its start."]}
        )
    clipped_start, clipped_end = max(start, contract.starts_on), min(end, contract.ends_on)
    if clipped_end < clipped_start:
        raise ValidationError(
            {
                "period_start": [
                    f"The contract runs from {_day(contract.starts_on)} to "
                    f"{_day(contract.ends_on)}: choose a period within it."
                ]
            }
        )
    return Period(clipped_start, clipped_end, (clipped_start, clipped_end) != (start, end))


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def next_version(contract: Contract, period: Period) -> int:
    latest = CommissionerReport.objects.filter(
        organisation=contract.organisation,
        contract=contract,
        period_start=period.start,
        period_end=period.end,
    ).aggregate(v=Max("version"))["v"]
    return (latest or 0) + 1


# The background task that makes a waiting report. The app sets it when it
# starts (``OutcomesConfig.ready``), so the reports need not import the
# tasks that call them.
_maker = None


def made_by(task) -> None:
    """Send waiting reports to ``task`` (``outcomes.tasks.render_report_task``)."""
    global _maker
    _maker = task


def make_later(report: CommissionerReport) -> None:
    """Make ``report`` in the background once this transaction commits."""
    _maker.delay_on_commit(report.pk, report.organisation_id)


@transaction.atomic
def report_request(
    *, actor: Actor, contract: Contract, start: datetime.date, end: datetime.date
) -> CommissionerReport:
    """Ask for a report on ``contract`` for a period (clipped to the
    contract): a new version for that period, made in the background once
    this commits. Raises ``ValidationError`` for a period that ends before
    it starts or is outside the contract."""
    require(actor, Permission.REQUEST_REPORTS)
    period = period_check(contract=contract, start=start, end=end)
    report = CommissionerReport(
        organisation=contract.organisation,
        contract=contract,
        period_start=period.start,
        period_end=period.end,
        version=next_version(contract, period),
        requested_by=actor.user,
    )
    audited(report, actor).save()
    report.clipped = period.clipped
    make_later(report)
    return report


# --- Making it --------------------------------------------------------------------------------


def report_claim(*, organisation: Organisation, report_id: int) -> bool:
    """Claim a waiting report for making (waiting -> rendering, one more
    attempt). False when it is not waiting: someone else has it, or it is
    made already. Commit before making it, so the attempt counts even if
    the worker dies."""
    return bool(
        CommissionerReport.objects.filter(
            organisation=organisation, pk=report_id, status=Status.WAITING
        ).update(
            status=Status.RENDERING,
            started_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
    )


def report_document(
    *,
    organisation: Organisation,
    report: CommissionerReport,
    figures,
    max_pages: int = REPORT_MAX_PAGES,
    seconds: float | None = REPORT_SECONDS,
    fetcher: StaticOnlyFetcher | None = None,
) -> tuple[dict, bytes, int, str]:
    """(shown figures, PDF bytes, pages, CSV text) for ``figures``. Only
    suppressed values reach the template. Raises ``ReportTooLong`` or
    ``RenderTooSlow`` past the limits."""
    shown = suppress(figures, organisation.small_count_threshold)
    days = (report.period_end - report.period_start).days + 1
    context = report_context(
        organisation=organisation,
        report=report,
        shown=shown,
        costs=cost_section(organisation=organisation, shown=shown, days=days),
        radar=star_radar_svg(shown),
        bars=star_change_svg(shown),
    )
    html = render_to_string("outcomes/pdf/report.html", context)
    pdf, pages = render_pdf_pages(html, max_pages=max_pages, fetcher=fetcher, seconds=seconds)
    return shown, pdf, pages, report_csv(shown)


def report_render(
    *,
    organisation: Organisation,
    report_id: int,
    max_pages: int = REPORT_MAX_PAGES,
    seconds: float | None = REPORT_SECONDS,
    fetcher: StaticOnlyFetcher | None = None,
    notify: bool = True,
) -> CommissionerReport | None:
    """Make a claimed (rendering) report: figures, suppression, PDF, CSV.
    Ready with its files, or failed with the reason when over its time or
    page limit; None when it is not being made (nothing done twice).
    Commissioners of the council are told once it is ready (on commit)."""
    report = (
        CommissionerReport.objects.filter(
            organisation=organisation, pk=report_id, status=Status.RENDERING
        )
        .select_related("contract")
        .select_for_update(of=("self",))
        .first()
    )
    if report is None:
        return None
    if ReportFile.objects.filter(organisation=organisation, report=report).exists():
        return None  # written already: never twice
    try:
        # One time limit for figures and rendering together; a limit hit
        # mid-query rolls back to this savepoint.
        with transaction.atomic(), time_limit(seconds):
            shown, pdf, pages, csv_text = report_document(
                organisation=organisation,
                report=report,
                figures=outcome_figures(
                    organisation=organisation,
                    networks=report.contract.networks.all(),
                    start=report.period_start,
                    end=report.period_end,
                ),
                max_pages=max_pages,
                seconds=None,
                fetcher=fetcher,
            )
    except ReportTooLong as error:
        return _fail(report, f"The report would be too long to print: {error}")
    except RenderTooSlow as error:
        return _fail(report, f"The report took too long to make and was stopped. {error}")
    ReportFile.objects.create(organisation=organisation, report=report, pdf=pdf, csv=csv_text)
    report.status = Status.READY
    report.figures = shown
    report.pages = pages
    report.error = ""
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "figures", "pages", "error", "finished_at"])
    if notify:
        report_ready_notify(report)
    return report


def _fail(report: CommissionerReport, reason: str) -> CommissionerReport:
    report.status = Status.FAILED
    report.error = reason
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "error", "finished_at"])
    logger.warning("commissioner report %s failed: %s", report.pk, reason)
    return report


def report_fail_slow(*, organisation: Organisation, report_id: int) -> None:
    """Fail a report whose task ran out of time before it was written."""
    report = CommissionerReport.objects.filter(
        organisation=organisation, pk=report_id, status=Status.RENDERING
    ).first()
    if report is not None:
        _fail(report, "The report took too long to make and was stopped.")


def report_make_now(
    *, organisation: Organisation, report_id: int, **limits
) -> CommissionerReport | None:
    """Claim and make a report in this process (the demo, the benchmark:
    pass ``notify=False`` to tell nobody)."""
    if not report_claim(organisation=organisation, report_id=report_id):
        return None
    return report_render(organisation=organisation, report_id=report_id, **limits)


# --- Telling commissioners --------------------------------------------------------------------


def commissioners_of(contract: Contract):
    """People with an active commissioner role for the contract's council here."""
    return (
        RoleAssignment.objects.filter(
            organisation=contract.organisation,
            role=Role.COMMISSIONER,
            local_authority=contract.local_authority_id,
            ended_at__isnull=True,
        )
        .select_related("user")
        .order_by("user_id")
    )


def report_ready_notify(report: CommissionerReport) -> int:
    """Tell the council's commissioners a report is ready: a notice in
    their messages and one e-mail each (plain text, no figures in it), both
    sent by the notifications app after the commit, with every try
    recorded. The notice on their reports page is read from
    ``ReportDownload`` (shown until they download the report). Returns how
    many will be e-mailed."""
    people = [a.user for a in commissioners_of(report.contract) if a.user.is_active]
    reminders.report_ready(
        organisation=report.organisation,
        report=report,
        user_ids=[user.pk for user in people],
    )
    return len({user.email for user in people if user.email})


@transaction.atomic
def report_downloaded(*, actor: Actor, report: CommissionerReport, format: str) -> ReportDownload:
    """Record that ``actor`` downloaded the report (the access log; it also
    ends their "new report" notice)."""
    require(actor, Permission.VIEW_REPORTS)
    return ReportDownload.objects.create(
        organisation=report.organisation, report=report, user=actor.user, format=format
    )
