"""Tasks of the tenancy core, the helper every task uses to enter its
organisation, and the one loop over every organisation for periodic tasks."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from keyring_net.models import Heartbeat, Organisation
from keyring_net.selectors import organisation_by_id, organisation_ids_after
from keyring_net.tenancy import organisation_scope, set_database_organisation

logger = logging.getLogger(__name__)

ORGANISATION_BATCH = 200

T = TypeVar("T")


@contextmanager
def in_organisation(organisation_id: int) -> Iterator[Organisation]:
    """Enter one organisation for the length of a task: scoped managers and,
    on PostgreSQL, the row-level security setting, inside one transaction.

    Raises ``Organisation.DoesNotExist`` for an unknown id, so a task for a
    removed organisation fails loudly rather than running unscoped.
    """
    organisation = organisation_by_id(organisation_id)
    with transaction.atomic(), organisation_scope(organisation):
        set_database_organisation(organisation.pk)
        yield organisation


def organisation_ids(batch: int = ORGANISATION_BATCH) -> Iterator[int]:
    """Every organisation's id, a batch at a time (one query a batch).

    ``Organisation`` is the tenant itself, not tenant-owned, so listing it
    crosses no wall; each organisation's rows are then read inside its own
    scope, never across organisations.
    """
    last = 0
    while True:
        ids = organisation_ids_after(last, batch)
        yield from ids
        if len(ids) < batch:
            return
        last = ids[-1]


def for_each_organisation(
    work: Callable[[int], T], *, what: str, log: logging.Logger = logger
) -> Iterator[T]:
    """Run ``work(organisation_id)`` for every organisation in turn, and yield
    what each run returns.

    A soft time limit stops the whole run. An organisation removed since it
    was listed is skipped. Any other failure is logged on ``log`` as
    "<what> failed for organisation <id>" and the next organisation goes on,
    so one organisation's failure never stops the others.
    """
    for organisation_id in organisation_ids():
        try:
            result = work(organisation_id)
        except SoftTimeLimitExceeded:
            raise
        except Organisation.DoesNotExist:
            continue  # removed since it was listed
        except Exception:
            log.exception("%s failed for organisation %s", what, organisation_id)
            continue
        yield result


def in_each_organisation(
    work: Callable[[Organisation], T], *, what: str, log: logging.Logger = logger
) -> Iterator[T]:
    """``for_each_organisation``, with each run inside its organisation
    (``in_organisation``): ``work`` is given the organisation."""

    def entered(organisation_id: int) -> T:
        with in_organisation(organisation_id) as organisation:
            return work(organisation)

    return for_each_organisation(entered, what=what, log=log)


@shared_task(name="keyring_net.record_heartbeat")
def record_heartbeat_task(name: str) -> str:
    """Record that background work ran, under ``name``.

    The beat schedule calls it every minute as "scheduler", so the health page
    can say when periodic work last ran. Repeating it only moves the time on.
    """
    now = timezone.now()
    Heartbeat.objects.update_or_create(name=name, defaults={"last_seen_at": now})
    return now.isoformat()


@shared_task(name="keyring_net.clear_expired_sessions")
def clear_expired_sessions_task() -> None:
    """Remove expired login sessions (Django's ``clearsessions``)."""
    call_command("clearsessions")
