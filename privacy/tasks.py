"""Retention's nightly sweep (django-celery-beat, ``privacy`` migration
0002_retention): in each organisation, anonymise what is past its time."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from keyring_net.clock import local
from keyring_net.tasks import in_each_organisation
from privacy.services.retention import anonymise_past_retention

logger = logging.getLogger(__name__)


@shared_task(
    name="privacy.tasks.anonymise_past_retention_task",
    acks_late=True,
    soft_time_limit=3000,
    time_limit=3600,
)
def anonymise_past_retention_task() -> int:
    """Anonymise every organisation's records past their retention period.
    Idempotent: a second run finds nothing to do. Returns how many members
    were anonymised (for any kind of record)."""
    done = in_each_organisation(
        lambda organisation: anonymise_past_retention(
            organisation=organisation, today=local(timezone.now(), organisation).date()
        ),
        what="Retention sweep",
        log=logger,
    )
    total = sum(sum(counts.values()) for counts in done)
    logger.info("Retention sweep anonymised %s members' records at %s", total, timezone.now())
    return total
