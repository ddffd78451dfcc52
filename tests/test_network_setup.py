"""Setting an organisation's networks up: clusters and networks added and
changed by their service (the 9 to 20 capacity rule needs a tick, the CLV's
home is one of the network's own, another organisation's cluster is
refused), on the pages (plain words next to the field, nothing typed lost)
and through the API; the clusters list runs a fixed number of queries."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from keyring_net.actors import Actor
from keyring_net.models import Role
from keyring_net.tenancy import organisation_scope
from networks import services
from networks.models import Cluster, Network
from tests.factories import (
    ClusterFactory,
    HomeFactory,
    MemberFactory,
    NetworkFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from tests.helpers import assert_constant_queries, pinned

pytestmark = pytest.mark.django_db


def actor_of(user, world) -> Actor:
    return Actor.for_user(user, world.organisation.pk)


def details(world, **overrides) -> services.NetworkDetails:
    values = {"name": "Burnage", "cluster": world.network.cluster, "capacity": 10}
    values.update(overrides)
    return services.NetworkDetails(**values)


def refusal(error: ValidationError) -> dict:
    return {name: texts[0] for name, texts in error.message_dict.items()}


# --- Services ----------------------------------------------------------------------------------


def test_an_admin_adds_and_renames_a_cluster_and_the_history_names_them(in_org_a):
    admin = actor_of(in_org_a.admin, in_org_a)
    cluster = services.cluster_save(actor=admin, name="  South   Manchester ")
    assert cluster.name == "South Manchester"
    services.cluster_save(actor=admin, cluster=cluster, name="Manchester South")
    cluster.refresh_from_db()
    assert cluster.name == "Manchester South"
    assert cluster.history.first().history_user == in_org_a.admin
    with pytest.raises(ValidationError) as same:
        services.cluster_save(actor=admin, name="manchester south")
    assert refusal(same.value) == {"name": "There is already a cluster called manchester south."}


def test_only_admins_make_clusters_and_networks(in_org_a):
    manager = actor_of(in_org_a.manager, in_org_a)
    with pytest.raises(PermissionDenied):
        services.cluster_save(actor=manager, name="Mine")
    with pytest.raises(PermissionDenied):
        services.network_save(actor=manager, details=details(in_org_a))
    clv = actor_of(in_org_a.clv, in_org_a)
    with pytest.raises(PermissionDenied):
        services.network_save(actor=clv, details=details(in_org_a), network=in_org_a.network)


def test_a_capacity_outside_9_to_20_needs_a_tick(in_org_a):
    admin = actor_of(in_org_a.admin, in_org_a)
    for capacity, words in ((25, "one CLV may not be able"), (6, "may be too small")):
        with pytest.raises(ValidationError) as unusual:
            services.network_save(actor=admin, details=details(in_org_a, capacity=capacity))
        said = refusal(unusual.value)
        assert list(said) == ["accept_capacity"]
        assert "A network usually has 9 to 20 members" in said["accept_capacity"]
        assert words in said["accept_capacity"]
    assert not Network.objects.filter(name="Burnage").exists()
    network = services.network_save(
        actor=admin, details=details(in_org_a, capacity=25), accept_capacity=True
    )
    assert network.capacity == 25 and network.status == Network.Status.FORMING
    assert network.history.first().history_user == in_org_a.admin
    # Within 9 to 20 nothing is asked; a capacity left as it was is not asked again.
    services.network_save(actor=admin, details=details(in_org_a, name="Levenshulme", capacity=20))
    changed = services.network_save(
        actor=admin,
        details=details(in_org_a, name="Burnage", capacity=25, status="active"),
        network=network,
    )
    assert changed.status == Network.Status.ACTIVE


def test_fewer_places_than_members_supported_needs_a_tick(in_org_a):
    manager = actor_of(in_org_a.manager, in_org_a)
    network = in_org_a.network
    MemberFactory.create_batch(10, network=network)  # 11 with the world's member
    now = services.network_details_of(network)
    with pytest.raises(ValidationError) as over:
        services.network_save(
            actor=manager,
            details=services.NetworkDetails(**{**now, "capacity": 9}),
            network=network,
        )
    assert refusal(over.value) == {
        "accept_capacity": "It already supports 11 members, more than 9 places."
    }
    services.network_save(
        actor=manager,
        details=services.NetworkDetails(**{**now, "capacity": 12}),
        network=network,
    )
    network.refresh_from_db()
    assert network.capacity == 12


def test_the_clvs_home_must_be_one_of_the_networks_own(in_org_a):
    manager = actor_of(in_org_a.manager, in_org_a)
    network = in_org_a.network
    elsewhere = HomeFactory(network=NetworkFactory(cluster=network.cluster))
    now = services.network_details_of(network)
    with pytest.raises(ValidationError) as wrong:
        services.network_save(
            actor=manager,
            details=services.NetworkDetails(**{**now, "clv_home": elsewhere}),
            network=network,
        )
    assert refusal(wrong.value) == {"clv_home": "Choose one of this network's own homes."}
    own = HomeFactory(network=network)
    services.network_save(
        actor=manager, details=services.NetworkDetails(**{**now, "clv_home": own}), network=network
    )
    network.refresh_from_db()
    assert network.clv_home == own
    # Admins do not see addresses, so they cannot choose the CLV's home.
    admin = actor_of(in_org_a.admin, in_org_a)
    with pytest.raises(ValidationError) as hidden:
        services.network_save(
            actor=admin,
            details=services.NetworkDetails(**{**now, "clv_home": None}),
            network=network,
        )
    assert list(refusal(hidden.value)) == ["clv_home"]


def test_another_organisations_cluster_is_refused(in_org_a, org_b):
    admin = actor_of(in_org_a.admin, in_org_a)
    with scopes_disabled():
        theirs = Cluster.objects.get(pk=org_b.network.cluster_id)
    with pytest.raises(ValidationError) as refused:
        services.network_save(actor=admin, details=details(in_org_a, cluster=theirs))
    assert refusal(refused.value) == {"cluster": "Choose one of the clusters you look after."}


def test_a_support_manager_changes_their_own_clusters_networks_only(in_org_a):
    manager = actor_of(in_org_a.manager, in_org_a)
    network = in_org_a.network
    other = ClusterFactory(organisation=in_org_a.organisation, name="North")
    now = services.network_details_of(network)
    with pytest.raises(ValidationError) as moved:
        services.network_save(
            actor=manager,
            details=services.NetworkDetails(**{**now, "cluster": other}),
            network=network,
        )
    assert list(refusal(moved.value)) == ["cluster"]
    services.network_save(
        actor=manager,
        details=services.NetworkDetails(**{**now, "status": "closing"}),
        network=network,
    )
    network.refresh_from_db()
    assert network.status == Network.Status.CLOSING  # ending a network never deletes it


def test_a_networks_name_is_its_own_in_the_organisation(in_org_a):
    admin = actor_of(in_org_a.admin, in_org_a)
    with pytest.raises(ValidationError) as same:
        services.network_save(
            actor=admin, details=details(in_org_a, name=in_org_a.network.name.upper())
        )
    assert list(refusal(same.value)) == ["name"]


# --- Pages -------------------------------------------------------------------------------------


def test_the_clusters_page_shows_support_managers_and_links_to_people(client, org_a):
    client.force_login(org_a.admin)
    html = client.get("/clusters/").content.decode()
    assert org_a.network.cluster.name in html
    assert org_a.manager.full_name in html
    assert f'href="{reverse("people:list")}"' in html
    edit = client.get(f"/clusters/{org_a.network.cluster_id}/edit/").content.decode()
    assert f'href="{reverse("people:detail", args=[org_a.manager.pk])}"' in edit
    assert org_a.network.name in edit
    # The home page and the navigation lead there.
    assert 'href="/clusters/"' in client.get("/").content.decode()


def test_a_cluster_without_a_name_is_explained_next_to_the_field(client, org_a):
    client.force_login(org_a.admin)
    response = client.post("/clusters/add/", {"name": "  "})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_name-error"' in html and "Enter the cluster&#x27;s name." in html
    added = client.post("/clusters/add/", {"name": "Stockport"})
    assert added.status_code == 302
    with organisation_scope(org_a.organisation):
        assert Cluster.objects.filter(name="Stockport").exists()


def network_post(world, **overrides) -> dict:
    data = {
        "name": "Heaton Chapel",
        "cluster": world.network.cluster_id,
        "status": "forming",
        "capacity": "10",
        "walking_threshold_minutes": "15",
        "started_on": "",
        "description": "Near the station",
    }
    data.update(overrides)
    return data


def test_adding_a_network_with_an_unusual_capacity_asks_for_a_tick(client, org_a):
    client.force_login(org_a.admin)
    assert "Add a network" in client.get("/networks/").content.decode()
    response = client.post("/networks/add/", network_post(org_a, capacity="30"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "A network usually has 9 to 20 members" in html
    assert 'name="accept_capacity"' in html
    assert 'value="Heaton Chapel"' in html and "Near the station" in html  # nothing lost
    assert 'value="30"' in html
    added = client.post("/networks/add/", network_post(org_a, capacity="30", accept_capacity="on"))
    assert added.status_code == 302
    with organisation_scope(org_a.organisation):
        network = Network.objects.get(name="Heaton Chapel")
    assert network.capacity == 30
    assert added["Location"] == f"/networks/{network.pk}/"


def test_bad_numbers_and_dates_are_said_in_plain_words(client, org_a):
    client.force_login(org_a.admin)
    html = client.post(
        "/networks/add/",
        network_post(
            org_a, name="", capacity="ten", walking_threshold_minutes="0", started_on="31/02/2026"
        ),
    ).content.decode()
    assert "Enter the network&#x27;s name." in html
    assert "Enter the number of places as a whole number from 1 to 100." in html
    assert "Enter the minutes as a whole number from 1 to 60." in html
    assert "Enter a real date, like 3 March 2026." in html
    assert 'value="ten"' in html and "Near the station" in html


def test_the_network_page_says_places_taken_and_links_to_change_it(client, org_a):
    client.force_login(org_a.manager)
    with organisation_scope(org_a.organisation):
        MemberFactory.create_batch(9, network=org_a.network)
    html = client.get(f"/networks/{org_a.network.pk}/").content.decode()
    assert "10 of 10 places taken." in html
    assert "All 10 places are taken." in html
    assert f'href="/networks/{org_a.network.pk}/edit/"' in html
    assert "Change this network" in html
    with organisation_scope(org_a.organisation):
        MemberFactory(network=org_a.network)
    html = client.get(f"/networks/{org_a.network.pk}/").content.decode()
    assert "11 members in 10 places: more than the network&#x27;s capacity." in html
    client.force_login(org_a.clv)
    assert (
        "Change this network" not in client.get(f"/networks/{org_a.network.pk}/").content.decode()
    )


def test_a_support_manager_chooses_the_clvs_home_among_the_networks_homes(client, org_a):
    client.force_login(org_a.manager)
    network = org_a.network
    with organisation_scope(org_a.organisation):
        elsewhere = HomeFactory(
            network=NetworkFactory(cluster=network.cluster), address_line_1="9 Far Road"
        )
        own = HomeFactory(network=network, address_line_1="4 Near Road")
    page = client.get(f"/networks/{network.pk}/edit/").content.decode()
    assert "4 Near Road" in page and "9 Far Road" not in page
    assert "1 of 10 places taken." in page
    assert f'href="/hubs/{org_a.records["hub"].pk}/edit/"' in page
    data = network_post(org_a, name=network.name, status="active", clv_home=elsewhere.pk)
    refused = client.post(f"/networks/{network.pk}/edit/", data).content.decode()
    assert "Choose one of this network&#x27;s own homes." in refused
    saved = client.post(f"/networks/{network.pk}/edit/", {**data, "clv_home": own.pk})
    assert saved.status_code == 302
    network.refresh_from_db()
    assert network.clv_home_id == own.pk and network.status == "active"


def test_an_admin_changes_a_network_without_touching_its_clvs_home(client, org_a):
    client.force_login(org_a.admin)
    network = org_a.network
    page = client.get(f"/networks/{network.pk}/edit/").content.decode()
    assert 'name="clv_home"' not in page  # addresses are not theirs to see
    data = network_post(org_a, name="Renamed", status="closing")
    assert client.post(f"/networks/{network.pk}/edit/", data).status_code == 302
    clv_home = network.clv_home_id
    network.refresh_from_db()
    assert (network.name, network.status, network.clv_home_id) == ("Renamed", "closing", clv_home)


def test_a_hub_is_changed_on_its_own_page(client, org_a):
    client.force_login(org_a.manager)
    hub = org_a.records["hub"]
    response = client.post(
        f"/hubs/{hub.pk}/edit/", {"name": "St Mary's Hall", "drop_in_times": "Tuesdays, 2pm"}
    )
    assert response.status_code == 302
    hub.refresh_from_db()
    assert hub.name == "St Mary's Hall"


def test_the_clusters_list_runs_a_fixed_number_of_queries(client, org_a):
    client.force_login(org_a.admin)

    def make(n):
        with organisation_scope(org_a.organisation):
            have = Cluster.objects.count()
            for _ in range(max(0, n - have)):
                cluster = ClusterFactory(organisation=org_a.organisation)
                NetworkFactory(cluster=cluster)
                RoleAssignmentFactory(
                    organisation=org_a.organisation,
                    user=UserFactory(),
                    role=Role.SUPPORT_MANAGER,
                    cluster=cluster,
                )

    def fetch():
        assert client.get("/clusters/").status_code == 200

    assert assert_constant_queries(make, fetch, sizes=(3, 60)) == pinned(6)


# --- API ---------------------------------------------------------------------------------------


def send(client, method: str, path: str, data: dict):
    return getattr(client, method)(path, data, content_type="application/json")


def test_the_api_adds_clusters_and_networks_with_the_same_checks(client, org_a):
    client.force_login(org_a.admin)
    made = send(client, "post", "/api/v1/clusters/", {"name": "Salford"})
    assert made.status_code == 201, made.content
    cluster_id = made.json()["id"]
    same = send(client, "post", "/api/v1/clusters/", {"name": "salford"})
    assert same.json()["errors"] == {"name": ["There is already a cluster called salford."]}
    body = {"name": "Eccles", "cluster": cluster_id, "capacity": 24}
    unusual = send(client, "post", "/api/v1/networks/", body)
    assert unusual.status_code == 400
    assert "9 to 20" in unusual.json()["errors"]["accept_capacity"][0]
    added = send(client, "post", "/api/v1/networks/", {**body, "accept_capacity": True})
    assert added.status_code == 201, added.content
    assert added.json()["capacity"] == 24 and added.json()["status"] == "forming"
    renamed = send(client, "patch", f"/api/v1/clusters/{cluster_id}/", {"name": "Salford Quays"})
    assert renamed.json()["name"] == "Salford Quays"


def test_the_api_lets_a_support_manager_change_but_not_add_networks(client, org_a, org_b):
    client.force_login(org_a.manager)
    network = org_a.network
    path = f"/api/v1/networks/{network.pk}/"
    closing = send(client, "patch", path, {"status": "closing"})
    assert closing.status_code == 200, closing.content
    assert closing.json()["status"] == "closing" and closing.json()["name"] == network.name
    refused = send(
        client, "post", "/api/v1/networks/", {"name": "X", "cluster": network.cluster_id}
    )
    assert refused.status_code == 403
    with organisation_scope(org_a.organisation):
        elsewhere = HomeFactory(network=NetworkFactory(cluster=network.cluster))
    wrong = send(client, "patch", path, {"clv_home": elsewhere.pk})
    assert wrong.json()["errors"] == {"clv_home": ["Choose one of this network's own homes."]}
    theirs = send(client, "patch", path, {"cluster": org_b.network.cluster_id})
    assert theirs.json()["errors"] == {"cluster": ["Not found."]}
    small = send(client, "patch", path, {"capacity": 5})
    assert list(small.json()["errors"]) == ["accept_capacity"]
    assert (
        send(client, "patch", path, {"capacity": 5, "accept_capacity": True}).json()["capacity"]
        == 5
    )


def test_a_full_network_takes_a_new_member_only_with_a_tick(in_org_a):
    import datetime

    from members.models import Member
    from members.services import journey

    manager = actor_of(in_org_a.manager, in_org_a)
    network = in_org_a.network
    MemberFactory.create_batch(9, network=network)  # 10 of 10 places
    newcomer = MemberFactory(
        organisation=in_org_a.organisation, network=None, home=None, status="referred"
    )
    joining = {"member": newcomer, "network": network, "home": None, "workers": []}
    on = datetime.date(2026, 12, 1)
    with pytest.raises(ValidationError) as full:
        journey.member_allocate(actor=manager, on=on, **joining)
    assert refusal(full.value) == {
        "accept_full": f"All 10 places in {network.name} are taken (10 members). Tick the box "
        "to add them anyway, or change the network's capacity."
    }
    journey.member_allocate(actor=manager, on=on, accept_full=True, **joining)
    newcomer.refresh_from_db()
    assert (newcomer.network_id, newcomer.status) == (network.pk, Member.Status.ACTIVE)
