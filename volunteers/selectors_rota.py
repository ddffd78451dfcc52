"""Reads for rotas: shifts, patterns, swaps, availability, coverage gaps and
hours, always inside the viewer's organisation and reach.

Times are stored in UTC and shown in Europe/London. The helpers at the top
turn them into the plain words the pages and error messages use ("from 6pm
to 9pm on Tuesday 3 March").
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncWeek

from keyring_net.access import not_found, require
from keyring_net.actors import Actor
from keyring_net.clock import LONDON, clock, day_text, local, local_to_utc
from keyring_net.models import Organisation, Role, RoleAssignment, User
from keyring_net.policy import Permission, can
from networks.models import Network
from networks.selectors import networks_for_viewer
from volunteers.clearance import blockers_on_days
from volunteers.models import (
    Availability,
    CalendarFeed,
    Shift,
    ShiftPattern,
    SwapRequest,
    VolunteerProfile,
)

WORKER_ROLES = (Role.CLV, Role.COMMUNITY_ENABLER, Role.CONNECTIONS_VOLUNTEER)
# An evening "has someone on" when staffed shifts cover 6pm to 10pm; a
# weekend day when anyone is on between 9am and 10pm.
EVENING = (datetime.time(18), datetime.time(22))
WEEKEND_DAY = (datetime.time(9), datetime.time(22))
CLV_WEEKLY_HOURS = Decimal(12)
HOURS_WEEKS = 8
LIST_LIMIT = 20


# --- Time in Europe/London, in plain words ----------------------------------------------------


def at_local(day: datetime.date, at: datetime.time) -> datetime.datetime:
    return local_to_utc(datetime.datetime.combine(day, at))


def ends_at_midnight(start: datetime.time, end: datetime.time) -> bool:
    """An end typed as 00:00 after a later start is midnight at the end of
    the day ("6pm to midnight"), not a time before the start."""
    return end == datetime.time(0) and start != datetime.time(0)


def span_text(start: datetime.datetime, end: datetime.datetime) -> str:
    """ "from 6pm to 9pm on Tuesday 3 March", or across midnight "from 10pm
    on Friday 6 March to 7am on Saturday 7 March"."""
    first, last = local(start), local(end)
    same_day = first.date() == last.date() or (
        (last.hour, last.minute) == (0, 0) and last.date() == first.date() + datetime.timedelta(1)
    )
    if same_day:
        return f"from {clock(start)} to {clock(end)} on {day_text(first.date())}"
    starts = f"{clock(start)} on {day_text(first.date())}"
    return f"from {starts} to {clock(end)} on {day_text(last.date())}"


def times_text(start: datetime.datetime, end: datetime.datetime) -> str:
    """ "6pm to 9pm" (with the day when it ends on a later one)."""
    first, last = local(start), local(end)
    if last.date() == first.date() or (
        (last.hour, last.minute) == (0, 0) and last.date() == first.date() + datetime.timedelta(1)
    ):
        return f"{clock(start)} to {clock(end)}"
    return f"{clock(start)} to {clock(end)} on {day_text(last.date())}"


def away_text(start: datetime.datetime, end: datetime.datetime) -> str:
    """Time off in words: whole days as days, otherwise with the hours."""
    first, last = local(start), local(end)
    if first.time() == datetime.time(0) and last.time() == datetime.time(0):
        final = last.date() - datetime.timedelta(days=1)
        if final == first.date():
            return f"on {day_text(first.date())}"
        return f"from {day_text(first.date())} to {day_text(final)}"
    return span_text(start, end)


def hours_text(minutes: int) -> str:
    """7 hours 20 minutes; 1 hour; 45 minutes; 0 hours."""
    hours, rest = divmod(int(minutes), 60)
    parts = []
    if hours or not rest:
        parts.append(f"{hours} hour{'' if hours == 1 else 's'}")
    if rest:
        parts.append(f"{rest} minute{'' if rest == 1 else 's'}")
    return " ".join(parts)


def number_text(value: Decimal | float | int) -> str:
    """12, 7.5: no trailing zeros."""
    return f"{Decimal(value).normalize():f}"


def name_of(user: User) -> str:
    return user.get_short_name()


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def parse_week(value: str | None, today: datetime.date) -> datetime.date:
    """The Monday of ISO week ``YYYY-Www``; this week when missing or not a
    real week."""
    if value:
        try:
            return datetime.datetime.strptime(f"{value}-1", "%G-W%V-%u").date()
        except ValueError:
            pass
    return monday_of(today)


def week_label(monday: datetime.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


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
    shift = shifts_for_viewer(actor).filter(pk=shift_id).first()
    if shift is None:
        raise not_found()
    require(actor, permission)
    return shift


def pattern_get_for_viewer(
    *, actor: Actor, pattern_id: int, permission: Permission
) -> ShiftPattern:
    pattern = (
        ShiftPattern.objects.filter(organisation=actor.organisation, pk=pattern_id)
        .filter(network__in=networks_for_viewer(actor).values("pk"))
        .select_related("network", "worker")
        .first()
    )
    if pattern is None:
        raise not_found()
    require(actor, permission)
    return pattern


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
    swap = swaps_for_viewer(actor).filter(pk=swap_id).first()
    if swap is None:
        raise not_found()
    require(actor, permission)
    return swap


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
    row = availability_for_viewer(actor).filter(pk=availability_id).first()
    if row is None:
        raise not_found()
    require(actor, permission)
    return row


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


def person_get_for_hours(*, actor: Actor, person_id: int) -> User:
    """Your own hours, or, for a support manager, the hours of someone who
    works in their networks. Anyone else is "not found"."""
    if actor.user is not None and actor.user.pk == person_id:
        return actor.user
    if can(actor, Permission.MANAGE_ROTA):
        person = workers_for_viewer(actor).filter(pk=person_id).first()
        if person is not None:
            return person
    raise not_found()


# --- Coverage gaps -----------------------------------------------------------------------------


@dataclass
class RotaGap:
    """Something the support manager should sort out, in words."""

    network_id: int
    kind: str  # evening, weekend, time_off, not_cleared, under_hours
    text: str
    day: datetime.date | None = None


@dataclass
class NetworkGaps:
    network: Network
    gaps: list[RotaGap]


def window_shifts(
    organisation: Organisation,
    network_ids: list[int],
    first_day: datetime.date,
    days: int = 7,
    *,
    with_cancelled: bool = False,
) -> list[Shift]:
    """Shifts in the networks that touch the days (local time), with their
    worker and ``worker_away`` (time off overlapping the shift). One query."""
    start = at_local(first_day, datetime.time(0))
    end = at_local(first_day + datetime.timedelta(days=days), datetime.time(0))
    away = Availability.objects.filter(
        organisation=organisation,
        worker=OuterRef("worker"),
        kind=Availability.Kind.TIME_OFF,
        starts_at__lt=OuterRef("ends_at"),
        ends_at__gt=OuterRef("starts_at"),
    )
    shifts = (
        Shift.objects.filter(
            organisation=organisation,
            network__in=network_ids,
            starts_at__lt=end,
            ends_at__gt=start,
        )
        .select_related("worker")
        .annotate(worker_away=Exists(away))
        .order_by("starts_at", "pk")
    )
    if not with_cancelled:
        shifts = shifts.exclude(status=Shift.Status.CANCELLED)
    return list(shifts)


def _uncovered(window, covering) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The parts of ``window`` (start, end) that no interval in ``covering`` covers."""
    pieces = [window]
    for start, end in covering:
        left = []
        for a, b in pieces:
            if end <= a or start >= b:
                left.append((a, b))
                continue
            if start > a:
                left.append((a, start))
            if end < b:
                left.append((end, b))
        pieces = left
    return pieces


def _counts(shift: Shift) -> bool:
    """Someone is really on: a worker, not cancelled, not on time off."""
    return (
        shift.worker_id is not None
        and shift.status != Shift.Status.CANCELLED
        and not getattr(shift, "worker_away", False)
    )


def _day_gaps(network_id: int, day: datetime.date, shifts: list[Shift]) -> list[RotaGap]:
    covering = [(s.starts_at, s.ends_at) for s in shifts if _counts(s)]
    open_shifts = [s for s in shifts if s.worker_id is None and s.status == Shift.Status.PLANNED]
    gaps = []
    weekend = day.weekday() >= 5
    if weekend:
        start, end = at_local(day, WEEKEND_DAY[0]), at_local(day, WEEKEND_DAY[1])
        if not any(a < end and b > start for a, b in covering):
            text = f"No one on {day_text(day)}."
            gaps.append(
                RotaGap(network_id, "weekend", _with_open(text, open_shifts, start, end), day)
            )
            return gaps  # the evening is part of the same empty day
    start, end = at_local(day, EVENING[0]), at_local(day, EVENING[1])
    missing = _uncovered((start, end), covering)
    if missing == [(start, end)]:
        text = f"No one on {day_text(day)} in the evening ({clock(start)} to {clock(end)})."
    elif missing:
        parts = " and ".join(f"{clock(a)} to {clock(b)}" for a, b in missing)
        text = f"No one on {day_text(day)} from {parts}."
    else:
        return gaps
    gaps.append(RotaGap(network_id, "evening", _with_open(text, open_shifts, start, end), day))
    return gaps


def _with_open(text: str, open_shifts: list[Shift], start, end) -> str:
    waiting = [s for s in open_shifts if s.starts_at < end and s.ends_at > start]
    if not waiting:
        return text
    times = ", ".join(times_text(s.starts_at, s.ends_at) for s in waiting)
    shifts = "An open shift needs" if len(waiting) == 1 else "Open shifts need"
    return f"{text} {shifts} someone: {times}."


def coverage_gaps(
    organisation: Organisation,
    networks: list[Network],
    first_day: datetime.date,
    *,
    shifts: list[Shift] | None = None,
    days: int = 7,
) -> dict[int, list[RotaGap]]:
    """Gaps in each network's rota over ``days`` from ``first_day``:

    * an evening (6pm to 10pm) or a weekend day with no one on (a shift
      counts when it has a worker, is not cancelled and its worker is not on
      time off);
    * someone on the rota while on time off;
    * someone on a lone-visit shift who is not cleared for lone visits
      (with the reasons, from ``clearance.blockers_on_days``), judged on each shift's day;
    * a CLV with fewer hours on the rota than their weekly commitment.

    A fixed number of queries, whatever the number of networks or shifts.
    """
    ids = [n.pk for n in networks]
    if shifts is None:
        shifts = window_shifts(organisation, ids, first_day, days)
    shifts = [s for s in shifts if s.status != Shift.Status.CANCELLED]
    by_network_day: dict[tuple[int, datetime.date], list[Shift]] = defaultdict(list)
    for shift in shifts:
        # A shift counts on each local day it touches (an overnight shift
        # covers two evenings' ends and mornings).
        day = local(shift.starts_at).date()
        last = local(shift.ends_at - datetime.timedelta(microseconds=1)).date()
        while day <= last:
            by_network_day[(shift.network_id, day)].append(shift)
            day += datetime.timedelta(days=1)
    result: dict[int, list[RotaGap]] = {n: [] for n in ids}
    for network_id in ids:
        for offset in range(days):
            day = first_day + datetime.timedelta(days=offset)
            result[network_id].extend(_day_gaps(network_id, day, by_network_day[(network_id, day)]))
    for shift in shifts:
        if shift.worker_id is not None and getattr(shift, "worker_away", False):
            result[shift.network_id].append(
                RotaGap(
                    shift.network_id,
                    "time_off",
                    f"{name_of(shift.worker)} has time off but is on the rota "
                    f"{span_text(shift.starts_at, shift.ends_at)}.",
                    local(shift.starts_at).date(),
                )
            )
    _add_clearance_gaps(organisation, shifts, first_day, result)
    _add_commitment_gaps(organisation, ids, shifts, result)
    return result


def _add_clearance_gaps(organisation, shifts, first_day, result) -> None:
    """Someone on lone-visit shifts they may not do, judged on each shift's
    own day: a DBS check or course that runs out mid-week flags the shifts
    after it, not those before. Four queries, whatever the window."""
    lone = [s for s in shifts if s.lone_visits and s.worker_id is not None]
    day_of = {s.pk: local(s.starts_at).date() for s in lone}
    reasons_on = blockers_on_days(
        organisation, sorted({s.worker_id for s in lone}), sorted(set(day_of.values()))
    )
    seen: dict[tuple[int, int], list[Shift]] = defaultdict(list)
    first_reasons: dict[int, list[str]] = {}
    for shift in sorted(lone, key=lambda s: (s.starts_at, s.pk)):
        reasons = reasons_on[day_of[shift.pk]][shift.worker_id]
        if reasons:
            seen[(shift.network_id, shift.worker_id)].append(shift)
            first_reasons.setdefault(shift.worker_id, reasons)
    for (network_id, worker_id), listed in seen.items():
        who = name_of(listed[0].worker)
        count = "a lone-visit shift" if len(listed) == 1 else f"{len(listed)} lone-visit shifts"
        result[network_id].append(
            RotaGap(
                network_id,
                "not_cleared",
                f"{who} is on {count} but cannot be put on lone visits: "
                + " ".join(first_reasons[worker_id]),
            )
        )


def _add_commitment_gaps(organisation, network_ids, shifts, result) -> None:
    commitment = Subquery(
        VolunteerProfile.objects.filter(
            organisation=organisation, user=OuterRef("user"), kind=VolunteerProfile.Kind.CLV
        )
        .exclude(stage=VolunteerProfile.Stage.LEFT)
        .values("weekly_commitment_hours")[:1]
    )
    clvs = (
        RoleAssignment.objects.filter(
            organisation=organisation,
            role=Role.CLV,
            network__in=network_ids,
            ended_at__isnull=True,
        )
        .select_related("user")
        .annotate(commitment=commitment)
        .order_by("user__full_name", "pk")
    )
    minutes: dict[int, int] = defaultdict(int)
    for shift in shifts:
        if shift.worker_id is not None:
            minutes[shift.worker_id] += int((shift.ends_at - shift.starts_at).total_seconds() // 60)
    for clv in clvs:
        agreed = clv.commitment if clv.commitment is not None else CLV_WEEKLY_HOURS
        planned = minutes[clv.user_id]
        if Decimal(planned) < agreed * 60:
            result[clv.network_id].append(
                RotaGap(
                    clv.network_id,
                    "under_hours",
                    f"{name_of(clv.user)} has {hours_text(planned)} on the rota, "
                    f"under the {number_text(agreed)} hours a week agreed.",
                )
            )


def gaps_for_dashboard(
    actor: Actor, networks: list[Network], today: datetime.date
) -> list[NetworkGaps]:
    """The coming seven days' gaps, network by network (only networks with
    gaps), for the support manager's dashboard."""
    gaps = coverage_gaps(actor.organisation, networks, today)
    return [NetworkGaps(n, gaps[n.pk]) for n in networks if gaps.get(n.pk)]


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


# --- Hours -------------------------------------------------------------------------------------


@dataclass
class HoursWeek:
    monday: datetime.date
    contact_minutes: int
    shift_minutes: int
    commitment: Decimal | None
    this_week: bool = False

    @property
    def minutes(self) -> int:
        return self.contact_minutes + self.shift_minutes

    @property
    def met(self) -> bool | None:
        if self.commitment is None:
            return None
        return Decimal(self.minutes) >= self.commitment * 60

    @property
    def meter_max(self) -> int:
        """The bar's full length in minutes: the commitment, or the hours
        given when they are more."""
        agreed = int(self.commitment * 60) if self.commitment else 0
        return max(agreed, self.minutes, 1)

    @property
    def label(self) -> str:
        text = f"Week of {day_text(self.monday)} {self.monday.year}"
        return f"{text} (this week so far)" if self.this_week else text

    @property
    def total_text(self) -> str:
        return hours_text(self.minutes)

    @property
    def contact_text(self) -> str:
        return hours_text(self.contact_minutes)

    @property
    def shift_text(self) -> str:
        return hours_text(self.shift_minutes)

    @property
    def summary(self) -> str:
        """The bar's words: what it shows, for people who cannot see it."""
        if self.commitment is None:
            return f"{hours_text(self.minutes)}."
        agreed = number_text(self.commitment)
        return f"{hours_text(self.minutes)} of the {agreed} hours agreed."


@dataclass
class HoursReport:
    person: User
    commitment: Decimal | None
    weeks: list[HoursWeek]


def hours_report(
    *, organisation: Organisation, person: User, today: datetime.date, weeks: int = HOURS_WEEKS
) -> HoursReport:
    """Hours given, week by week (Monday to Sunday, Europe/London), for the
    last ``weeks`` weeks including this one, newest first.

    Hours are support logged as contacts (``Contact.minutes``) plus shifts
    marked worked. A contact logged during a shift they worked is part of
    that shift's time, so it is not counted twice. Three queries.
    """
    from members.models import Contact

    this_monday = monday_of(today)
    first = this_monday - datetime.timedelta(weeks=weeks - 1)
    start = at_local(first, datetime.time(0))
    end = at_local(this_monday + datetime.timedelta(days=7), datetime.time(0))
    worked = list(
        Shift.objects.filter(
            organisation=organisation,
            worker=person,
            status=Shift.Status.WORKED,
            starts_at__lt=end,
            starts_at__gte=start,
        ).values_list("starts_at", "ends_at")
    )
    contacts = Contact.objects.filter(
        organisation=organisation, worker=person, happened_at__gte=start, happened_at__lt=end
    )
    for shift_start, shift_end in worked:
        contacts = contacts.exclude(happened_at__gte=shift_start, happened_at__lt=shift_end)
    by_week = dict(
        contacts.order_by()
        .annotate(week=TruncWeek("happened_at", tzinfo=LONDON))
        .values("week")
        .annotate(total=Sum("minutes"))
        .values_list("week", "total")
    )
    contact_minutes = {_as_date(week): total or 0 for week, total in by_week.items()}
    shift_minutes: dict[datetime.date, int] = defaultdict(int)
    for shift_start, shift_end in worked:
        monday = monday_of(local(shift_start).date())
        shift_minutes[monday] += int((shift_end - shift_start).total_seconds() // 60)
    commitment = (
        VolunteerProfile.objects.filter(organisation=organisation, user=person)
        .exclude(stage=VolunteerProfile.Stage.LEFT)
        .order_by("kind")  # "clv" sorts first: a CLV's commitment is the one that counts
        .values_list("weekly_commitment_hours", flat=True)
        .first()
    )
    rows = []
    for offset in range(weeks):
        monday = this_monday - datetime.timedelta(weeks=offset)
        rows.append(
            HoursWeek(
                monday=monday,
                contact_minutes=int(contact_minutes.get(monday, 0)),
                shift_minutes=shift_minutes.get(monday, 0),
                commitment=commitment,
                this_week=offset == 0,
            )
        )
    return HoursReport(person=person, commitment=commitment, weeks=rows)


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return local(value).date() if value.tzinfo else value.date()
    return value
