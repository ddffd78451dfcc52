"""Demo members (called by keyring_net.demo.seed_all)."""

from __future__ import annotations

import datetime
import random

from keyring_net.demo.places import FIRST_NAMES, LAST_NAMES, OrganisationPlan
from keyring_net.models import Organisation
from members.models import Member
from networks.demo import HOMES_PER_NETWORK
from networks.models import Home, Network

MEMBERS_PER_NETWORK = HOMES_PER_NETWORK - 1


def seed_members(
    organisation: Organisation,
    plan: OrganisationPlan,
    rng: random.Random,
    networks: list[Network],
    people,
) -> list[Member]:
    """A member in every home but the CLV's; most active, a few moved on
    or still being assessed, as in a real network."""
    homes_by_network: dict[int, list[Home]] = {}
    for home in Home.objects.filter(network__in=networks).order_by("pk"):
        homes_by_network.setdefault(home.network_id, []).append(home)
    members = []
    today = datetime.date(2026, 11, 1)
    for network in networks:
        for home in homes_by_network[network.pk][:MEMBERS_PER_NETWORK]:
            status = rng.choices(
                [Member.Status.ACTIVE, Member.Status.MOVED_ON, Member.Status.ASSESSING],
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
                    joined_on=today - datetime.timedelta(days=rng.randint(30, 1400)),
                )
            )
    Member.objects.bulk_create(members)
    return members
