"""What every app's ``reminders.py`` shares when it says what is due.

A producer reads its records a batch at a time (``batches``: keyset on the
primary key) and hands each batch's specs to
``services.create.create_notifications``, so a run costs a fixed number
of queries per batch, however many rows: one read, five or six writes.
Running one twice, or two at once, creates nothing twice (unique keys).
Notifications are created ahead of time with their own ``due_at`` (a visit
reminder an hour before the visit); the dispatcher sends each when due.
Each app registers its producer with ``notifications.registry``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from keyring_net.clock import local_zone
from keyring_net.models import Organisation, Role, RoleAssignment
from notifications.services.create import Spec

BATCH = 500
PROMPT_HOUR = 9  # prompts are due at 09:00 local on their day


def day_words(day: datetime.date) -> str:
    """ "Wednesday 10 June 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def at_local(organisation: Organisation, day: datetime.date, hour: int) -> datetime.datetime:
    """``hour`` o'clock on ``day`` in the organisation's time zone."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=local_zone(organisation))


def prompt_at(organisation: Organisation, day: datetime.date) -> datetime.datetime:
    """When a prompt on ``day`` is due: 09:00 local."""
    return at_local(organisation, day, PROMPT_HOUR)


def batches(queryset: QuerySet, size: int) -> Iterator[list]:
    """The rows of ``queryset`` in primary-key order, ``size`` at a time:
    one query a batch, never an OFFSET that slows as it goes."""
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if rows:
            yield rows
        if len(rows) < size:
            return
        last = rows[-1].pk


def managers_by_cluster(organisation: Organisation) -> dict[int, list[int]]:
    """Support managers' user ids for each cluster (one query a run)."""
    found: dict[int, list[int]] = defaultdict(list)
    for cluster_id, user_id in RoleAssignment.objects.filter(
        organisation=organisation, role=Role.SUPPORT_MANAGER, ended_at__isnull=True
    ).values_list("cluster_id", "user_id"):
        found[cluster_id].append(user_id)
    return found


def stage_of(days_left: int, stages: tuple[int, ...]) -> int | None:
    """The warning stage a record is in: with (30, 7), 30 when 8 to 30 days
    are left, 7 when 0 to 7 are; ``None`` otherwise."""
    chosen = None
    for stage in sorted(stages, reverse=True):
        if 0 <= days_left <= stage:
            chosen = stage
    return chosen


def specs_for(recipient_ids: Iterable[int], **spec) -> list[Spec]:
    """The same notification for each of ``recipient_ids`` (once each)."""
    return [Spec(recipient_id=pk, **spec) for pk in dict.fromkeys(recipient_ids)]
