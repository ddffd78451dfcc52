"""Demo members and their lives in the network (called by keyring_net.demo.seed_all).

``seed_members`` puts a member in every home but the CLV's. After the staff
exist, ``seed_member_lives`` adds what happened to them: referrals and
their journey, support flexed up and down, who supports them, consent and
the people they choose, who they know in the network, the places they use,
and the support given in the last few weeks.

Histories are dated from ``DEMO_TODAY`` (fixed, so the same seed gives the
same rows). Recent work is dated from ``today`` (the real date when the demo
is loaded), so the dashboard's "not seen", "flexed up" and "handover" lists
look like a real morning. Support needs are special-category data: the demo
keeps them brief, plain and respectful.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from keyring_net.demo_data import (
    FIRST_NAMES,
    HE_NAMES,
    LAST_NAMES,
    SHE_NAMES,
    OrganisationPlan,
    demo_mobile,
    demo_phone,
)
from keyring_net.models import Organisation
from members.demo.circle import Circle
from members.demo.journeys import Journeys
from members.demo.support import SupportGiven
from members.demo.words import (
    DAY,
    DEMO_TODAY,
    SUPPORT_HOURS,
    SUPPORT_NEEDS,
    Status,
    at,
)
from members.models import (
    Allocation,
    ChosenPerson,
    CommunityConnection,
    Consent,
    Contact,
    ContactCorrection,
    Member,
    PeerConnection,
    Referral,
    StatusChange,
    SupportLevelChange,
)
from networks.demo.seed import HOMES_PER_NETWORK
from networks.models import Home, Network

if TYPE_CHECKING:
    from keyring_net.demo_data import DemoStaff
    from networks.demo.seed import NetworkPlaces

MEMBERS_PER_NETWORK = HOMES_PER_NETWORK - 1


def seed_members(
    organisation: Organisation,
    plan: OrganisationPlan,
    rng: random.Random,
    networks: list[Network],
    people,
    today: datetime.date,
) -> list[Member]:
    """A member in every home but the CLV's; most active, a few moved on
    or still being assessed, as in a real network."""
    homes_by_network: dict[int, list[Home]] = {}
    for home in Home.objects.filter(network__in=networks).order_by("pk"):
        homes_by_network.setdefault(home.network_id, []).append(home)
    members = []
    for network in networks:
        for home in homes_by_network[network.pk][:MEMBERS_PER_NETWORK]:
            status = rng.choices(
                [Status.ACTIVE, Status.MOVED_ON, Status.ASSESSING],
                weights=[8, 1, 1],
            )[0]
            first = rng.choice(FIRST_NAMES)
            members.append(
                Member(
                    organisation=organisation,
                    full_name=f"{first} {rng.choice(LAST_NAMES)}",
                    preferred_name=first,
                    # Their reference in the organisation's older system.
                    reference=f"{plan.slug[:2].upper()}-{len(members) + 1:04d}",
                    status=status,
                    network=network,
                    home=home,
                    joined_on=DEMO_TODAY - datetime.timedelta(days=rng.randint(30, 1400)),
                )
            )
    _describe(members, rng, networks[: len(plan.networks)], today)
    Member.objects.bulk_create(members)
    return members


def _describe(members: list[Member], rng: random.Random, first_copy, today) -> None:
    """Support needs and hours; who is still being assessed (not joined yet)
    and when those who moved on did; one member who joined lately."""
    for member in members:
        if rng.random() < 0.7:
            member.support_needs = rng.choice(SUPPORT_NEEDS)
        member.support_hours_per_week = rng.choice(SUPPORT_HOURS)
        if member.status == Status.ASSESSING:
            member.joined_on = None
        elif member.status == Status.MOVED_ON:
            span = (DEMO_TODAY - datetime.timedelta(days=10) - member.joined_on).days
            member.left_on = member.joined_on + DAY * max(1, int(span * rng.uniform(0.5, 0.95)))
            member.support_hours_per_week = Decimal("0")
    # The newest member joined a few weeks ago (their referral was decided
    # lately, so the referrals page shows it).
    network = first_copy[1 % len(first_copy)]
    newest = max(
        (m for m in members if m.network_id == network.pk and m.status == Status.ACTIVE),
        key=lambda m: m.joined_on,
        default=None,
    )
    if newest is not None:
        newest.joined_on = today - datetime.timedelta(days=24)


# --- After the staff exist: the rest of their lives --------------------------------------


@dataclass
class _Rows:
    status_changes: list[StatusChange] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    allocations: list[Allocation] = field(default_factory=list)
    level_changes: list[SupportLevelChange] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    chosen: list[ChosenPerson] = field(default_factory=list)
    peers: list[PeerConnection] = field(default_factory=list)
    places: list[CommunityConnection] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)


def seed_member_lives(
    organisation: Organisation,
    plan: OrganisationPlan,
    rng: random.Random,
    networks: list[Network],
    members: list[Member],
    places: dict[int, NetworkPlaces],
    staff: DemoStaff,
    today: datetime.date,
) -> None:
    """Everything that happened to the members, as bulk inserts (the bench
    loads a hundred copies of each organisation)."""
    life = _Life(organisation, plan, rng, networks, members, places, staff, today)
    life.journeys()
    life.new_referrals()
    life.allocations()
    life.support_levels()
    life.consent_and_chosen_people()
    life.connections()
    life.contacts()
    life.save()


class _Life(Journeys, Circle, SupportGiven):
    """The demo members' lives, written up as rows and saved in bulk. Each
    part of the story is a method of one of its bases, by area."""

    def __init__(self, organisation, plan, rng, networks, members, places, staff, today):
        self.organisation = organisation
        self.plan = plan
        self.rng = rng
        self.networks = networks
        self.first_copy = networks[: len(plan.networks)]
        self.members = members
        self.places = places
        self.staff = staff
        self.today = today
        self.rows = _Rows()
        self.networks_by_pk = {n.pk: n for n in networks}
        self.position = {n.pk: index for index, n in enumerate(networks)}
        self.by_network: dict[int, list[Member]] = defaultdict(list)
        for member in sorted(members, key=lambda m: m.pk):
            self.by_network[member.network_id].append(member)
        self.peers_of: dict[int, list[Member]] = defaultdict(list)
        self.referral_source: dict[int, str] = {}
        self._choose_people()

    # Who the story is about, in the first copy of each neighbourhood.
    def _choose_people(self) -> None:
        rng = self.rng
        first_ids = {n.pk for n in self.first_copy}
        active = [
            m for m in self.members if m.network_id in first_ids and m.status == Status.ACTIVE
        ]
        login_member = next(m for m in active if m.network_id == self.first_copy[0].pk)
        newest = max(active, key=lambda m: m.joined_on)
        settled = [m for m in active if m not in (login_member, newest)]
        bereaved = [m for m in settled if m.preferred_name in SHE_NAMES] or settled
        self.bereaved = rng.choice(bereaved)
        others = [m for m in settled if m is not self.bereaved]
        self.not_seen = rng.sample(others, rng.choice([2, 3]))
        seen = [m for m in others if m not in self.not_seen]
        self.night_callers = rng.sample(seen, 2)
        long_standing = [
            m
            for m in seen
            if m.joined_on <= DEMO_TODAY - datetime.timedelta(days=120)
            and m.support_hours_per_week <= 5
        ]
        his = [m for m in long_standing if m.preferred_name in HE_NAMES] or long_standing
        first_down = rng.choice(his)
        rest = [m for m in long_standing if m is not first_down]
        self.flexed_down = [first_down, *rng.sample(rest, 1)]
        self.in_hospital = rng.choice([m for m in rest if m not in self.flexed_down])

    def _clv_or_manager(self, network):
        return self.staff.clv_for(network) or self.staff.manager

    def _status(self, member, from_status, to_status, on, reason, hour=16):
        self.rows.status_changes.append(
            StatusChange(
                organisation=self.organisation,
                member=member,
                from_status=from_status,
                to_status=to_status,
                on=on,
                reason=reason,
                changed_by=self.staff.manager,
                recorded_at=at(on, hour, self.rng.choice([5, 20, 35, 50])),
            )
        )

    # Names and numbers from the demo's neighbourhoods (keyring_net/demo_data.py).
    def first_name(self) -> str:
        return self.rng.choice(FIRST_NAMES)

    def last_name(self) -> str:
        return self.rng.choice(LAST_NAMES)

    def woman_name(self) -> str:
        return self.rng.choice(sorted(SHE_NAMES))

    def landline(self) -> str:
        return demo_phone(self.plan, self.rng.randint(1, 999))

    def mobile(self) -> str:
        return demo_mobile(self.rng.randint(0, 999))

    @staticmethod
    def their(member: Member) -> str:
        if member.preferred_name in SHE_NAMES:
            return "her"
        if member.preferred_name in HE_NAMES:
            return "his"
        return "their"

    def save(self) -> None:
        rows = self.rows
        Referral.objects.bulk_create(rows.referrals)
        StatusChange.objects.bulk_create(rows.status_changes)
        Allocation.objects.bulk_create(rows.allocations)
        SupportLevelChange.objects.bulk_create(rows.level_changes)
        Consent.objects.bulk_create(rows.consents)
        ChosenPerson.objects.bulk_create(rows.chosen)
        PeerConnection.objects.bulk_create(rows.peers)
        CommunityConnection.objects.bulk_create(rows.places)
        Contact.objects.bulk_create(rows.contacts)
        contact = self.corrected
        ContactCorrection.objects.create(
            organisation=self.organisation,
            contact=contact,
            text="The visit was 45 minutes, not 90: I typed the time twice.",
            reason="Wrong length recorded",
            corrected_by=contact.worker,
            corrected_at=contact.happened_at + datetime.timedelta(days=1, hours=19),
        )
