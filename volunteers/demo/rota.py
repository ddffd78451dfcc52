"""Demo rotas (called by keyring_net.demo.seed_all after the volunteers'
profiles): repeating shifts for CLVs, the enabler's evenings and weekends,
a hub session, an open shift, time off, and a swap waiting for the support
manager, so the rota and the dashboard show real gaps.

Made through the rota services, acting as the people who would do it, so
every rule (clearance, clashes, time off) applies: the CLV whose DBS check
ran out gets open shifts with the reason, not shifts they may not work.
Dated from the Monday two weeks before today; shifts already over are
marked worked, so hours have something to show.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from keyring_net.actors import Actor
from keyring_net.models import Organisation
from networks.models import Network
from volunteers.models import Shift
from volunteers.services import availability, patterns, shifts, swaps
from volunteers.wording import at_local, monday_of

# Per network (in order): the CLV's days and hours. The first meets the 12
# hours a week agreed; the others are under it, which the rota shows.
CLV_PATTERNS = (
    (["TU", "TH", "SA"], datetime.time(10), datetime.time(14)),
    (["MO", "WE"], datetime.time(10), datetime.time(14)),
    (["TU", "FR"], datetime.time(11), datetime.time(15)),
)
ENABLER_EVENINGS = ["MO", "WE", "FR"]
DAY_NUMBERS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
WEEKS = 6


def seed_rota(organisation: Organisation, rng: random.Random, staff, profiles: dict, today) -> None:
    manager = Actor.for_user(staff.manager, organisation.pk)
    enabler = Actor.for_user(staff.enabler, organisation.pk)
    start = monday_of(today) - datetime.timedelta(weeks=2)
    networks = list(Network.objects.filter(pk__in=staff.clvs).order_by("pk"))

    def pattern(network, worker, kind, days, begins, ends, lone=True):
        made, _ = patterns.pattern_create(
            actor=manager,
            network=network,
            worker=worker,
            kind=kind,
            weekdays=days,
            start_time=begins,
            end_time=ends,
            starts_on=start,
            lone_visits=lone,
            weeks=WEEKS - 2,
        )
        patterns.pattern_materialise(actor=manager, pattern=made, weeks=WEEKS, from_day=start)
        return made

    for network, (days, begins, ends) in zip(networks, CLV_PATTERNS, strict=False):
        clv = staff.clv_for(network)
        if clv is not None and clv.pk in profiles:
            pattern(network, clv, Shift.Kind.CLV, days, begins, ends)
    if not networks:
        return
    first = networks[0]
    pattern(
        first,
        staff.enabler,
        Shift.Kind.EVENING,
        ENABLER_EVENINGS,
        datetime.time(18),
        datetime.time(22),
    )
    if len(networks) > 1:
        pattern(
            networks[1],
            staff.enabler,
            Shift.Kind.WEEKEND,
            ["SA"],
            datetime.time(10),
            datetime.time(16),
        )
    if staff.connections_network_id == first.pk:
        pattern(
            first,
            staff.connections,
            Shift.Kind.HUB,
            ["WE"],
            datetime.time(14),
            datetime.time(16),
            lone=False,
        )
    # An open evening this coming Saturday, for someone to pick up.
    saturday = today + datetime.timedelta(days=(5 - today.weekday()) % 7 or 7)
    shifts.shift_create(
        actor=manager,
        network=first,
        kind=Shift.Kind.EVENING,
        starts_at=at_local(saturday, datetime.time(18)),
        ends_at=at_local(saturday, datetime.time(22)),
        notes="Covering the hub's film night.",
    )
    # The enabler is away on one of their coming evenings and offers it to
    # the first network's CLV: the swap waits for the support manager, and
    # until it is approved that evening has no one on.
    away_day = next(
        today + datetime.timedelta(days=offset)
        for offset in range(1, 7)
        if (today + datetime.timedelta(days=offset)).weekday()
        in {DAY_NUMBERS[d] for d in ENABLER_EVENINGS}
    )
    availability.availability_add(
        actor=enabler,
        kind="time_off",
        starts_at=at_local(away_day, datetime.time(0)),
        ends_at=at_local(away_day + datetime.timedelta(days=1), datetime.time(0)),
        note=rng.choice(["Family wedding.", "Hospital appointment.", "Moving house."]),
    )
    shift = Shift.objects.get(
        organisation=organisation,
        network=first,
        worker=staff.enabler,
        starts_at=at_local(away_day, datetime.time(18)),
    )
    colleague = staff.clv_for(first)
    if colleague is not None:
        swaps.swap_request(
            actor=enabler, shift=shift, to_worker=colleague, reason="I am away that day."
        )
    # Shifts already over were worked.
    Shift.objects.filter(
        organisation=organisation,
        status=Shift.Status.PLANNED,
        worker__isnull=False,
        ends_at__lte=timezone.now(),
    ).update(status=Shift.Status.WORKED)
