"""Demo networks and homes (called by keyring_net.demo.seed_all)."""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from keyring_net.demo_data import NetworkPlan, OrganisationPlan, demo_phone
from keyring_net.models import LocalAuthority, Organisation
from networks.models import Cluster, CommunityAsset, CommunityHub, Home, HubEvent, Network

if TYPE_CHECKING:
    from keyring_net.demo_data import DemoStaff

HOMES_PER_NETWORK = 11  # ten members' homes and the CLV's
METRES_PER_DEGREE = 111_320


def _offset(
    centre: tuple[float, float], rng: random.Random, max_metres: float
) -> tuple[Decimal, Decimal]:
    distance = max_metres * math.sqrt(rng.random())
    bearing = rng.uniform(0, 2 * math.pi)
    lat = centre[0] + distance * math.cos(bearing) / METRES_PER_DEGREE
    lng = centre[1] + distance * math.sin(bearing) / (
        METRES_PER_DEGREE * math.cos(math.radians(centre[0]))
    )
    return Decimal(f"{lat:.6f}"), Decimal(f"{lng:.6f}")


def _postcode(district: str, rng: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"{district} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def seed_networks(
    organisation: Organisation,
    plan: OrganisationPlan,
    rng: random.Random,
    scale: int,
    local_authority: LocalAuthority,
) -> list[Network]:
    """``scale`` copies of the organisation's neighbourhoods; copies after the
    first sit a little further along, as a growing organisation's would."""
    cluster = Cluster.objects.create(organisation=organisation, name=plan.cluster)
    tenures = list(Home.Tenure)
    networks = []
    homes: list[Home] = []
    for copy in range(scale):
        for index, place in enumerate(plan.networks):
            centre = _shifted(place, copy, index)
            suffix = "" if copy == 0 else f" {copy + 1}"
            network = Network(
                organisation=organisation,
                name=f"{place.name}{suffix}",
                cluster=cluster,
                status=Network.Status.ACTIVE,
                capacity=rng.choice([10, 12, 14]),
                centre_latitude=Decimal(f"{centre[0]:.6f}"),
                centre_longitude=Decimal(f"{centre[1]:.6f}"),
            )
            networks.append(network)
    Network.objects.bulk_create(networks)
    used: set[tuple[str, str]] = set()
    for copy in range(scale):
        for index, place in enumerate(plan.networks):
            network = networks[copy * len(plan.networks) + index]
            centre = _shifted(place, copy, index)
            for _ in range(HOMES_PER_NETWORK):
                lat, lng = _offset(centre, rng, 400)
                while True:  # no two demo homes share an address
                    address = f"{rng.randint(1, 180)} {rng.choice(place.streets)}"
                    postcode = _postcode(place.postcode_district, rng)
                    if (address, postcode) not in used:
                        used.add((address, postcode))
                        break
                homes.append(
                    Home(
                        organisation=organisation,
                        network=network,
                        address_line_1=address,
                        address_key=Home.address_key_for(address),
                        location_source="typed",
                        town=place.town,
                        postcode=postcode,
                        latitude=lat,
                        longitude=lng,
                        tenure=rng.choices(tenures, weights=[4, 4, 3, 1, 1])[0],
                        local_authority=local_authority,
                    )
                )
    Home.objects.bulk_create(homes)
    # The last home of each network is the CLV's.
    for position, network in enumerate(networks):
        network.clv_home = homes[(position + 1) * HOMES_PER_NETWORK - 1]
    Network.objects.bulk_update(networks, ["clv_home"])
    return networks


def _shifted(place: NetworkPlan, copy: int, index: int) -> tuple[float, float]:
    """Copies beyond the first move about 1.5 km per copy, in a spiral."""
    if copy == 0:
        return place.centre
    angle = copy * 2.4 + index
    metres = 1500 * math.sqrt(copy)
    lat = place.centre[0] + metres * math.cos(angle) / METRES_PER_DEGREE
    lng = place.centre[1] + metres * math.sin(angle) / (
        METRES_PER_DEGREE * math.cos(math.radians(place.centre[0]))
    )
    return lat, lng


# --- Hubs, events and community places ---------------------------------------------------


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


@dataclass
class NetworkPlaces:
    """What ``seed_places`` made for one network, for the members' demo."""

    network: Network
    hub: CommunityHub
    drop_in: DropIn
    assets: list[CommunityAsset] = field(default_factory=list)


def seed_places(
    organisation: Organisation,
    plan: OrganisationPlan,
    rng: random.Random,
    networks: list[Network],
    staff: DemoStaff,
    today: datetime.date,
) -> dict[int, NetworkPlaces]:
    """A hub with its drop-in and two or three upcoming events, and five to
    eight community places, for every network. Events are dated from
    ``today`` so they are always upcoming when the demo is loaded."""
    by_network: dict[int, NetworkPlaces] = {}
    hubs: list[CommunityHub] = []
    for position, network in enumerate(networks):
        place = plan.networks[position % len(plan.networks)]
        centre = (float(network.centre_latitude), float(network.centre_longitude))
        street = rng.choice(place.streets)
        lat, lng = _offset(centre, rng, 300)
        hub = CommunityHub(
            organisation=organisation,
            network=network,
            name=rng.choice(HUB_NAMES).format(street=street, saint=rng.choice(SAINTS)),
            address=f"{rng.randint(1, 200)} {street}",
            postcode=_postcode(place.postcode_district, rng),
            latitude=lat,
            longitude=lng,
        )
        drop_in = rng.choice(DROP_INS)
        hub.drop_in_times = drop_in.text
        hubs.append(hub)
        by_network[network.pk] = NetworkPlaces(network, hub, drop_in)
    CommunityHub.objects.bulk_create(hubs)

    events: list[HubEvent] = []
    assets: list[CommunityAsset] = []
    for position, network in enumerate(networks):
        place = plan.networks[position % len(plan.networks)]
        places = by_network[network.pk]
        events.extend(_hub_events(organisation, rng, places, staff.event_runner(network), today))
        assets.extend(_assets(organisation, plan, place, rng, places, staff))
    HubEvent.objects.bulk_create(events)
    CommunityAsset.objects.bulk_create(assets)
    for asset in assets:
        by_network[asset.network_id].assets.append(asset)
    return by_network


def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def _next_weekday(after: datetime.date, weekday: int) -> datetime.date:
    return after + datetime.timedelta(days=(weekday - after.weekday()) % 7)


def _hub_events(organisation, rng, places: NetworkPlaces, run_by, today) -> list[HubEvent]:
    hub = places.hub
    coffee_day = today + datetime.timedelta(days=rng.randint(2, 9))
    if coffee_day.weekday() == 6:  # the hall is used for services on Sundays
        coffee_day += datetime.timedelta(days=1)
    # The guest speaker comes to the drop-in, in the next week or two.
    speaker_day = _next_weekday(
        today + datetime.timedelta(days=rng.randint(5, 12)), places.drop_in.weekday
    )
    speaker_at = _at(speaker_day, places.drop_in.starts)
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


def _assets(organisation, plan, place: NetworkPlan, rng, places: NetworkPlaces, staff):
    network = places.network
    area = place.name.split()[0]
    centre = (float(network.centre_latitude), float(network.centre_longitude))
    introducers = staff.workers_of(network)

    def phone() -> str:
        return demo_phone(plan, rng.randint(1, 999))

    surname, first = rng.choice(SHOPKEEPERS)
    streets = [rng.choice(place.streets) for _ in range(4)]
    rows = [
        (
            CommunityAsset.Category.LIBRARY,
            f"{streets[0]} Library",
            streets[0],
            "Monday to Friday, 10am to 5pm; Saturday, 10am to 1pm",
            f"The desk, {phone()}",
            "Free computers, and help to get online on Wednesday mornings. Members use the "
            "printer for forms.",
        ),
        (
            CommunityAsset.Category.SHOP,
            f"{surname}'s Convenience Store",
            streets[1],
            "Every day, 7am to 10pm",
            f"{first} (the owner), {phone()}",
            f"{first} knows several members by name and rings the CLV if someone has not "
            "been in for a few days.",
        ),
        (
            CommunityAsset.Category.CAFE,
            rng.choice(CAFES),
            streets[2],
            "Monday to Saturday, 8am to 3pm",
            phone(),
            "Pay-as-you-feel soup on Thursdays. The back room is quiet if the front is busy.",
        ),
        (
            CommunityAsset.Category.HEALTH,
            f"{streets[3]} Medical Practice",
            streets[3],
            "Monday to Friday, 8am to 6.30pm",
            f"Reception, {phone()}",
            "Reception will book a double appointment if you ask. A social prescriber is in "
            "on Tuesdays.",
        ),
    ]
    for category, name, opening, contact, notes in rng.sample(MORE_PLACES, rng.randint(1, 4)):
        words = {
            "street": rng.choice(place.streets),
            "area": area,
            "hub": places.hub.name,
            "saint": rng.choice(SAINTS),
            "phone": phone(),
        }
        rows.append(
            (
                category,
                name.format(**words),
                words["street"],
                opening,
                contact.format(**words),
                notes,
            )
        )
    assets = []
    for category, name, street, opening, contact, notes in rows:
        lat, lng = _offset(centre, rng, 500)
        on_the_street = category in (
            CommunityAsset.Category.TRANSPORT,
            CommunityAsset.Category.PERSON,
        )
        assets.append(
            CommunityAsset(
                organisation=organisation,
                network=network,
                name=name,
                category=category,
                address=street if on_the_street else f"{rng.randint(1, 250)} {street}",
                postcode=_postcode(place.postcode_district, rng),
                latitude=lat,
                longitude=lng,
                opening_times=opening,
                contact=contact,
                introduced_by=rng.choice(introducers),
                notes=notes,
            )
        )
    return assets
