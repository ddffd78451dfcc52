"""Background work of the volunteers app: the lone-working sweep (its
alerts are sent as notifications). Thin: the organisation entered, one
service called."""

from __future__ import annotations

import logging

from celery import shared_task

from keyring_net.tasks import in_each_organisation
from volunteers.services import today as services_today

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
