"""Reads for rotas: shifts, patterns, swaps, availability and calendar
links, always inside the viewer's organisation and reach; a network's week
and a worker's own rota, in words, for the pages and the API.

Coverage gaps are in ``gaps``, hours in ``hours``, time in words in
``volunteers.wording``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from keyring_net.actors import Actor
from keyring_net.clock import LONDON, clock, day_text, local
from keyring_net.models import Organisation, Role, RoleAssignment, User
from keyring_net.policy import Permission, can
from networks.models import Network
from networks.selectors import networks_for_viewer
from volunteers.models import (
    Availability,
    CalendarFeed,
    Shift,
    ShiftPattern,
    SwapRequest,
)
from volunteers.selectors.found import found_in_reach
from volunteers.selectors.gaps import RotaGap, coverage_gaps, window_shifts
from volunteers.wording import span_text, times_text, week_label

WORKER_ROLES = (Role.CLV, Role.COMMUNITY_ENABLER, Role.CONNECTIONS_VOLUNTEER)
LIST_LIMIT = 20


# --- Reach -------------------------------------------------------------------------------------


def workers_in_networks(organisation: Organisation, network_ids) -> QuerySet[User]:
    """People with an active CLV, enabler or connections volunteer role in
    the networks (ids or a subquery)."""
    return (
        User.objects.filter(
            pk__in=RoleAssignment.objects.filter(
                organisation=organisation,
                role__in=WORKER_ROLES,
                network__in=network_ids,
                ended_at__isnull=True,
            ).values("user")
        )
        .filter(is_active=True)
        .order_by("full_name", "pk")
    )


def workers_for_viewer(actor: Actor) -> QuerySet[User]:
    """Who works in the viewer's networks (for choosing a worker)."""
    return workers_in_networks(actor.organisation, networks_for_viewer(actor).values("pk"))


def shifts_for_viewer(actor: Actor) -> QuerySet[Shift]:
    """Shifts in the networks the viewer reaches. Colleagues share a rota,
    so everyone who reaches a network sees who is on."""
    return (
        Shift.objects.filter(organisation=actor.organisation)
        .filter(network__in=networks_for_viewer(actor).values("pk"))
        .select_related("network", "worker")
        .order_by("starts_at", "pk")
    )


def shift_get_for_viewer(
    *, actor: Actor, shift_id: int, permission: Permission = Permission.VIEW_ROTA
) -> Shift:
    """404 when missing, in another organisation or out of reach; 403 when
    in reach but the role does not hold ``permission``."""
    return found_in_reach(shifts_for_viewer(actor), shift_id, actor, permission)


def pattern_get_for_viewer(
    *, actor: Actor, pattern_id: int, permission: Permission
) -> ShiftPattern:
    patterns = (
        ShiftPattern.objects.filter(organisation=actor.organisation)
        .filter(network__in=networks_for_viewer(actor).values("pk"))
        .select_related("network", "worker")
    )
    return found_in_reach(patterns, pattern_id, actor, permission)


def swaps_for_viewer(actor: Actor) -> QuerySet[SwapRequest]:
    """Support managers reach every swap in their networks; everyone else
    only the swaps they asked for or were offered."""
    swaps = SwapRequest.objects.filter(organisation=actor.organisation).filter(
        shift__network__in=networks_for_viewer(actor).values("pk")
    )
    if not can(actor, Permission.MANAGE_ROTA):
        swaps = swaps.filter(Q(from_worker=actor.user) | Q(to_worker=actor.user))
    return swaps.select_related(
        "shift", "shift__network", "shift__worker", "from_worker", "to_worker", "decided_by"
    ).order_by("-requested_at", "-pk")


def swap_get_for_viewer(*, actor: Actor, swap_id: int, permission: Permission) -> SwapRequest:
    return found_in_reach(swaps_for_viewer(actor), swap_id, actor, permission)


def pending_swaps(actor: Actor) -> QuerySet[SwapRequest]:
    return swaps_for_viewer(actor).filter(status=SwapRequest.Status.PENDING)


def swaps_waiting(actor: Actor, limit: int = LIST_LIMIT) -> tuple[list[SwapRequest], int]:
    """Swaps waiting for a decision (oldest first, so none waits forever),
    with their shift in words, and how many there are."""
    waiting = pending_swaps(actor).order_by("requested_at", "pk")
    swaps = list(waiting[:limit])
    for swap in swaps:
        swap.shift.when_text = span_text(swap.shift.starts_at, swap.shift.ends_at)
    return swaps, waiting.count()


def availability_for_viewer(actor: Actor) -> QuerySet[Availability]:
    """Your own availability and time off; a support manager also sees
    everyone's who works in their networks."""
    if actor.user is None:
        return Availability.objects.none()
    reach = Q(worker=actor.user)
    if can(actor, Permission.MANAGE_ROTA):
        reach |= Q(worker__in=workers_for_viewer(actor).values("pk"))
    return (
        Availability.objects.filter(organisation=actor.organisation)
        .filter(reach)
        .select_related("worker")
        .order_by("starts_at", "pk")
    )


def availability_get_for_viewer(
    *, actor: Actor, availability_id: int, permission: Permission
) -> Availability:
    return found_in_reach(availability_for_viewer(actor), availability_id, actor, permission)


def upcoming_availability(actor: Actor, now: datetime.datetime) -> QuerySet[Availability]:
    return availability_for_viewer(actor).filter(ends_at__gt=now)


def calendar_link_active(actor: Actor) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.filter(
            organisation=actor.organisation, user=actor.user, revoked_at__isnull=True
        )
        .order_by("-created_at")
        .first()
    )


# --- The rota page -----------------------------------------------------------------------------


@dataclass
class RotaDay:
    day: datetime.date
    shifts: list[Shift]
    gaps: list[RotaGap]

    @property
    def label(self) -> str:
        return day_text(self.day)


@dataclass
class RotaWeek:
    network: Network
    monday: datetime.date
    days: list[RotaDay]
    week_gaps: list[RotaGap]
    gap_count: int
    swaps: list[SwapRequest]
    patterns: list[ShiftPattern]
    workers: list[User] = field(default_factory=list)

    @property
    def label(self) -> str:
        return week_label(self.monday)

    @property
    def previous(self) -> str:
        return week_label(self.monday - datetime.timedelta(days=7))

    @property
    def next(self) -> str:
        return week_label(self.monday + datetime.timedelta(days=7))

    @property
    def sunday(self) -> datetime.date:
        return self.monday + datetime.timedelta(days=6)


def describe_shift(shift: Shift, actor: Actor, now: datetime.datetime) -> Shift:
    """Words and what the viewer may do, set on the shift for the page."""
    shift.time_text = times_text(shift.starts_at, shift.ends_at)
    shift.day = local(shift.starts_at).date()
    planned = shift.status == Shift.Status.PLANNED
    future = shift.starts_at > now
    shift.can_pick_up = (
        planned and future and shift.worker_id is None and can(actor, Permission.WORK_SHIFTS)
    )
    shift.can_offer = (
        planned and future and actor.user is not None and shift.worker_id == actor.user.pk
    )
    shift.can_mark_worked = (
        planned
        and shift.worker_id is not None
        and shift.starts_at <= now
        and (
            can(actor, Permission.MANAGE_ROTA)
            or (actor.user is not None and shift.worker_id == actor.user.pk)
        )
    )
    return shift


def rota_week(
    *, actor: Actor, network: Network, monday: datetime.date, now: datetime.datetime
) -> RotaWeek:
    """One network's week, day by day, with its gaps, pending swaps and
    patterns. A fixed number of queries, whatever the number of shifts."""
    shifts = window_shifts(actor.organisation, [network.pk], monday, with_cancelled=True)
    gaps = coverage_gaps(actor.organisation, [network], monday, shifts=shifts)[network.pk]
    by_day: dict[datetime.date, list[Shift]] = defaultdict(list)
    for shift in shifts:
        describe_shift(shift, actor, now)
        by_day[shift.day].append(shift)
    days = []
    for offset in range(7):
        day = monday + datetime.timedelta(days=offset)
        days.append(RotaDay(day, by_day[day], [g for g in gaps if g.day == day]))
    manager = can(actor, Permission.MANAGE_ROTA)
    swaps = (
        list(pending_swaps(actor).filter(shift__network=network)[:LIST_LIMIT]) if manager else []
    )
    for swap in swaps:
        swap.shift.when_text = span_text(swap.shift.starts_at, swap.shift.ends_at)
    patterns = (
        list(
            ShiftPattern.objects.filter(organisation=actor.organisation, network=network)
            .select_related("worker")
            .order_by("starts_on", "start_time", "pk")
        )
        if manager
        else []
    )
    for pattern in patterns:
        pattern.text = pattern_text(pattern)
        pattern.kind_label = kind_label(pattern.kind)
    return RotaWeek(
        network=network,
        monday=monday,
        days=days,
        week_gaps=[g for g in gaps if g.day is None or g.kind == "time_off"],
        gap_count=len(gaps),
        swaps=swaps,
        patterns=patterns,
    )


WEEKDAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}


def kind_label(kind: str) -> str:
    return Shift.Kind(kind).label if kind in Shift.Kind.values else kind


def pattern_days(pattern: ShiftPattern) -> list[str]:
    for part in pattern.rrule.split(";"):
        if part.startswith("BYDAY="):
            return part.removeprefix("BYDAY=").split(",")
    return []


def pattern_text(pattern: ShiftPattern) -> str:
    """ "Every Tuesday and Thursday, 6pm to 9pm, from 3 March 2026"."""
    names = [f"{WEEKDAYS[d]}" for d in pattern_days(pattern) if d in WEEKDAYS]
    days = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    start = datetime.datetime.combine(pattern.starts_on, pattern.start_time)
    end = start + datetime.timedelta(minutes=pattern.minutes)
    times = f"{clock(start.replace(tzinfo=LONDON))} to {clock(end.replace(tzinfo=LONDON))}"
    text = f"Every {days}, {times}, from {pattern.starts_on.day} {pattern.starts_on:%B %Y}"
    if pattern.ends_on:
        text += f" to {pattern.ends_on.day} {pattern.ends_on:%B %Y}"
    return text


# --- A worker's own rota -----------------------------------------------------------------------


@dataclass
class MyRota:
    shifts: list[Shift]
    open_shifts: list[Shift]
    swaps: list[SwapRequest]
    offered_to_me: list[SwapRequest]


def my_rota(*, actor: Actor, now: datetime.datetime, weeks: int = 4) -> MyRota:
    """The viewer's shifts for the next few weeks (and any started today or
    not yet marked worked), open shifts they could pick up, and their swaps."""
    until = now + datetime.timedelta(weeks=weeks)
    recent = now - datetime.timedelta(days=7)
    mine = list(
        shifts_for_viewer(actor)
        .filter(worker=actor.user, starts_at__lt=until, ends_at__gt=recent)
        .exclude(status=Shift.Status.CANCELLED)
    )
    open_shifts = list(
        shifts_for_viewer(actor).filter(
            worker__isnull=True,
            status=Shift.Status.PLANNED,
            starts_at__gt=now,
            starts_at__lt=until,
        )[:LIST_LIMIT]
    )
    for shift in [*mine, *open_shifts]:
        describe_shift(shift, actor, now)
        shift.when_text = span_text(shift.starts_at, shift.ends_at)
    swaps = list(swaps_for_viewer(actor).filter(from_worker=actor.user)[:LIST_LIMIT])
    offered = list(
        swaps_for_viewer(actor).filter(to_worker=actor.user, status=SwapRequest.Status.PENDING)
    )
    for swap in [*swaps, *offered]:
        swap.shift.when_text = span_text(swap.shift.starts_at, swap.shift.ends_at)
    return MyRota(mine, open_shifts, swaps, offered)
