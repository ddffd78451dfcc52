import io
import json
import math
from itertools import combinations

import pytest
from django.core.management import call_command
from django.db import transaction

from keyring_net.models import Organisation, Role, User
from keyring_net.tenancy import organisation_scope
from members.models import Member
from networks.models import Home, Network

pytestmark = pytest.mark.django_db

ALL_ROLES = {role.value for role in Role}


def seed_json(*args: str) -> list[dict]:
    out = io.StringIO()
    call_command("seed_demo", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def metres_between(a: Home, b: Home) -> float:
    lat1, lng1, lat2, lng2 = map(
        math.radians, map(float, (a.latitude, a.longitude, b.latitude, b.longitude))
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def test_demo_gives_every_role_in_two_organisations():
    logins = seed_json()
    assert {"organisation", "role", "email", "password", "api_token"} <= set(logins[0])
    by_org: dict[str, set[str]] = {}
    for login in logins:
        by_org.setdefault(login["organisation"], set()).add(login["role"])
    assert len(by_org) == 2
    for roles in by_org.values():
        assert roles == ALL_ROLES


def test_demo_logins_work(client):
    logins = seed_json()
    manager = next(login for login in logins if login["role"] == "support_manager")
    assert User.objects.get(email=manager["email"]).check_password(manager["password"])
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {manager['api_token']}")
    assert response.json()["roles"][0]["role"] == "support_manager"


def test_running_it_twice_duplicates_nothing():
    first = seed_json()
    counts = _counts()
    second = seed_json()
    assert first == second
    assert _counts() == counts


def test_same_seed_same_data_and_scale_multiplies_networks():
    def seed_and_read():
        with transaction.atomic():
            seed_json("--seed", "7", "--scale", "2")
            org = Organisation.objects.get(slug="northway")
            with organisation_scope(org):
                networks = Network.objects.count()
                homes = list(
                    Home.objects.order_by("address_line_1", "postcode").values_list(
                        "address_line_1", "postcode", "latitude", "longitude"
                    )
                )
                members = sorted(Member.objects.values_list("full_name", flat=True))
            transaction.set_rollback(True)
        return networks, homes, members

    first = seed_and_read()
    assert first[0] == 6
    assert seed_and_read() == first


def test_every_network_has_ten_homes_within_walking_distance_and_a_clv():
    seed_json()
    for org in Organisation.objects.all():
        with organisation_scope(org):
            networks = list(Network.objects.all())
            assert len(networks) >= 3
            for network in networks:
                homes = list(Home.objects.filter(network=network))
                assert len(homes) >= 10
                assert network.clv_home in homes
                # 400 m from the centre at most, so 800 m apart at most:
                # about ten minutes on foot.
                longest = max(metres_between(a, b) for a, b in combinations(homes, 2))
                assert longest < 800, (network.name, longest)
                assert Member.objects.filter(network=network).count() >= 9


def _counts():
    total = {}
    for org in Organisation.objects.all():
        with organisation_scope(org):
            total[org.slug] = (
                Network.objects.count(),
                Home.objects.count(),
                Member.objects.count(),
            )
    return total
