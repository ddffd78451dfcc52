"""Availability and time off, and private calendar links to a worker's own
shifts. Each takes the acting person and names them in the change history.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor, audited, save_changes
from keyring_net.policy import Permission
from volunteers import calendar_feed
from volunteers.models import Availability, CalendarFeed, Shift

# --- Availability and time off -----------------------------------------------------------------


@transaction.atomic
def availability_add(
    *,
    actor: Actor,
    kind: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    note: str = "",
) -> tuple[Availability, list[Shift]]:
    """Record when you can work, or time off. Returns it with any of your
    shifts the time off overlaps (offer them to a colleague)."""
    require(actor, Permission.WORK_SHIFTS)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The end must be after the start."})
    row = Availability(
        organisation=actor.organisation,
        worker=actor.user,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        note=note.strip(),
    )
    audited(row, actor).save()
    clashes: list[Shift] = []
    if kind == Availability.Kind.TIME_OFF:
        clashes = list(
            Shift.objects.filter(
                organisation=actor.organisation,
                worker=actor.user,
                status=Shift.Status.PLANNED,
                starts_at__lt=ends_at,
                ends_at__gt=starts_at,
            ).order_by("starts_at")
        )
    return row, clashes


@transaction.atomic
def availability_remove(*, actor: Actor, availability: Availability) -> None:
    """Remove your own availability or time off (kept in its history)."""
    require(actor, Permission.WORK_SHIFTS)
    if actor.user is None or availability.worker_id != actor.user.pk:
        raise PermissionDenied("Only the person it belongs to can remove it.")
    audited(availability, actor).delete()


# --- Calendar links ----------------------------------------------------------------------------


@transaction.atomic
def calendar_link_create(*, actor: Actor) -> tuple[CalendarFeed, str]:
    """A new private calendar link for your shifts. Any older link stops
    working. Returns it with its secret, shown once and never stored (only
    its hash is kept)."""
    require(actor, Permission.WORK_SHIFTS)
    calendar_link_revoke(actor=actor)
    token = calendar_feed.new_token(actor.organisation)
    feed = CalendarFeed(
        organisation=actor.organisation,
        user=actor.user,
        token_hash=calendar_feed.token_hash(token),
    )
    audited(feed, actor).save()
    return feed, token


@transaction.atomic
def calendar_link_revoke(*, actor: Actor) -> int:
    """Stop your calendar links working (they then answer "not found")."""
    require(actor, Permission.WORK_SHIFTS)
    now = timezone.now()
    feeds = list(
        CalendarFeed.objects.filter(
            organisation=actor.organisation, user=actor.user, revoked_at__isnull=True
        )
    )
    for feed in feeds:
        feed.revoked_at = now
        save_changes(feed, actor, "revoked_at")
    return len(feeds)
