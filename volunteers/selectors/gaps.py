"""Coverage gaps in a network's rota: evenings and weekend days with no one on,
someone on the rota while on time off, someone on lone visits who is not
cleared for them, and CLVs under their weekly hours. For the rota page and
the support manager's dashboard.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Subquery

from keyring_net.actors import Actor
from keyring_net.clock import clock, day_text, local
from keyring_net.models import Organisation, Role, RoleAssignment
from networks.models import Network
from volunteers.clearance import blockers_on_days
from volunteers.models import (
    Availability,
    Shift,
    VolunteerProfile,
)
from volunteers.wording import at_local, hours_text, name_of, number_text, span_text, times_text

# An evening "has someone on" when staffed shifts cover 6pm to 10pm; a
# weekend day when anyone is on between 9am and 10pm.
EVENING = (datetime.time(18), datetime.time(22))
WEEKEND_DAY = (datetime.time(9), datetime.time(22))
CLV_WEEKLY_HOURS = Decimal(12)


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
