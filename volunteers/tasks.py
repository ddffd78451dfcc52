"""Background work of the volunteers app: the lone-working sweep and its
e-mails. Thin: ids in, the organisation entered, one service called."""

from __future__ import annotations

import logging

from celery import shared_task

from keyring_net.tasks import in_each_organisation, in_organisation
from volunteers import services_today

logger = logging.getLogger(__name__)


@shared_task(
    name="volunteers.tasks.raise_overdue_alerts_task",
    soft_time_limit=50,
    time_limit=110,
)
def raise_overdue_alerts_task() -> int:
    """Every minute (beat): raise the lone-working alerts that are due, in
    each organisation in turn. Returns how many were raised.

    Safe to run twice or at once in two workers: each level of alert is
    raised once per check-in (see ``services_today.raise_overdue_alerts``).
    One organisation's failure is logged and does not stop the others.
    """
    return sum(
        in_each_organisation(
            lambda organisation: len(
                services_today.raise_overdue_alerts(organisation=organisation)
            ),
            what="lone-working sweep",
            log=logger,
        )
    )


@shared_task(
    name="volunteers.tasks.send_lone_working_alert_task",
    autoretry_for=(OSError,),  # the mail server is down or refused: try again
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=30,
    time_limit=60,
)
def send_lone_working_alert_task(
    alert_id: int, organisation_id: int, addresses: list[str] | None = None
) -> int:
    """E-mail one alert to ``addresses`` that are nobody's account (an
    out-of-hours inbox). Enqueued after the commit that raised it. Without
    ``addresses`` (a message queued before alerts went through the
    notifications app), to everyone recorded on it."""
    with in_organisation(organisation_id) as organisation:
        return services_today.lone_working_alert_send(
            organisation=organisation, alert_id=alert_id, addresses=addresses
        )
