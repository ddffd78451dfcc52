"""Background work of the outcomes app: commissioner reports. Thin: ids in,
the organisation entered, a service called."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from keyring_net.tasks import in_each_organisation, in_organisation
from outcomes.services import report_schedule
from outcomes.services import reports as services_reports

logger = logging.getLogger(__name__)


@shared_task(
    name="outcomes.tasks.render_report_task",
    soft_time_limit=services_reports.REPORT_SECONDS + 30,
    time_limit=services_reports.REPORT_SECONDS + 90,
)
def render_report_task(report_id: int, organisation_id: int) -> str:
    """Make one report. The claim is committed on its own first, so the
    attempt counts even if this worker dies; a second run finds it claimed
    or made and does nothing. Returns the report's status."""
    with in_organisation(organisation_id) as organisation:
        claimed = services_reports.report_claim(organisation=organisation, report_id=report_id)
    if not claimed:
        return "not waiting"
    try:
        with in_organisation(organisation_id) as organisation:
            report = services_reports.report_render(organisation=organisation, report_id=report_id)
    except SoftTimeLimitExceeded:
        # Off the main thread the render's own timer is not set: fail it here.
        with in_organisation(organisation_id) as organisation:
            services_reports.report_fail_slow(organisation=organisation, report_id=report_id)
        return "failed"
    return report.status if report else "not rendering"


@shared_task(name="outcomes.tasks.schedule_due_reports_task", soft_time_limit=300, time_limit=600)
def schedule_due_reports_task() -> int:
    """Daily (beat): the reports of periods just ended, organisation by
    organisation. Safe to run twice. Returns how many were made waiting."""
    return sum(
        in_each_organisation(
            lambda organisation: len(
                report_schedule.schedule_due_reports(organisation=organisation)
            ),
            what="report schedule",
            log=logger,
        )
    )


@shared_task(name="outcomes.tasks.sweep_stuck_reports_task", soft_time_limit=120, time_limit=240)
def sweep_stuck_reports_task() -> int:
    """Every ten minutes (beat): send stuck reports again, or fail them
    after the last try. Returns how many were sent again."""
    return sum(
        in_each_organisation(
            lambda organisation: report_schedule.sweep_stuck_reports(organisation=organisation)[0],
            what="report sweep",
            log=logger,
        )
    )
