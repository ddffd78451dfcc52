"""Background work of the outcomes app: commissioner reports. Thin: ids in,
the organisation entered, a service called."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from keyring_net.models import Organisation
from keyring_net.tasks import in_organisation
from outcomes import services_reports
from volunteers.tasks import organisation_ids

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
    made = 0
    for organisation_id in organisation_ids():
        try:
            with in_organisation(organisation_id) as organisation:
                made += len(services_reports.schedule_due_reports(organisation=organisation))
        except SoftTimeLimitExceeded:
            raise
        except Organisation.DoesNotExist:
            continue
        except Exception:
            logger.exception("report schedule failed for organisation %s", organisation_id)
    return made


@shared_task(name="outcomes.tasks.sweep_stuck_reports_task", soft_time_limit=120, time_limit=240)
def sweep_stuck_reports_task() -> int:
    """Every ten minutes (beat): send stuck reports again, or fail them
    after the last try. Returns how many were sent again."""
    again = 0
    for organisation_id in organisation_ids():
        try:
            with in_organisation(organisation_id) as organisation:
                again += services_reports.sweep_stuck_reports(organisation=organisation)[0]
        except SoftTimeLimitExceeded:
            raise
        except Organisation.DoesNotExist:
            continue
        except Exception:
            logger.exception("report sweep failed for organisation %s", organisation_id)
    return again
