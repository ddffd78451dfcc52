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
from itertools import combinations
from typing import TYPE_CHECKING

from django.utils import timezone

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
from networks.demo import HOMES_PER_NETWORK
from networks.models import CommunityAsset, Home, Network

if TYPE_CHECKING:
    from keyring_net.demo_data import DemoStaff
    from networks.demo import NetworkPlaces

MEMBERS_PER_NETWORK = HOMES_PER_NETWORK - 1
DEMO_TODAY = datetime.date(2026, 11, 1)
DAY = datetime.timedelta(days=1)

Status = Member.Status
Stage = Referral.Stage
Source = Referral.Source
Method = Contact.Method
Topic = Contact.Topic

SUPPORT_HOURS = tuple(Decimal(h) for h in ("1", "1.5", "2", "2", "2.5", "3", "3", "4", "5", "6"))
SUPPORT_NEEDS = (
    "Needs help reading letters and managing bills. Anxious in crowds.",
    "Learning disability. Likes the week's appointments written down on a list.",
    "Autistic. Prefers a text to a phone call, and a few minutes' notice before a visit.",
    "Bipolar disorder; sees the community mental health nurse monthly. Not sleeping is an "
    "early sign of becoming unwell.",
    "Uses a walking stick; stairs are hard on bad days.",
    "In recovery from alcohol; goes to a group on Mondays. Weekends can be long.",
    "Epilepsy, well controlled. The seizure plan is in the support plan.",
    "Partially sighted. Letters in large print, please.",
    "Finds budgeting hard and wants to learn to do it alone.",
    "Low mood in winter. Likes a phone call on Monday mornings.",
    "Deaf; uses BSL and texts. Book an interpreter for appointments.",
    "Memory is patchy after a brain injury. Uses phone reminders.",
)

# --- Referrals ---------------------------------------------------------------------------

REFERRED_BY = {
    Source.SOCIAL_WORK: "Referred by the social work team",
    Source.MENTAL_HEALTH: "Referred by the community mental health team",
    Source.GP: "Referred by their GP",
    Source.SELF: "Referred themselves at the hub",
    Source.FAMILY: "Referred by their family",
    Source.OTHER: "Referred by their housing officer",
}
REFERRERS = {
    Source.SOCIAL_WORK: "Adult social care, {council}: duty social worker, {phone}",
    Source.MENTAL_HEALTH: "Community mental health team, {area}: care coordinator, {phone}",
    Source.GP: "Dr {surname}, {street} Medical Practice, {phone}",
    Source.SELF: "Self-referral at the hub",
    Source.FAMILY: "Their sister, {mobile}",
    Source.OTHER: "Tenancy sustainment officer at their housing association, {phone}",
}
REFERRER_REASONS = {
    Source.SOCIAL_WORK: (
        "Moving on from a residential placement and ready for a tenancy of their own with "
        "light-touch support.",
        "Lives alone with few people to call on; letters and bills are piling up.",
    ),
    Source.MENTAL_HEALTH: (
        "Discharged after a long hospital stay; a local network would help them stay well at home.",
        "Isolated and struggling with low mood; would benefit from regular, informal contact "
        "nearby.",
    ),
    Source.GP: (
        "Frequent appointments for worries that a weekly visit could help with. Lonely since "
        "a bereavement.",
    ),
    Source.SELF: ("Came to the drop-in with a friend who is a member and asked how to join.",),
    Source.FAMILY: (
        "The family are worried about them managing alone since their dad moved into a care home.",
    ),
    Source.OTHER: (
        "Rent arrears building up and letters not opened; the tenancy is at risk without "
        "some support.",
    ),
}
SOURCE_WEIGHTS = {
    Source.SOCIAL_WORK: 4,
    Source.MENTAL_HEALTH: 3,
    Source.GP: 1,
    Source.SELF: 1,
    Source.FAMILY: 1,
    Source.OTHER: 1,
}
OWN_WORDS = (
    "I want my own flat and some friends nearby.",
    "I get lonely. I'd like someone to have a cup of tea with.",
    "Help with my letters. I don't open them because they worry me.",
    "I want to get a job and stop feeling stuck.",
    "I want to stay in my flat and not go back to hospital.",
    "Someone I can ring when things go wrong.",
    "To learn to cook proper meals and do my own shopping.",
    "I'd like to go out more, maybe join a club.",
)
ACCEPTED_BECAUSE = (
    "Accepted: wants to be part of the network and to help others too.",
    "Accepted: lives a few minutes' walk from the CLV and wants company nearby.",
    "Accepted: keen to get out more; the hub and the walking group suit them.",
)
ASSESSMENT_NOTES = (
    "Two visits so far, one with their care coordinator. Keen on the walking group.",
    "Met at the hub. Wants help with bills first, and to meet the CLV before deciding.",
    "Visited at home. Worried about meeting new people; will try the coffee morning with the CLV.",
)
MOVED_ON_BECAUSE = (
    "Got a job at the library; still comes to the {day} drop-in.",
    "Managing the tenancy and bills without support now; still goes with the walking group.",
    "Started a college course and has plenty of support from friends; keeps in touch "
    "through the hub.",
    "Moved in with a partner two streets away; still helps at the coffee morning.",
)


@dataclass(frozen=True)
class NewReferral:
    """A referral still in the pipeline, or decided lately; dated from today."""

    stage: str
    source: str
    days_ago: int
    own_words: str
    assessment_after: int | None = None  # days after the referral
    decided_after: int | None = None
    decision: str = ""
    notes: str = ""


NEW_REFERRALS = (
    NewReferral(Stage.NEW, Source.SELF, 3, "I want my own flat and some friends nearby."),
    NewReferral(Stage.NEW, Source.GP, 9, "Someone I can ring when things go wrong."),
    NewReferral(
        Stage.ASSESSING,
        Source.MENTAL_HEALTH,
        34,
        "I want to stay well and not go back to hospital. And a dog, one day.",
        assessment_after=10,
        notes=ASSESSMENT_NOTES[0],
    ),
    NewReferral(
        Stage.ASSESSING,
        Source.FAMILY,
        21,
        "To learn to cook proper meals and do my own shopping.",
        assessment_after=6,
        notes=ASSESSMENT_NOTES[2],
    ),
    NewReferral(
        Stage.DECLINED,
        Source.SOCIAL_WORK,
        55,
        "I want my own place.",
        assessment_after=7,
        decided_after=25,
        decision="Needs 24-hour support at the moment, more than a network can give safely. "
        "Talked it through with them and their social worker; happy to look again in six "
        "months.",
    ),
    NewReferral(
        Stage.WITHDRAWN,
        Source.OTHER,
        48,
        "Help with money so I can keep my flat.",
        assessment_after=8,
        decided_after=20,
        decision="Decided to move nearer family in another town. The housing officer knows.",
    ),
)

# --- Support, consent and chosen people ----------------------------------------------------

BEREAVEMENT = "Bereavement: {their} mum died in {month}. Extra visits for a few weeks."
FLEXED_DOWN_BECAUSE = (
    "Managing bills on {their} own now.",
    "Settled in well: one visit a week is enough now.",
    "Started volunteering at the café on Fridays; wants fewer visits.",
)
HOSPITAL_UP = (
    "Hospital stay in the summer: extra visits for a few weeks while getting back on {their} feet."
)
HOSPITAL_DOWN = "Back home and settled; back to the usual visits."
MOVED_ON_HOURS = "Support ended: moved on. Still welcome at the hub and the network's socials."

FAMILY = (
    ("Sister", True, "Anything about my health and how I am getting on."),
    ("Brother", True, "That I am safe, and about appointments."),
    ("Mum", True, "Anything she asks about."),
    ("Dad", True, "That I am safe."),
    ("Cousin", False, "Only that I am well."),
    ("Friend", False, "That I am safe, if they ring."),
    ("Neighbour", False, "Nothing about my health."),
)

# --- Connections and contacts ------------------------------------------------------------

PEER_NOTES = (
    "{a} and {b} walk to the {day} drop-in together.",
    "{a} helps {b} with the shopping list; {b} feeds {a}'s cat when {a} is away.",
    "{a} and {b} watch the football together on Saturdays.",
    "{a} reminds {b} about appointments; {b} helps {a} with the computer.",
    "Met at the coffee morning; {a} and {b} go to the library on Wednesdays.",
    "{a} and {b} do the big shop together on Fridays.",
    "{a} shows {b} how to cook a curry; {b} does the washing up.",
)
PLACE_NOTES = {
    CommunityAsset.Category.LIBRARY: "Borrows audiobooks and uses the computers on Wednesdays.",
    CommunityAsset.Category.SHOP: "The owner knows {name} by name and keeps an eye out.",
    CommunityAsset.Category.CAFE: "Goes for the Thursday soup; sometimes helps clear the tables.",
    CommunityAsset.Category.HEALTH: "Registered here; the CLV went along to the first visit.",
    CommunityAsset.Category.WORK: "Goes to the job club most weeks; working on a CV.",
    CommunityAsset.Category.FAITH: "Goes to the lunch and has made friends there.",
    CommunityAsset.Category.TRANSPORT: "Practised the bus journey with the enabler; now goes "
    "alone.",
    CommunityAsset.Category.ADVICE: "Got help with a benefits form; knows where to go now.",
    CommunityAsset.Category.CLUB: "Goes most weeks and enjoys the company.",
    CommunityAsset.Category.SPORT: "Plays most Saturdays.",
    CommunityAsset.Category.PERSON: "Stops for a chat on the way to the shops.",
}
VISITS = (
    ([Topic.BILLS], "Read a council tax letter together; {name} set up the direct debit online."),
    ([Topic.MONEY], "Went through the week's budget and put money aside for the electric."),
    ([Topic.WELLBEING], "Cup of tea and a catch-up. Sleeping better this week."),
    ([Topic.HEALTH], "Talked about the new tablets; {name} wrote down questions for the GP."),
    ([Topic.HOUSING], "Reported the damp in the bathroom to the housing association together."),
    ([Topic.RELATIONSHIPS], "Planned a visit to family at Christmas and looked up the trains."),
    ([Topic.WORK], "Looked at volunteering at the café; {name} will ask about Fridays."),
    ([Topic.BILLS, Topic.MONEY], "Sorted the water bill onto a cheaper payment plan."),
)
POP_ROUNDS = (
    ([Topic.WELLBEING], "Popped round on the way home. {name} was in good spirits."),
    ([Topic.HOUSING], "Popped round to help put up a curtain rail."),
    ([Topic.HEALTH], "Dropped off a prescription collected from the chemist; a quick chat."),
)
CALLS = (
    ([Topic.HEALTH], "Rang to check the GP appointment time. All sorted."),
    ([Topic.COMMUNITY], "Text about the coffee morning; {name} replied they will come."),
    (
        [Topic.BILLS],
        "Rang about a letter from the DWP; will look at it together on the next visit.",
    ),
    ([Topic.WELLBEING], "Quick call to see how the week is going. Doing fine."),
)
AT_THE_HUB = (
    ([Topic.COMMUNITY], "At the {day} drop-in; helped set out the chairs and stayed for the quiz."),
    ([Topic.MONEY, Topic.COMMUNITY], "At the drop-in; asked the group about cheaper gas deals."),
    ([Topic.WELLBEING], "At the drop-in; a quiet word about a hard week. Feeling brighter."),
)
PEER_HELP = (
    ([Topic.COMMUNITY], "{peer} went with {name} to the post office to sort out a parcel."),
    ([Topic.MONEY], "{peer} showed {name} how to top up the gas meter."),
    ([Topic.WORK], "{peer} walked with {name} to the job club."),
    ([Topic.HEALTH], "{peer} sat with {name} in the waiting room at the surgery."),
)
OUT_AND_ABOUT = (
    ([Topic.COMMUNITY], "Went to the library together to join; borrowed two DVDs."),
    (
        [Topic.COMMUNITY, Topic.WELLBEING],
        "Tried the walking group together; {name} wants to go again next week.",
    ),
    ([Topic.WORK], "Went to the job club; {name} signed up for the CV workshop."),
    ([Topic.HEALTH, Topic.COMMUNITY], "Practised the bus journey to the hospital for next week."),
)
MOVED_ON_AT_HUB = ([Topic.COMMUNITY], "Came to the {day} drop-in after work to catch up.")
ASSESSMENT_VISITS = (
    ([Topic.WELLBEING], "Assessment visit: talked about what a good week looks like."),
    (
        [Topic.COMMUNITY],
        "Assessment visit with the CLV: walked round the network, met two members.",
    ),
)
OUT_OF_HOURS_CALLS = (
    (
        [Topic.RELATIONSHIPS, Topic.WELLBEING],
        "Rang the helpline at {time}, upset after a row with a neighbour about the bins. "
        "Talked it through and calmed down. Asked for the CLV to pop round tomorrow.",
    ),
    (
        [Topic.HOUSING],
        "Rang at {time}: the boiler had stopped and the flat was cold. Gave the housing "
        "association's emergency repairs number; an engineer is booked for the morning. "
        "Please check the heating is fixed.",
    ),
    (
        [Topic.WELLBEING],
        "Rang at {time}, could not sleep and feeling low. Talked for twenty minutes and felt "
        "better. Has a visit from the CLV tomorrow.",
    ),
)


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


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _their(member: Member) -> str:
    if member.preferred_name in SHE_NAMES:
        return "her"
    if member.preferred_name in HE_NAMES:
        return "his"
    return "their"


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


class _Life:
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
                recorded_at=_at(on, hour, self.rng.choice([5, 20, 35, 50])),
            )
        )

    def _referrer(self, source: str, network) -> str:
        rng = self.rng
        place = self.plan.networks[self.position[network.pk] % len(self.plan.networks)]
        return REFERRERS[source].format(
            council=self.plan.local_authority,
            area=place.name.split()[0],
            street=rng.choice(place.streets),
            surname=rng.choice(LAST_NAMES),
            phone=demo_phone(self.plan, rng.randint(1, 999)),
            mobile=demo_mobile(rng.randint(0, 999)),
        )

    # --- Referrals and each member's journey so far -----------------------------------
    def journeys(self) -> None:
        rng = self.rng
        sources = list(SOURCE_WEIGHTS)
        weights = list(SOURCE_WEIGHTS.values())
        for member in self.members:
            network = self.networks_by_pk[member.network_id]
            source = rng.choices(sources, weights=weights)[0]
            self.referral_source[member.pk] = source
            if member.status == Status.ASSESSING:
                referred = self.today - DAY * rng.randint(25, 60)
                started = referred + DAY * rng.randint(5, 14)
                decided = None
            else:
                decided = member.joined_on - DAY * rng.randint(3, 14)
                started = decided - DAY * rng.randint(7, 30)
                referred = started - DAY * rng.randint(7, 60)
            self.rows.referrals.append(
                Referral(
                    organisation=self.organisation,
                    member=member,
                    source=source,
                    referrer=self._referrer(source, network),
                    referred_on=referred,
                    reason_in_referrers_words=rng.choice(REFERRER_REASONS[source]),
                    reason_in_own_words=rng.choice(OWN_WORDS),
                    stage=Stage.ASSESSING if decided is None else Stage.ACCEPTED,
                    assessment_started_on=started,
                    assessment_notes=rng.choice(ASSESSMENT_NOTES),
                    decided_on=decided,
                    decision_reason="" if decided is None else rng.choice(ACCEPTED_BECAUSE),
                    decided_by=None if decided is None else self.staff.manager,
                )
            )
            self._status(member, "", Status.REFERRED, referred, REFERRED_BY[source], hour=11)
            self._status(member, Status.REFERRED, Status.ASSESSING, started, "Assessment started")
            if decided is None:
                continue
            self._status(
                member, Status.ASSESSING, Status.ACTIVE, member.joined_on, f"Joined {network.name}"
            )
            if member.status == Status.MOVED_ON:
                day = self.places[network.pk].drop_in.day
                self._status(
                    member,
                    Status.ACTIVE,
                    Status.MOVED_ON,
                    member.left_on,
                    rng.choice(MOVED_ON_BECAUSE).format(day=day),
                )

    def new_referrals(self) -> None:
        """Six people referred lately, at every stage: waiting, being assessed,
        declined with a reason, withdrawn. They have no network yet."""
        rng = self.rng
        stage_status = {
            Stage.NEW: Status.REFERRED,
            Stage.ASSESSING: Status.ASSESSING,
            Stage.DECLINED: Status.LEFT,
            Stage.WITHDRAWN: Status.LEFT,
        }
        people = []
        for plan in NEW_REFERRALS:
            first = rng.choice(FIRST_NAMES)
            referred = self.today - DAY * plan.days_ago
            decided = None if plan.decided_after is None else referred + DAY * plan.decided_after
            member = Member(
                organisation=self.organisation,
                full_name=f"{first} {rng.choice(LAST_NAMES)}",
                preferred_name=first,
                status=stage_status[plan.stage],
                left_on=decided,
                support_needs=rng.choice(SUPPORT_NEEDS) if rng.random() < 0.5 else "",
            )
            people.append((plan, member, referred, decided))
        Member.objects.bulk_create([member for _, member, _, _ in people])
        for plan, member, referred, decided in people:
            started = None
            if plan.assessment_after is not None:
                started = referred + DAY * plan.assessment_after
            self.rows.referrals.append(
                Referral(
                    organisation=self.organisation,
                    member=member,
                    source=plan.source,
                    referrer=self._referrer(plan.source, self.first_copy[0]),
                    referred_on=referred,
                    reason_in_referrers_words=rng.choice(REFERRER_REASONS[plan.source]),
                    reason_in_own_words=plan.own_words,
                    stage=plan.stage,
                    assessment_started_on=started,
                    assessment_notes=plan.notes,
                    decided_on=decided,
                    decision_reason=plan.decision,
                    decided_by=None if decided is None else self.staff.manager,
                )
            )
            self._status(member, "", Status.REFERRED, referred, REFERRED_BY[plan.source], hour=11)
            if started is not None:
                self._status(
                    member, Status.REFERRED, Status.ASSESSING, started, "Assessment started"
                )
            if decided is not None:
                label = "Referral declined" if plan.stage == Stage.DECLINED else "Withdrew"
                self._status(
                    member, Status.ASSESSING, Status.LEFT, decided, f"{label}: {plan.decision}"
                )

    # --- Who supports whom -----------------------------------------------------------
    def allocations(self) -> None:
        rng = self.rng
        for member in self.members:
            if member.status not in (Status.ACTIVE, Status.MOVED_ON):
                continue
            network = self.networks_by_pk[member.network_id]
            self.rows.allocations.append(
                Allocation(
                    organisation=self.organisation,
                    member=member,
                    worker=self._clv_or_manager(network),
                    started_on=member.joined_on,
                    ended_on=member.left_on,
                )
            )
            enabler_here = network.pk in self.staff.enabler_network_ids
            if member.status == Status.ACTIVE and enabler_here and rng.random() < 0.25:
                self.rows.allocations.append(
                    Allocation(
                        organisation=self.organisation,
                        member=member,
                        worker=self.staff.enabler,
                        started_on=member.joined_on + DAY * rng.randint(0, 14),
                    )
                )

    # --- Support flexed up and down, with the reasons -------------------------------------
    def _flex(self, member, from_hours, to_hours, reason, when) -> None:
        self.rows.level_changes.append(
            SupportLevelChange(
                organisation=self.organisation,
                member=member,
                from_hours=from_hours,
                to_hours=to_hours,
                reason=reason,
                changed_by=self.staff.manager,
                changed_at=when,
            )
        )

    def support_levels(self) -> None:
        rng = self.rng
        changed: list[Member] = []
        # Flexed up in the last fortnight: a bereavement.
        member = self.bereaved
        before = rng.choice([Decimal("2"), Decimal("2.5"), Decimal("3")])
        member.support_hours_per_week = before + 2
        day = self.today - DAY * rng.randint(5, 10)
        month = f"{day - DAY * 21:%B}"
        self._flex(
            member,
            before,
            member.support_hours_per_week,
            BEREAVEMENT.format(their=_their(member), month=month),
            _at(day, 11, 20),
        )
        changed.append(member)
        # Flexed down some months ago, as people grew more confident.
        for member, reason in zip(self.flexed_down, FLEXED_DOWN_BECAUSE, strict=False):
            latest = (DEMO_TODAY - member.joined_on).days - 14
            day = member.joined_on + DAY * rng.randint(60, max(60, latest))
            self._flex(
                member,
                member.support_hours_per_week + 1,
                member.support_hours_per_week,
                reason.format(their=_their(member)),
                _at(day, 15, 10),
            )
        # Up for a hospital stay in the summer, then back down.
        member = self.in_hospital
        hours = member.support_hours_per_week
        up = datetime.date(DEMO_TODAY.year, 7, rng.randint(1, 25))
        up = max(up, member.joined_on + DAY * 30)
        self._flex(
            member,
            hours,
            hours + Decimal("1.5"),
            HOSPITAL_UP.format(their=_their(member)),
            _at(up, 10),
        )
        self._flex(member, hours + Decimal("1.5"), hours, HOSPITAL_DOWN, _at(up + DAY * 35, 10))
        # Support ends when someone moves on (they stay in the social side).
        for member in self.members:
            if member.status == Status.MOVED_ON:
                self._flex(
                    member,
                    rng.choice(SUPPORT_HOURS),
                    Decimal("0"),
                    MOVED_ON_HOURS,
                    _at(member.left_on, 12),
                )
        for member in changed:
            Member.objects.filter(pk=member.pk).update(
                support_hours_per_week=member.support_hours_per_week
            )

    # --- Consent, and the people each member chooses to involve --------------------------
    def consent_and_chosen_people(self) -> None:
        rng = self.rng
        first_ids = {n.pk for n in self.first_copy}
        photos_given: list[Consent] = []
        for member in self.members:
            if member.status not in (Status.ACTIVE, Status.MOVED_ON):
                continue
            network = self.networks_by_pk[member.network_id]
            on = min(member.joined_on + DAY * rng.randint(0, 14), self.today - DAY)

            def consent(topic, given, shared_with="", details="", *, member=member, on=on):
                return self._consent(member, topic, given, shared_with, details, on)

            shares = rng.random() < 0.9
            consent(
                Consent.Topic.SHARE_WITH_NETWORK,
                shares,
                "Members of the network",
                "" if shares else "Happy to meet neighbours at the hub, but not to share a number.",
            )
            consent(Consent.Topic.OUTCOME_REPORTS, rng.random() < 0.85, "The council")
            photos = rng.random() < 0.5
            row = consent(
                Consent.Topic.PHOTOS,
                photos,
                "The newsletter",
                "Group photos are fine; no close-ups." if photos and rng.random() < 0.4 else "",
            )
            if photos and member.network_id in first_ids and member.status == Status.ACTIVE:
                photos_given.append(row)
            if rng.random() < 0.4:
                gp = next(
                    (
                        a.name
                        for a in self.places[network.pk].assets
                        if a.category == CommunityAsset.Category.HEALTH
                    ),
                    "Their GP",
                )
                consent(
                    Consent.Topic.SHARE_WITH_GP,
                    rng.random() < 0.8,
                    gp,
                    "Appointments and changes to medication.",
                )
            if self.referral_source.get(member.pk) == Source.SOCIAL_WORK:
                consent(Consent.Topic.SHARE_WITH_SOCIAL_WORKER, True, "Their social worker")
        # One member changed their mind about photos.
        withdrawn = rng.choice(photos_given)
        withdrawn.withdrawn_on = min(withdrawn.recorded_on + DAY * 200, DEMO_TODAY - DAY * 20)
        withdrawn.withdrawn_on = max(withdrawn.withdrawn_on, withdrawn.recorded_on)
        withdrawn.details = (
            "Said yes at first, then changed their mind after the summer newsletter."
        )
        self._chosen_people()

    def _consent(self, member, topic, given, shared_with, details, on) -> Consent:
        row = Consent(
            organisation=self.organisation,
            member=member,
            topic=topic,
            shared_with=shared_with,
            details=details,
            given=given,
            recorded_on=on,
            review_on=on + DAY * 365,
            recorded_by=self._clv_or_manager(self.networks_by_pk[member.network_id]),
        )
        self.rows.consents.append(row)
        return row

    def _chosen_people(self) -> None:
        rng = self.rng

        def person(member, name, relationship, **fields):
            self.rows.chosen.append(
                ChosenPerson(
                    organisation=self.organisation,
                    member=member,
                    name=name,
                    relationship=relationship,
                    **fields,
                )
            )

        def surname(member):
            return member.full_name.split(" ", 1)[1]

        eligible = [m for m in self.members if m.status in (Status.ACTIVE, Status.MOVED_ON)]
        first_network = [m for m in eligible if m.network_id == self.first_copy[0].pk]
        sister, friend, advocate, careful = rng.sample(first_network, 4)
        person(
            sister,
            f"{rng.choice(sorted(SHE_NAMES))} {surname(sister)}",
            "Sister",
            phone=demo_mobile(rng.randint(0, 999)),
            is_emergency_contact=True,
            may_be_told="Anything about my health and how I am getting on.",
        )
        person(
            friend,
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            "Friend from the allotments",
            phone=demo_mobile(rng.randint(0, 999)),
            may_be_told="That I am safe, if they ring.",
        )
        advocate_first = rng.choice(FIRST_NAMES)
        person(
            advocate,
            f"{advocate_first} {rng.choice(LAST_NAMES)}",
            "Independent advocate",
            phone=demo_phone(self.plan, rng.randint(1, 999)),
            email=f"{advocate_first.lower()}@advocacy.example",
            may_be_told="Anything about my referral, my support plan and my money.",
        )
        person(
            careful,
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            "Ex-partner",
            do_not_contact=True,
            may_be_told="Nothing. Do not confirm that I live here or that I am supported.",
        )
        chosen = {sister.pk, friend.pk, advocate.pk, careful.pk}
        for member in eligible:
            if member.pk in chosen or rng.random() >= 0.55:
                continue
            relationship, emergency, told = rng.choice(FAMILY)
            family = relationship in ("Sister", "Brother", "Mum", "Dad", "Cousin")
            first = rng.choice(FIRST_NAMES)
            person(
                member,
                f"{first} {surname(member) if family else rng.choice(LAST_NAMES)}",
                relationship,
                phone=demo_mobile(rng.randint(0, 999)),
                is_emergency_contact=emergency and rng.random() < 0.7,
                may_be_told=told,
            )

    # --- Who knows whom, and the places they use ------------------------------------------
    def connections(self) -> None:
        rng = self.rng
        latest = self.today - DAY * 3
        ended_network = self.first_copy[1 % len(self.first_copy)].pk
        for network in self.networks:
            here = [
                m
                for m in self.by_network[network.pk]
                if m.status in (Status.ACTIVE, Status.MOVED_ON)
            ]
            places = self.places[network.pk]
            pairs = list(combinations(here, 2))
            picked = rng.sample(range(len(pairs)), min(len(pairs), rng.randint(5, 7)))
            chosen = [pairs[i] for i in picked]
            for a, b in chosen:
                a_on = min(max(a.joined_on, b.joined_on) + DAY * rng.randint(7, 150), latest)
                b_on = min(a_on + DAY * rng.randint(0, 10), latest)
                if rng.random() < 0.5:
                    a_on, b_on = b_on, a_on
                self.rows.peers.append(
                    PeerConnection(
                        organisation=self.organisation,
                        member_a=a,
                        member_b=b,
                        a_agreed_on=a_on,
                        b_agreed_on=b_on,
                        started_on=max(a_on, b_on),
                        note=rng.choice(PEER_NOTES).format(
                            a=a.preferred_name, b=b.preferred_name, day=places.drop_in.day
                        ),
                    )
                )
                self.peers_of[a.pk].append(b)
                self.peers_of[b.pk].append(a)
            left = [pair for i, pair in enumerate(pairs) if i not in picked]
            if network.pk == ended_network and left:
                # Not everyone stays friends; they stay good neighbours.
                a, b = rng.choice(left)
                started = max(a.joined_on, b.joined_on) + DAY * 20
                self.rows.peers.append(
                    PeerConnection(
                        organisation=self.organisation,
                        member_a=a,
                        member_b=b,
                        a_agreed_on=started,
                        b_agreed_on=started,
                        started_on=started,
                        ended_on=min(started + DAY * 120, latest),
                        note="Fell out over noise and drifted apart; both say they are still "
                        "good neighbours.",
                    )
                )
            self._places(network, here, places)

    def _places(self, network, here: list[Member], places: NetworkPlaces) -> None:
        rng = self.rng
        introducers = self.staff.workers_of(network)
        links: list[tuple[Member, CommunityAsset]] = []
        for member in here:
            for asset in rng.sample(places.assets, rng.randint(1, 2)):
                links.append((member, asset))
        if len(links) < 8:  # enough for a connection map worth looking at
            used = {(m.pk, id(a)) for m, a in links}
            spare = [(m, a) for m in here for a in places.assets if (m.pk, id(a)) not in used]
            while len(links) < 8 and spare:
                links.append(spare.pop(rng.randrange(len(spare))))
        for member, asset in links:
            start = member.joined_on + DAY * rng.randint(14, 400)
            self.rows.places.append(
                CommunityConnection(
                    organisation=self.organisation,
                    member=member,
                    asset=asset,
                    started_on=max(member.joined_on, min(start, self.today - DAY * 7)),
                    note=PLACE_NOTES[asset.category].format(name=member.preferred_name),
                    introduced_by=rng.choice(introducers),
                )
            )

    # --- Support given lately ---------------------------------------------------------------
    def _contact(self, member, worker, method, pick, when, minutes, peer=None, **words):
        """A contact, written up between a few minutes and an hour and a half
        after it ended (the helpline writes up at once)."""
        topics, text = pick
        peer_name = peer.preferred_name if peer is not None else ""
        write_up = 2 if method == Method.OUT_OF_HOURS else self.rng.randint(5, 90)
        contact = Contact(
            organisation=self.organisation,
            member=member,
            worker=worker,
            peer=peer,
            happened_at=when,
            minutes=minutes,
            method=method,
            topics=sorted(set(topics)),
            notes=text.format(name=member.preferred_name, peer=peer_name, **words),
            created_at=when + datetime.timedelta(minutes=minutes + write_up),
        )
        self.rows.contacts.append(contact)
        return contact

    def _some_time(self, last_day, hours, minutes=(0, 15, 30, 45)) -> datetime.datetime:
        """A time in the week that ends on ``last_day``."""
        rng = self.rng
        day = last_day - DAY * rng.randint(0, 6)
        return _at(day, rng.choice(hours), rng.choice(minutes))

    def contacts(self) -> None:
        """Three weeks of support for everyone, so most were seen in the last
        fortnight; two or three not seen for over three weeks; two calls to
        the out-of-hours helpline last night, waiting for the handover."""
        rng = self.rng
        not_seen = {m.pk for m in self.not_seen}
        daytime, evening = range(10, 17), (11, 18, 19)
        for network in self.networks:
            clv = self._clv_or_manager(network)
            enabler_here = network.pk in self.staff.enabler_network_ids
            out_and_about = self.staff.enabler if enabler_here else clv
            drop_in = self.places[network.pk].drop_in
            for member in self.by_network[network.pk]:
                if member.status == Status.ASSESSING:
                    self._assessment_visits(member)
                    continue
                if member.pk in not_seen:  # last seen over three weeks ago
                    for _ in range(2):
                        when = self._some_time(
                            self.today - DAY * 22 - DAY * rng.randint(0, 20), daytime
                        )
                        self._contact(member, clv, Method.VISIT, rng.choice(VISITS), when, 45)
                    continue
                for week in range(3):
                    end = self.today - DAY * (1 + 7 * week)  # the week's last day
                    hub_day = end - DAY * ((end.weekday() - drop_in.weekday) % 7)
                    at_hub = _at(hub_day, drop_in.starts.hour, drop_in.starts.minute)
                    at_hub += datetime.timedelta(minutes=rng.choice([0, 15, 30, 45]))
                    if member.status == Status.MOVED_ON:
                        if rng.random() < 0.4:  # still comes to the drop-in
                            self._contact(
                                member,
                                clv,
                                Method.HUB,
                                MOVED_ON_AT_HUB,
                                at_hub,
                                rng.randint(10, 20),
                                day=drop_in.day,
                            )
                        continue
                    if member.joined_on > end - DAY * 6:
                        continue
                    visit = self._some_time(end, daytime)
                    self._contact(
                        member, clv, Method.VISIT, rng.choice(VISITS), visit, rng.randint(45, 90)
                    )
                    if rng.random() < 0.4:
                        when = self._some_time(end, (16, 17, 18))
                        self._contact(
                            member,
                            clv,
                            Method.VISIT,
                            rng.choice(POP_ROUNDS),
                            when,
                            rng.randint(20, 45),
                        )
                    if rng.random() < 0.5:
                        when = self._some_time(end, range(9, 18), (0, 10, 20, 30, 40, 50))
                        self._contact(
                            member, clv, Method.PHONE, rng.choice(CALLS), when, rng.randint(5, 20)
                        )
                    if rng.random() < 0.6:
                        self._contact(
                            member,
                            clv,
                            Method.HUB,
                            rng.choice(AT_THE_HUB),
                            at_hub,
                            rng.randint(15, 40),
                            day=drop_in.day,
                        )
                    if rng.random() < 0.15:
                        when = self._some_time(end, evening, (0, 30))
                        self._contact(
                            member,
                            out_and_about,
                            Method.COMMUNITY,
                            rng.choice(OUT_AND_ABOUT),
                            when,
                            rng.randint(60, 120),
                        )
                    helpers = self.peers_of.get(member.pk)
                    if helpers and rng.random() < 0.2:
                        when = self._some_time(end, daytime)
                        self._contact(
                            member,
                            clv,
                            Method.PEER,
                            rng.choice(PEER_HELP),
                            when,
                            rng.randint(30, 60),
                            peer=rng.choice(helpers),
                        )
        self._out_of_hours()
        self._a_correction()

    def _assessment_visits(self, member) -> None:
        for pick in ASSESSMENT_VISITS:
            when = self._some_time(self.today - DAY * 2, range(10, 15), (0, 30))
            minutes = self.rng.randint(45, 75)
            self._contact(member, self.staff.manager, Method.VISIT, pick, when, minutes)

    def _out_of_hours(self) -> None:
        """Two calls last night, waiting for the handover; one older, handed over."""
        rng = self.rng
        last_night = self.today - DAY
        calls = rng.sample(OUT_OF_HOURS_CALLS, 2)
        for member, (topics, text), (hour, minute) in zip(
            self.night_callers, calls, [(21, 50), (22, 40)], strict=True
        ):
            text = text.replace("{time}", f"{hour - 12}.{minute:02d}pm")
            when = _at(last_night, hour, minute)
            self._contact(
                member,
                self.staff.enabler,
                Method.OUT_OF_HOURS,
                (topics, text),
                when,
                rng.randint(15, 25),
            )
        day = self.today - DAY * rng.randint(6, 12)
        topics, text = rng.choice(OUT_OF_HOURS_CALLS)
        call = self._contact(
            rng.choice(self.night_callers),
            self.staff.enabler,
            Method.OUT_OF_HOURS,
            (topics, text.replace("{time}", "8.15pm")),
            _at(day, 20, 15),
            rng.randint(10, 20),
        )
        call.handed_over_at = _at(day + DAY, 9, 10)
        call.handed_over_to = self.staff.manager

    def _a_correction(self) -> None:
        """A visit recorded four days ago with the wrong length, corrected."""
        network = self.first_copy[0]
        member = next(
            m
            for m in self.by_network[network.pk]
            if m.status == Status.ACTIVE and m not in self.not_seen
        )
        self.corrected = self._contact(
            member,
            self._clv_or_manager(network),
            Method.VISIT,
            ([Topic.BILLS], "Went through the gas bill together and rang the supplier."),
            _at(self.today - DAY * 4, 14),
            90,
        )

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
