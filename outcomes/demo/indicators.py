"""Demo outcome indicators and unit costs (called by keyring_net.demo.seed_all).

Over the last eighteen months the members' workers record what changed in
their lives, so that the dashboard's last twelve months look like the
published evidence for KeyRing (Housing LIN, 2018): nearly every tenancy
kept (one lost, in the first organisation only), about three in ten
members a year with a hospital admission or homelessness avoided (and the
odd admission that happened), about a quarter no longer needing weekly
visits from a community psychiatric nurse or social worker, and some
starting work, learning or volunteering. The organisation's cost model
starts with the published figures.

Dated back from ``today`` with a generator seeded from the organisation, so
the same day gives the same rows; nothing is added when the organisation
already has indicators.
"""

from __future__ import annotations

import datetime
import random

from keyring_net.models import Organisation
from members.models import Member
from outcomes.costs import unit_costs_seed
from outcomes.models import OutcomeIndicator

DAY = datetime.timedelta(days=1)
EIGHTEEN_MONTHS = 540
YEAR = 365
Kind = OutcomeIndicator.Kind

NOTES = {
    Kind.ADMISSION_AVOIDED: (
        "Daily visits from the CLV and the crisis team through a bad patch; stayed at home.",
        "Spotted the warning signs early with their worker; the GP changed the medication.",
        "Neighbours in the network checked in every evening for a fortnight.",
    ),
    Kind.HOMELESSNESS_AVOIDED: (
        "Rent arrears sorted with the landlord before the notice went any further.",
        "Help with the housing benefit review; the tenancy is safe.",
    ),
    Kind.ADMISSION: ("Admitted for two weeks; the CLV visited and kept the flat ticking over.",),
    Kind.TENANCY_LOST: ("Evicted after the landlord sold the house; now in temporary housing.",),
    Kind.VISITS_ENDED: (
        "The community psychiatric nurse has stopped the weekly visits: doing well.",
        "Social worker visits ended; the network is enough now.",
    ),
    Kind.WORK: (
        "Started part-time at the garden centre.",
        "Paid job at the cafe, two days a week.",
    ),
    Kind.LEARNING: (
        "Enrolled on a cooking course at the college.",
        "English class at the library.",
    ),
    Kind.VOLUNTEERING: ("Volunteers at the food bank on Fridays.", "Helps at the repair cafe."),
}


def _day_in(rng: random.Random, member: Member, first: datetime.date, last: datetime.date):
    first = max(first, member.joined_on)
    last = min(last, member.left_on or last)
    if last < first:
        return None
    return first + DAY * rng.randint(0, (last - first).days)


def seed_outcome_indicators(organisation: Organisation, staff, today: datetime.date) -> None:
    unit_costs_seed(organisation)
    if OutcomeIndicator.objects.filter(organisation=organisation).exists():
        return
    rng = random.Random(f"outcomes:{organisation.slug}")  # noqa: S311 (demo data, not secrets)
    members = list(
        Member.objects.filter(
            organisation=organisation,
            status__in=[Member.Status.ACTIVE, Member.Status.MOVED_ON, Member.Status.LEFT],
            joined_on__isnull=False,
            network__isnull=False,
        )
        .select_related("network")
        .order_by("pk")
    )
    if not members:
        return
    year_start = today - DAY * (YEAR - 1)
    early_start = today - DAY * (EIGHTEEN_MONTHS - 1)
    rows: list[OutcomeIndicator] = []

    def add(member, kind, first, last):
        day = _day_in(rng, member, first, last)
        if day is None:
            return False
        worker = staff.clv_for(member.network) or staff.manager
        rows.append(
            OutcomeIndicator(
                organisation=organisation,
                member=member,
                kind=kind,
                happened_on=day,
                note=rng.choice(NOTES[kind]),
                recorded_by=worker,
            )
        )
        return True

    def pick(share: float, first, last, kinds):
        """About ``share`` of the members supported from ``first`` to
        ``last``, each with one of ``kinds`` in turn."""
        pool = [m for m in members if m.joined_on <= last and (m.left_on or last) >= first]
        wanted = max(1, round(share * len(pool)))
        done = 0
        for member in rng.sample(pool, len(pool)):
            if done == wanted:
                break
            done += add(member, kinds[done % len(kinds)], first, last)

    avoided = [Kind.ADMISSION_AVOIDED, Kind.ADMISSION_AVOIDED, Kind.HOMELESSNESS_AVOIDED]
    pick(0.30, year_start, today, avoided)  # the last twelve months
    pick(0.15, early_start, year_start - DAY, avoided)  # the six months before
    pick(0.04, early_start, today, [Kind.ADMISSION])
    pick(0.25, year_start, today, [Kind.VISITS_ENDED])
    pick(0.08, early_start, year_start - DAY, [Kind.VISITS_ENDED])
    pick(0.20, early_start, today, [Kind.WORK, Kind.LEARNING, Kind.VOLUNTEERING])
    if organisation.slug == _first_slug():
        active = [m for m in members if m.status == Member.Status.ACTIVE]
        if active:
            add(rng.choice(active), Kind.TENANCY_LOST, year_start, today)
    OutcomeIndicator.objects.bulk_create(rows)


def _first_slug() -> str:
    from keyring_net.demo_data import ORGANISATIONS

    return ORGANISATIONS[0].slug
