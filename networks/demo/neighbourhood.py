"""What the demo's hubs, events and community places are made of: drop-in
times, hall names, guest speakers, shopkeepers and cafés, and the events a
hub holds in the coming weeks (for ``networks.demo.seed.seed_places``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from networks.models import CommunityAsset, CommunityHub, HubEvent


@dataclass(frozen=True)
class DropIn:
    text: str
    day: str  # "Tuesday", for sentences like "still comes to the Tuesday drop-in"
    weekday: int  # Monday is 0
    starts: datetime.time
    ends: datetime.time


DROP_INS = (
    DropIn("Tuesdays, 2pm to 4pm", "Tuesday", 1, datetime.time(14), datetime.time(16)),
    DropIn("Thursdays, 10am to 12 noon", "Thursday", 3, datetime.time(10), datetime.time(12)),
    DropIn("Wednesdays, 1pm to 3pm", "Wednesday", 2, datetime.time(13), datetime.time(15)),
    DropIn("Mondays, 6pm to 8pm", "Monday", 0, datetime.time(18), datetime.time(20)),
    DropIn(
        "Fridays, 10.30am to 12.30pm", "Friday", 4, datetime.time(10, 30), datetime.time(12, 30)
    ),
)
HUB_NAMES = (
    "{street} Community Centre",
    "St {saint}'s Church Hall",
    "{street} Methodist Church Hall",
    "The Hive Community Centre, {street}",
    "{street} Library community room",
)
SAINTS = ("Agnes", "Mark", "Luke", "Barnabas", "Chad", "Hilda", "Aidan", "Cuthbert")
SPEAKERS = (
    (
        "Help with benefits and bills",
        "A benefits adviser from Citizens Advice",
        "Bring any letters you are not sure about. One-to-one chats after the talk.",
    ),
    (
        "Keeping warm for less this winter",
        "An energy adviser from the council's affordable warmth team",
        "Grants for draught-proofing, and how to read a meter. Tea and biscuits.",
    ),
    (
        "Scam calls, texts and doorstep callers",
        "A PCSO from the neighbourhood policing team",
        "What to look out for, and who to ring if you are worried.",
    ),
    (
        "Getting online with the library",
        "A digital helper from the library",
        "Video calls, repeat prescriptions and the bus app. Bring your phone or tablet.",
    ),
)
SHOPKEEPERS = (
    ("Hussain", "Imran"),
    ("Kaur", "Harjit"),
    ("Patel", "Dilip"),
    ("Walsh", "Maureen"),
    ("Okonkwo", "Chidi"),
    ("Byrne", "Sean"),
)
CAFES = (
    "The Copper Kettle",
    "Sunflower Café",
    "The Little Teapot",
    "Crumbs Café",
    "The Corner Café",
)
# Optional places, by category: (name, opening times, contact, notes). A
# network's directory has a library, a shop, a café and a GP, and one to
# four of these. {street}, {area}, {hub}, {saint} and {phone} are filled in.
MORE_PLACES = (
    (
        CommunityAsset.Category.WORK,
        "{area} Job Club",
        "Wednesdays, 10am to 12 noon",
        "Ask for Carol, {phone}",
        "Help with CVs and online applications. Two members found work through it.",
    ),
    (
        CommunityAsset.Category.FAITH,
        "St {saint}'s Church: Friday lunch club",
        "Fridays, 12 noon to 2pm",
        "The church office, {phone}",
        "A hot lunch for £2, open to everyone, no need to book.",
    ),
    (
        CommunityAsset.Category.FAITH,
        "{street} Mosque community kitchen",
        "Saturdays, 12 noon to 2pm",
        "The community kitchen team, {phone}",
        "Free hot meals, open to all. Volunteers always welcome.",
    ),
    (
        CommunityAsset.Category.TRANSPORT,
        "Bus stop on {street} (buses to the city centre)",
        "Every 10 minutes in the day, every 30 minutes after 7pm",
        "Timetables at the stop; the CLV keeps printed copies",
        "Two members practised the journey to college here with the enabler.",
    ),
    (
        CommunityAsset.Category.ADVICE,
        "Citizens Advice outreach at {hub}",
        "First Monday of the month, 10am to 1pm",
        "Book at the hub or call {phone}",
        "Benefits, debt and housing advice. No appointment needed before 11am.",
    ),
    (
        CommunityAsset.Category.CLUB,
        "Knit and natter",
        "Thursdays, 2pm to 4pm, at the library",
        "Ask for Jean at the library desk",
        "Beginners welcome; wool and needles lent.",
    ),
    (
        CommunityAsset.Category.CLUB,
        "{street} Allotment Society",
        "The shed is open Saturday mornings",
        "Bob, the secretary, {phone}",
        "A shared plot for beginners; two members grow beans and potatoes there.",
    ),
    (
        CommunityAsset.Category.SPORT,
        "Walking football at {area} Park",
        "Saturdays, 10am to 11am",
        "Coach: Dave, {phone}",
        "All ages and abilities; no running allowed.",
    ),
    (
        CommunityAsset.Category.PERSON,
        "Pat, the lollipop lady on {street}",
        "School days, 8.15am to 9am and 3pm to 3.45pm",
        "At the crossing",
        "Knows everyone on the street and is happy to pass a message to the CLV.",
    ),
)


def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def _next_weekday(after: datetime.date, weekday: int) -> datetime.date:
    return after + datetime.timedelta(days=(weekday - after.weekday()) % 7)


def hub_events(
    organisation, rng, hub: CommunityHub, drop_in: DropIn, run_by, today
) -> list[HubEvent]:
    """A coffee morning, a guest speaker at the drop-in and sometimes a walk,
    all in the coming weeks."""
    coffee_day = today + datetime.timedelta(days=rng.randint(2, 9))
    if coffee_day.weekday() == 6:  # the hall is used for services on Sundays
        coffee_day += datetime.timedelta(days=1)
    # The guest speaker comes to the drop-in, in the next week or two.
    speaker_day = _next_weekday(
        today + datetime.timedelta(days=rng.randint(5, 12)), drop_in.weekday
    )
    speaker_at = _at(speaker_day, drop_in.starts)
    title, speaker, description = rng.choice(SPEAKERS)
    events = [
        HubEvent(
            organisation=organisation,
            hub=hub,
            title="Coffee morning",
            kind=HubEvent.Kind.EVENT,
            starts_at=_at(coffee_day, datetime.time(10, 30)),
            ends_at=_at(coffee_day, datetime.time(12)),
            description="Tea, coffee and toast. Bring a neighbour: everyone is welcome.",
            run_by=run_by,
        ),
        HubEvent(
            organisation=organisation,
            hub=hub,
            title=title,
            kind=HubEvent.Kind.GUEST_SPEAKER,
            starts_at=speaker_at,
            ends_at=speaker_at + datetime.timedelta(hours=1),
            speaker=speaker,
            description=description,
            run_by=run_by,
        ),
    ]
    if rng.random() < 0.6:
        walk_day = today + datetime.timedelta(days=rng.randint(3, 20))
        events.append(
            HubEvent(
                organisation=organisation,
                hub=hub,
                title="Walking group: round the park and back",
                kind=HubEvent.Kind.EVENT,
                starts_at=_at(walk_day, datetime.time(11)),
                ends_at=_at(walk_day, datetime.time(12)),
                description="An easy 40-minute walk at the slowest walker's pace, then a "
                "cuppa at the hub. Meet outside.",
                run_by=run_by,
            )
        )
    return events
