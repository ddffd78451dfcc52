"""Demo networks and homes (called by keyring_net.demo.seed_all)."""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from keyring_net.demo_data import NetworkPlan, OrganisationPlan, demo_phone
from keyring_net.models import LocalAuthority, Organisation
from networks.demo.neighbourhood import (
    CAFES,
    DROP_INS,
    HUB_NAMES,
    MORE_PLACES,
    SAINTS,
    SHOPKEEPERS,
    DropIn,
    hub_events,
)
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
        events.extend(
            hub_events(
                organisation, rng, places.hub, places.drop_in, staff.event_runner(network), today
            )
        )
        assets.extend(_assets(organisation, plan, place, rng, places, staff))
    HubEvent.objects.bulk_create(events)
    CommunityAsset.objects.bulk_create(assets)
    for asset in assets:
        by_network[asset.network_id].assets.append(asset)
    return by_network


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
