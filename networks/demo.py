"""Demo networks and homes (called by keyring_net.demo.seed_all)."""

from __future__ import annotations

import math
import random
from decimal import Decimal

from keyring_net.demo.places import NetworkPlan, OrganisationPlan
from keyring_net.models import LocalAuthority, Organisation
from networks.models import Cluster, Home, Network

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
