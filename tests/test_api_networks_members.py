"""The API for networks, homes, referrals, contacts, connections and
community places: lists scoped to the organisation and the person's reach,
filters, writes through the services (with their history), ids that cannot
reach another organisation, JSON field errors, and query counts that do not
grow with the data."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from keyring_net.tenancy import organisation_scope
from members.api.contacts import EDIT_REFUSED
from members.models import (
    CommunityConnection,
    Contact,
    Member,
    PeerConnection,
    RecordAccess,
    Referral,
)
from networks.models import CommunityAsset, Home, Network
from tests.factories import ClusterFactory, HomeFactory, MemberFactory, NetworkFactory
from tests.helpers import api_token_for, assert_constant_queries, pinned

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
WRONG = "Some of what was sent is not right."
NOT_FOUND = ["Not found."]
REQUIRED = ["This field is required."]
# Real places in Levenshulme, Manchester (as in test_networks_pages.py): the
# station, a street about 300 m east, and Burnage about 3 km south-west.
NEAR = {"latitude": "53.444100", "longitude": "-2.192300"}
ALSO_NEAR = {"latitude": "53.444700", "longitude": "-2.187900"}
FAR = {"latitude": "53.420400", "longitude": "-2.214400"}


def in_org(world):
    return organisation_scope(world.organisation)


def as_(client, user):
    client.force_login(user)
    return client


def post(client, path: str, data: dict, **extra):
    return client.post(path, data, content_type="application/json", **extra)


def patch(client, path: str, data: dict):
    return client.patch(path, data, content_type="application/json")


def ids(response) -> list:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def last_change_by(model, pk: int):
    return model.history.filter(id=pk).order_by("-history_id").first().history_user


def counts(world) -> dict[str, int]:
    with in_org(world):
        return {
            model.__name__: model.objects.count()
            for model in (
                Network,
                Home,
                CommunityAsset,
                Member,
                Referral,
                Contact,
                PeerConnection,
                CommunityConnection,
            )
        }


def other_cluster_network(world, **fields) -> Network:
    """A network of the organisation outside the support manager's cluster
    (and the CLV's network)."""
    cluster = ClusterFactory(organisation=world.organisation)
    return NetworkFactory(cluster=cluster, **fields)


def pin_list_queries(client, world, path: str, *, count, add_one) -> int:
    """Load the list at ``path`` with 3 rows, then 30 (``add_one`` adds
    rows, ``count`` counts them); the query count must not change, and is
    returned to be pinned."""
    rows = {}

    def make(n):
        with in_org(world):
            while count() < n:
                add_one()
            rows["expected"] = count()

    def fetch():
        assert len(ids(client.get(path))) == rows["expected"]

    return assert_constant_queries(make, fetch, sizes=(3, 30))


# --- Networks ----------------------------------------------------------------------------------


def test_networks_list_the_organisations_networks_in_reach(client, org_a, org_b):
    with in_org(org_a):
        sister = NetworkFactory(cluster=org_a.network.cluster, name="Aa Network", status="forming")
        elsewhere = other_cluster_network(org_a, name="Zz Network")
    everything = [sister.pk, org_a.network.pk, elsewhere.pk]
    assert ids(as_(client, org_a.manager).get("/api/v1/networks/")) == everything[:2]
    assert ids(as_(client, org_a.clv).get("/api/v1/networks/")) == [org_a.network.pk]
    assert ids(as_(client, org_a.admin).get("/api/v1/networks/")) == everything
    body = client.get(f"/api/v1/networks/{org_a.network.pk}/").json()
    assert body["name"] == f"Network {org_a.marker}"
    assert body["cluster_name"] == f"Cluster {org_a.marker}"
    assert client.get(f"/api/v1/networks/{org_b.network.pk}/").status_code == 404


def test_networks_filter_by_status_and_cluster(client, org_a):
    with in_org(org_a):
        forming = NetworkFactory(cluster=org_a.network.cluster, status="forming")
        elsewhere = other_cluster_network(org_a)
    as_(client, org_a.admin)
    assert ids(client.get("/api/v1/networks/?status=forming")) == [forming.pk]
    assert ids(client.get(f"/api/v1/networks/?cluster={elsewhere.cluster_id}")) == [elsewhere.pk]


def test_network_list_queries_do_not_grow(client, org_a):
    cluster = org_a.network.cluster
    queries = pin_list_queries(
        as_(client, org_a.manager),
        org_a,
        "/api/v1/networks/",
        count=Network.objects.count,
        add_one=lambda: NetworkFactory(cluster=cluster),
    )
    assert queries == pinned(5)


# --- Homes -------------------------------------------------------------------------------------


@pytest.fixture
def located(org_a):
    """The CLV's home and the member's home have positions, so walking
    times can be worked out."""
    with in_org(org_a):
        Home.objects.filter(pk=org_a.network.clv_home_id).update(**NEAR)
        Home.objects.filter(pk=org_a.member.home_id).update(**ALSO_NEAR)
    return org_a


def home_body(network, **overrides) -> dict:
    data = {
        "network": network.pk,
        "address_line_1": "14 Chapel Street",
        "town": "Manchester",
        "postcode": "m19 3ab",
        "tenure": "council",
        **ALSO_NEAR,
    }
    data.update(overrides)
    return data


def test_homes_list_only_homes_in_reach_for_roles_that_see_addresses(client, org_a, org_b):
    with in_org(org_a):
        sister = NetworkFactory(cluster=org_a.network.cluster)
        sister_home = HomeFactory(network=sister, address_line_1="Zz House")  # sorts last
        HomeFactory(network=other_cluster_network(org_a))
        # In the database's own collation, as the API orders them.
        own = Home.objects.filter(network=org_a.network).order_by("address_line_1", "pk")
        own_ids = list(own.values_list("pk", flat=True))
    assert len(own_ids) == 2  # the CLV's home and the member's
    assert ids(as_(client, org_a.manager).get("/api/v1/homes/")) == [*own_ids, sister_home.pk]
    assert ids(as_(client, org_a.clv).get("/api/v1/homes/")) == own_ids
    volunteer = as_(client, org_a.users["connections_volunteer"])
    assert volunteer.get("/api/v1/homes/").status_code == 403
    assert volunteer.get(f"/api/v1/homes/{org_a.member.home_id}/").status_code == 404
    as_(client, org_a.manager)
    assert client.get(f"/api/v1/homes/{org_b.member.home_id}/").status_code == 404


def test_homes_filter_by_network_tenure_and_postcode(client, org_a):
    with in_org(org_a):
        sister = NetworkFactory(cluster=org_a.network.cluster)
        owned = HomeFactory(network=sister, tenure="owned", postcode="M14 5RP")
    as_(client, org_a.manager)
    assert ids(client.get(f"/api/v1/homes/?network={sister.pk}")) == [owned.pk]
    assert ids(client.get("/api/v1/homes/?tenure=owned")) == [owned.pk]
    assert ids(client.get("/api/v1/homes/?postcode=m14 5rp")) == [owned.pk]


def test_a_home_is_added_through_the_walking_check(client, located):
    org_a = located
    response = post(as_(client, org_a.manager), "/api/v1/homes/", home_body(org_a.network))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["postcode"] == "M19 3AB"
    assert body["location_source"] == "typed"
    assert body["network"] == org_a.network.pk
    assert body["walk_summary"] == "Every home in the network is within 6 minutes' walk."
    with in_org(org_a):
        home = Home.objects.get(pk=body["id"])
        assert home.organisation == org_a.organisation
        assert last_change_by(Home, home.pk) == org_a.manager


def test_a_far_home_needs_accept_far(client, located):
    org_a = located
    as_(client, org_a.manager)
    far = home_body(org_a.network, address_line_1="3 Burnage Lane", **FAR)
    refused = post(client, "/api/v1/homes/", far)
    assert refused.status_code == 400
    with in_org(org_a):
        member_home = Home.objects.get(pk=org_a.member.home_id).address_line_1
    summary = (
        "2 homes are more than 15 minutes' walk away: "
        f"{member_home} (63 minutes), the CLV's home (59 minutes)."
    )
    assert refused.json() == {"detail": WRONG, "errors": {"accept_far": [summary]}}
    with in_org(org_a):
        assert not Home.objects.filter(address_line_1="3 Burnage Lane").exists()
    accepted = post(client, "/api/v1/homes/", {**far, "accept_far": True})
    assert accepted.status_code == 201
    assert accepted.json()["walk_summary"] == summary


def test_a_home_is_changed_in_part_keeping_its_position(client, located):
    org_a = located
    url = f"/api/v1/homes/{org_a.member.home_id}/"
    response = patch(as_(client, org_a.manager), url, {"town": "Levenshulme"})
    assert response.status_code == 200, response.content
    assert response.json()["town"] == "Levenshulme"
    assert response.json()["latitude"] == ALSO_NEAR["latitude"]
    with in_org(org_a):
        assert Home.objects.get(pk=org_a.member.home_id).town == "Levenshulme"
        assert last_change_by(Home, org_a.member.home_id) == org_a.manager
    clv = patch(as_(client, org_a.clv), url, {"town": "Elsewhere"})
    assert clv.status_code == 403


def test_home_fields_are_checked_with_plain_words(client, org_a):
    as_(client, org_a.manager)
    response = post(client, "/api/v1/homes/", {})
    assert response.status_code == 400
    assert response.json() == {
        "detail": WRONG,
        "errors": {
            "network": REQUIRED,
            "address_line_1": ["Enter the first line of the address."],
            "town": ["Enter the town or city."],
            "postcode": ["Enter the postcode."],
            "tenure": ["Choose the kind of tenancy."],
        },
    }
    # A rule of the service comes back on its field too.
    bad = post(client, "/api/v1/homes/", home_body(org_a.network, postcode="NOT A CODE"))
    assert bad.json()["errors"] == {"postcode": ["Enter a full UK postcode, like M19 3AB."]}


def test_a_home_cannot_be_put_in_another_organisation(client, org_a, org_b):
    before_a, before_b = counts(org_a), counts(org_b)
    as_(client, org_a.manager)
    foreign = home_body(org_b.network, organisation=org_b.organisation.pk)
    response = post(client, "/api/v1/homes/", foreign)
    assert response.status_code == 400
    assert response.json()["errors"] == {"network": NOT_FOUND}
    with in_org(org_a):
        out_of_reach = other_cluster_network(org_a)
    response = post(client, "/api/v1/homes/", home_body(out_of_reach))
    assert response.json()["errors"] == {"network": NOT_FOUND}
    assert counts(org_b) == before_b
    assert counts(org_a) == {**before_a, "Network": before_a["Network"] + 1}
    # ``organisation`` is never read: the home lands in the requester's.
    landed = post(
        client,
        "/api/v1/homes/",
        home_body(org_a.network, organisation=org_b.organisation.pk, **FAR, accept_far=True),
    )
    assert landed.status_code == 201
    with in_org(org_a):
        assert Home.objects.get(pk=landed.json()["id"]).organisation == org_a.organisation
    assert counts(org_b) == before_b


def test_home_list_queries_do_not_grow(client, org_a):
    queries = pin_list_queries(
        as_(client, org_a.manager),
        org_a,
        "/api/v1/homes/",
        count=Home.objects.count,
        add_one=lambda: HomeFactory(network=org_a.network),
    )
    assert queries == pinned(5)


# --- Referrals ---------------------------------------------------------------------------------


def referral_body(**overrides) -> dict:
    data = {
        "full_name": "Dawn Fletcher",
        "preferred_name": "Dawn",
        "source": "mental_health",
        "referrer": "Sam, community mental health team",
        "referred_on": TODAY.isoformat(),
        "reason_in_referrers_words": "Isolated since moving; struggling with bills.",
        "reason_in_own_words": "I want my own flat and some friends nearby.",
    }
    data.update(overrides)
    return data


def make_referral(world, *, network=None, stage="new", days_ago=1) -> Referral:
    member = MemberFactory(
        organisation=world.organisation, network=network, home=None, status="referred"
    )
    return Referral.objects.create(
        organisation=world.organisation,
        member=member,
        source="gp",
        stage=stage,
        referred_on=TODAY - datetime.timedelta(days=days_ago),
        reason_in_referrers_words="Lonely.",
    )


def test_referrals_list_what_the_manager_reaches(client, org_a, org_b):
    with in_org(org_a):
        waiting = make_referral(org_a)  # no network yet: every manager reaches it
        make_referral(org_a, network=other_cluster_network(org_a))
        accepted = make_referral(org_a, network=org_a.network, stage="accepted", days_ago=2)
    as_(client, org_a.manager)
    expected = [accepted.pk, waiting.pk, org_a.records["referral"].pk]
    assert ids(client.get("/api/v1/referrals/")) == expected
    assert ids(client.get("/api/v1/referrals/?stage=accepted")) == [accepted.pk]
    network_filter = client.get(f"/api/v1/referrals/?network={org_a.network.pk}")
    assert ids(network_filter) == [accepted.pk, org_a.records["referral"].pk]
    assert client.get(f"/api/v1/referrals/{org_b.records['referral'].pk}/").status_code == 404
    as_(client, org_a.clv)
    assert client.get(f"/api/v1/referrals/{org_a.records['referral'].pk}/").status_code == 404


def test_a_referral_is_recorded_and_decided_through_the_services(client, org_a):
    as_(client, org_a.manager)
    response = post(client, "/api/v1/referrals/", referral_body())
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["member_name"], body["stage"], body["network"]) == ("Dawn Fletcher", "new", None)
    with in_org(org_a):
        referral = Referral.objects.get(pk=body["id"])
        assert referral.member.status == "referred"
        assert last_change_by(Referral, referral.pk) == org_a.manager
        assert last_change_by(Member, referral.member_id) == org_a.manager
    decide = f"/api/v1/referrals/{referral.pk}/decide/"
    declined = post(client, decide, {"decision": "declined", "on": TODAY.isoformat()})
    assert declined.status_code == 400
    assert declined.json() == {
        "detail": WRONG,
        "errors": {"reason": ["Say why the referral is declined."]},
    }
    accepted = post(client, decide, {"decision": "accepted", "on": TODAY.isoformat()})
    assert accepted.status_code == 200
    assert (accepted.json()["stage"], accepted.json()["decided_by"]) == (
        "accepted",
        org_a.manager.pk,
    )
    again = post(client, decide, {"decision": "withdrawn", "on": TODAY.isoformat()})
    assert again.json()["errors"] == {
        "non_field_errors": ["This referral has already been decided."]
    }


def test_referral_fields_are_checked_with_plain_words(client, org_a):
    as_(client, org_a.manager)
    response = post(client, "/api/v1/referrals/", {"referred_on": "2020-02-30"})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "full_name": ["Enter the person's full name."],
        "source": ["Choose who referred them."],
        "referred_on": ["Enter a real date, like 2026-03-03."],
        "reason_in_referrers_words": ["Enter why they were referred."],
    }
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    future = post(client, "/api/v1/referrals/", referral_body(referred_on=tomorrow))
    assert future.json()["errors"] == {
        "referred_on": ["The referral date cannot be in the future."]
    }


def test_a_referral_never_lands_in_or_touches_another_organisation(client, org_a, org_b):
    before_b = counts(org_b)
    as_(client, org_a.manager)
    response = post(
        client,
        "/api/v1/referrals/",
        referral_body(organisation=org_b.organisation.pk, member=org_b.member.pk),
    )
    # Neither is an input: the referral makes a new member, in org A.
    assert response.status_code == 201
    assert response.json()["member"] != org_b.member.pk
    with in_org(org_a):
        referral = Referral.objects.get(pk=response.json()["id"])
        assert referral.organisation == referral.member.organisation == org_a.organisation
    decide = f"/api/v1/referrals/{org_b.records['referral'].pk}/decide/"
    refused = post(client, decide, {"decision": "accepted", "on": TODAY.isoformat()})
    assert refused.status_code == 404
    assert counts(org_b) == before_b


def test_referral_list_queries_do_not_grow(client, org_a):
    queries = pin_list_queries(
        as_(client, org_a.manager),
        org_a,
        "/api/v1/referrals/",
        count=Referral.objects.count,
        add_one=lambda: make_referral(org_a, network=org_a.network),
    )
    assert queries == pinned(6)  # 5, and the one insert that logs the members shown


# --- Contacts ----------------------------------------------------------------------------------


def make_contact(world, member, *, worker=None, hours_ago=2, method="phone") -> Contact:
    return Contact.objects.create(
        organisation=world.organisation,
        member=member,
        worker=worker or world.manager,
        happened_at=timezone.now() - datetime.timedelta(hours=hours_ago),
        minutes=15,
        method=method,
    )


def contact_body(member, **overrides) -> dict:
    data = {"member": member.pk, "method": "visit", "minutes": 45}
    data.update(overrides)
    return data


def test_contacts_list_contacts_with_members_in_reach(client, org_a, org_b):
    own = org_a.records["contact"]  # an hour ago, by the CLV
    with in_org(org_a):
        neighbour = MemberFactory(network=NetworkFactory(cluster=org_a.network.cluster))
        sister = make_contact(org_a, neighbour, hours_ago=72)
        make_contact(org_a, MemberFactory(network=other_cluster_network(org_a)), hours_ago=3)
    assert ids(as_(client, org_a.manager).get("/api/v1/contacts/")) == [own.pk, sister.pk]
    assert ids(client.get(f"/api/v1/contacts/?member={neighbour.pk}")) == [sister.pk]
    assert ids(client.get("/api/v1/contacts/?method=visit")) == [own.pk]
    assert ids(client.get(f"/api/v1/contacts/?worker={org_a.clv.pk}")) == [own.pk]
    yesterday, before = TODAY - datetime.timedelta(days=1), TODAY - datetime.timedelta(days=2)
    assert ids(client.get(f"/api/v1/contacts/?happened_from={yesterday}")) == [own.pk]
    assert ids(client.get(f"/api/v1/contacts/?happened_to={before}")) == [sister.pk]
    assert ids(as_(client, org_a.clv).get("/api/v1/contacts/")) == [own.pk]
    assert client.get(f"/api/v1/contacts/{sister.pk}/").status_code == 404
    assert client.get(f"/api/v1/contacts/{org_b.records['contact'].pk}/").status_code == 404
    assert as_(client, org_a.admin).get("/api/v1/contacts/").status_code == 403


def test_a_contact_is_logged_by_the_person_sending_it(client, org_a):
    key = api_token_for(org_a.clv)
    response = post(
        client,
        "/api/v1/contacts/",
        contact_body(org_a.member, topics=["money", "bills", "money"], notes="Sorted the gas bill.")
        | {"worker": org_a.manager.pk},
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["worker"], body["worker_name"]) == (org_a.clv.pk, org_a.clv.full_name)
    assert (body["topics"], body["notes"], body["editable"]) == (
        ["bills", "money"],
        "Sorted the gas bill.",
        True,
    )
    with in_org(org_a):
        contact = Contact.objects.get(pk=body["id"])
        assert (contact.worker, contact.organisation) == (org_a.clv, org_a.organisation)
        assert last_change_by(Contact, contact.pk) == org_a.clv


def test_reading_one_contact_or_a_list_is_logged_on_the_members_record(client, org_a):
    def accesses():
        with in_org(org_a):
            return list(
                RecordAccess.objects.order_by("pk").values_list(
                    "member", "viewer", "channel", "in_list"
                )
            )

    as_(client, org_a.manager)
    assert client.get(f"/api/v1/contacts/?member={org_a.member.pk}").status_code == 200
    assert accesses() == [(org_a.member.pk, org_a.manager.pk, "api", True)]
    response = client.get(f"/api/v1/contacts/{org_a.records['contact'].pk}/")
    assert response.status_code == 200
    assert response.json()["notes"] == f"Contact {org_a.marker}"
    assert response.json()["editable"] is False  # the CLV wrote it
    assert accesses()[1:] == [(org_a.member.pk, org_a.manager.pk, "api", False)]


def test_only_the_author_changes_a_contact_and_only_for_24_hours(client, org_a):
    contact = org_a.records["contact"]
    url = f"/api/v1/contacts/{contact.pk}/"
    refused = patch(as_(client, org_a.manager), url, {"minutes": 90})
    assert refused.status_code == 403
    assert refused.json() == {"detail": EDIT_REFUSED}
    changed = patch(as_(client, org_a.clv), url, {"minutes": 90, "notes": "Longer than I said."})
    assert changed.status_code == 200, changed.content
    assert (changed.json()["minutes"], changed.json()["notes"]) == (90, "Longer than I said.")
    with in_org(org_a):
        assert last_change_by(Contact, contact.pk) == org_a.clv
        Contact.objects.filter(pk=contact.pk).update(
            created_at=timezone.now() - datetime.timedelta(hours=25)
        )
    late = patch(client, url, {"minutes": 15})
    assert late.status_code == 403
    assert late.json() == {"detail": EDIT_REFUSED}
    with in_org(org_a):
        assert Contact.objects.get(pk=contact.pk).minutes == 90


def test_contact_errors_come_back_on_their_fields(client, org_a):
    as_(client, org_a.clv)
    empty = post(client, "/api/v1/contacts/", {})
    assert empty.json() == {
        "detail": WRONG,
        "errors": {
            "member": ["Choose the member."],
            "method": ["Choose how."],
            "minutes": ["Choose how long."],
        },
    }
    soon = (timezone.now() + datetime.timedelta(hours=2)).isoformat()
    future = post(client, "/api/v1/contacts/", contact_body(org_a.member, happened_at=soon))
    assert future.json()["errors"] == {"happened_at": ["The contact cannot be in the future."]}
    peer = post(client, "/api/v1/contacts/", contact_body(org_a.member, method="peer"))
    assert peer.json()["errors"] == {"peer": ["Choose the member who gave the peer support."]}


def test_a_contact_cannot_name_members_of_another_organisation_or_out_of_reach(
    client, org_a, org_b
):
    with in_org(org_a):
        out_of_reach = MemberFactory(network=NetworkFactory(cluster=org_a.network.cluster))
    before_a, before_b = counts(org_a), counts(org_b)
    as_(client, org_a.clv)
    response = post(
        client,
        "/api/v1/contacts/",
        contact_body(
            org_b.member, method="peer", peer=org_b.member.pk, organisation=org_b.organisation.pk
        ),
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"member": NOT_FOUND, "peer": NOT_FOUND}
    response = post(client, "/api/v1/contacts/", contact_body(out_of_reach))
    assert response.json()["errors"] == {"member": NOT_FOUND}
    # Changing one cannot move it to another organisation's member either.
    url = f"/api/v1/contacts/{org_a.records['contact'].pk}/"
    moved = patch(client, url, {"member": org_b.member.pk, "organisation": org_b.organisation.pk})
    assert moved.json()["errors"] == {"member": NOT_FOUND}
    assert counts(org_a) == before_a
    assert counts(org_b) == before_b


def test_contact_list_queries_do_not_grow(client, org_a):
    queries = pin_list_queries(
        as_(client, org_a.manager),
        org_a,
        "/api/v1/contacts/",
        count=Contact.objects.count,
        add_one=lambda: make_contact(org_a, org_a.member),
    )
    assert queries == pinned(7)  # 6, and the one insert that logs the members shown


# --- Connections -------------------------------------------------------------------------------


def connect_peers(world, first, second, *, days_ago=10, ended=False) -> PeerConnection:
    a, b = sorted([first, second], key=lambda m: m.pk)
    on = TODAY - datetime.timedelta(days=days_ago)
    return PeerConnection.objects.create(
        organisation=world.organisation,
        member_a=a,
        member_b=b,
        a_agreed_on=on,
        b_agreed_on=on,
        started_on=on,
        ended_on=TODAY if ended else None,
    )


def connect_place(world, member, asset, *, days_ago=5, ended=False) -> CommunityConnection:
    return CommunityConnection.objects.create(
        organisation=world.organisation,
        member=member,
        asset=asset,
        started_on=TODAY - datetime.timedelta(days=days_ago),
        ended_on=TODAY if ended else None,
    )


@pytest.fixture
def connected(org_a):
    """The world's member knows a neighbour and uses the library; someone in
    another cluster is linked to both, out of everyone's reach here."""
    with in_org(org_a):
        member, library = org_a.member, org_a.records["asset"]
        neighbour = MemberFactory(network=org_a.network, full_name="Carl Dawson")
        far = other_cluster_network(org_a)
        stranger = MemberFactory(network=far)
        rows = {
            "peer": connect_peers(org_a, member, neighbour, days_ago=10),
            "place": connect_place(org_a, member, library, days_ago=5),
            "ended": connect_place(org_a, neighbour, library, days_ago=20, ended=True),
        }
        connect_peers(org_a, member, stranger, days_ago=1)
        connect_place(
            org_a,
            stranger,
            CommunityAsset.objects.create(
                organisation=org_a.organisation, network=far, name="Far cafe", category="cafe"
            ),
            days_ago=1,
        )
    return org_a, neighbour, rows


def test_connections_list_both_kinds_in_reach_newest_first(client, connected, org_b):
    org_a, neighbour, rows = connected
    place, peer, ended = (
        f"community-{rows['place'].pk}",
        f"peer-{rows['peer'].pk}",
        f"community-{rows['ended'].pk}",
    )
    for user in (org_a.manager, org_a.clv, org_a.users["connections_volunteer"]):
        assert ids(as_(client, user).get("/api/v1/connections/")) == [place, peer, ended]
    assert ids(client.get("/api/v1/connections/?kind=peer")) == [peer]
    assert ids(client.get("/api/v1/connections/?kind=community")) == [place, ended]
    assert ids(client.get(f"/api/v1/connections/?member={neighbour.pk}")) == [peer, ended]
    assert ids(client.get("/api/v1/connections/?active=false")) == [ended]
    assert ids(client.get(f"/api/v1/connections/?network={org_a.network.pk}")) == [
        place,
        peer,
        ended,
    ]
    assert client.get(f"/api/v1/connections/{peer}/").json() == {
        "id": peer,
        "kind": "peer",
        "member": min(org_a.member.pk, neighbour.pk),
        "member_name": (org_a.member if org_a.member.pk < neighbour.pk else neighbour).full_name,
        "other": max(org_a.member.pk, neighbour.pk),
        "other_name": (neighbour if org_a.member.pk < neighbour.pk else org_a.member).full_name,
        "asset": None,
        "asset_name": None,
        "started_on": str(TODAY - datetime.timedelta(days=10)),
        "ended_on": None,
        "note": "",
    }
    assert client.get(f"/api/v1/connections/{place}/").json()["asset_name"] == (
        f"Library {org_a.marker}"
    )
    # The stranger's links, and another organisation's, are not found.
    with in_org(org_a):
        hidden = PeerConnection.objects.exclude(pk=rows["peer"].pk).get()
    assert client.get(f"/api/v1/connections/peer-{hidden.pk}/").status_code == 404
    with in_org(org_b):
        theirs = connect_place(org_b, org_b.member, org_b.records["asset"])
    assert client.get(f"/api/v1/connections/community-{theirs.pk}/").status_code == 404


def test_connections_are_made_through_the_services(client, connected):
    org_a, neighbour, _ = connected
    with in_org(org_a):
        newcomer = MemberFactory(network=org_a.network, full_name="Ann Ellis")
    as_(client, org_a.clv)
    on = (TODAY - datetime.timedelta(days=1)).isoformat()
    peer = post(
        client,
        "/api/v1/connections/",
        {
            "kind": "peer",
            "member": newcomer.pk,
            "other": neighbour.pk,
            "a_agreed_on": on,
            "b_agreed_on": TODAY.isoformat(),
            "note": "Walk to the shops together",
        },
    )
    assert peer.status_code == 201, peer.content
    assert peer.json()["kind"] == "peer"
    assert peer.json()["started_on"] == TODAY.isoformat()
    peer_pk = int(peer.json()["id"].removeprefix("peer-"))
    place = post(
        client,
        "/api/v1/connections/",
        {
            "kind": "community",
            "member": newcomer.pk,
            "asset": org_a.records["asset"].pk,
            "started_on": on,
        },
    )
    assert place.status_code == 201, place.content
    assert place.json()["asset_name"] == f"Library {org_a.marker}"
    place_pk = int(place.json()["id"].removeprefix("community-"))
    with in_org(org_a):
        assert last_change_by(PeerConnection, peer_pk) == org_a.clv
        assert last_change_by(CommunityConnection, place_pk) == org_a.clv
        assert CommunityConnection.objects.get(pk=place_pk).introduced_by == org_a.clv


def test_connection_errors_come_back_on_their_fields(client, connected):
    org_a, neighbour, _ = connected
    as_(client, org_a.manager)
    peer_without_dates = post(
        client, "/api/v1/connections/", {"kind": "peer", "member": org_a.member.pk}
    )
    assert peer_without_dates.json() == {
        "detail": WRONG,
        "errors": {"other": REQUIRED, "a_agreed_on": REQUIRED, "b_agreed_on": REQUIRED},
    }
    already = post(
        client,
        "/api/v1/connections/",
        {
            "kind": "peer",
            "member": neighbour.pk,
            "other": org_a.member.pk,
            "a_agreed_on": TODAY.isoformat(),
            "b_agreed_on": TODAY.isoformat(),
        },
    )
    assert already.json()["errors"] == {
        "other": [f"Carl Dawson and {org_a.member} are already connected."]
    }
    with in_org(org_a):
        sister_place = CommunityAsset.objects.create(
            organisation=org_a.organisation,
            network=NetworkFactory(cluster=org_a.network.cluster),
            name="Sister library",
            category="library",
        )
    elsewhere = post(
        client,
        "/api/v1/connections/",
        {
            "kind": "community",
            "member": org_a.member.pk,
            "asset": sister_place.pk,
            "started_on": TODAY.isoformat(),
        },
    )
    assert elsewhere.json()["errors"] == {"asset": ["Choose a place in the member's own network."]}


def test_a_connection_cannot_name_anything_of_another_organisation(client, org_a, org_b):
    before_a, before_b = counts(org_a), counts(org_b)
    as_(client, org_a.manager)
    common = {"organisation": org_b.organisation.pk, "started_on": TODAY.isoformat()}
    place = post(
        client,
        "/api/v1/connections/",
        {
            "kind": "community",
            "member": org_b.member.pk,
            "asset": org_b.records["asset"].pk,
            **common,
        },
    )
    assert place.status_code == 400
    assert place.json()["errors"] == {"member": NOT_FOUND, "asset": NOT_FOUND}
    peer = post(
        client,
        "/api/v1/connections/",
        {
            "kind": "peer",
            "member": org_a.member.pk,
            "other": org_b.member.pk,
            "a_agreed_on": TODAY.isoformat(),
            "b_agreed_on": TODAY.isoformat(),
            **common,
        },
    )
    assert peer.json()["errors"] == {"other": NOT_FOUND}
    assert (counts(org_a), counts(org_b)) == (before_a, before_b)


def test_connection_list_queries_do_not_grow(client, org_a):
    def add_one():
        neighbour = MemberFactory(network=org_a.network)
        connect_peers(org_a, org_a.member, neighbour)
        connect_place(org_a, neighbour, org_a.records["asset"])

    queries = pin_list_queries(
        as_(client, org_a.manager),
        org_a,
        "/api/v1/connections/",
        count=lambda: PeerConnection.objects.count() + CommunityConnection.objects.count(),
        add_one=add_one,
    )
    assert queries == pinned(8)  # 7, and the one insert that logs the members of each


# --- Community places and people ---------------------------------------------------------------


def asset_body(network, **overrides) -> dict:
    data = {"network": network.pk, "name": "Levenshulme Market", "category": "shop"}
    data.update(overrides)
    return data


def test_community_assets_list_places_in_the_networks_in_reach(client, org_a, org_b):
    library = org_a.records["asset"]
    with in_org(org_a):
        closed = CommunityAsset.objects.create(
            organisation=org_a.organisation,
            network=org_a.network,
            name="Bakery",
            category="shop",
            is_active=False,
        )
        allotment = CommunityAsset.objects.create(
            organisation=org_a.organisation,
            network=other_cluster_network(org_a),
            name="Allotment",
            category="club",
        )
    assert ids(as_(client, org_a.manager).get("/api/v1/community-assets/")) == [
        closed.pk,
        library.pk,
    ]
    assert ids(client.get("/api/v1/community-assets/?is_active=false")) == [closed.pk]
    assert ids(client.get("/api/v1/community-assets/?category=library")) == [library.pk]
    admin = as_(client, org_a.admin)
    assert ids(admin.get("/api/v1/community-assets/")) == [allotment.pk, closed.pk, library.pk]
    network = allotment.network_id
    assert ids(admin.get(f"/api/v1/community-assets/?network={network}")) == [allotment.pk]
    assert admin.get(f"/api/v1/community-assets/{org_b.records['asset'].pk}/").status_code == 404


def test_a_volunteer_adds_and_changes_a_place_through_the_service(client, org_a):
    volunteer = org_a.users["connections_volunteer"]
    as_(client, volunteer)
    response = post(
        client, "/api/v1/community-assets/", asset_body(org_a.network, postcode="m19 3ab")
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["postcode"], body["introduced_by"], body["introduced_by_name"]) == (
        "M19 3AB",
        volunteer.pk,
        volunteer.full_name,
    )
    url = f"/api/v1/community-assets/{body['id']}/"
    changed = patch(client, url, {"opening_times": "Saturdays, 9am to 4pm"})
    assert changed.status_code == 200
    assert changed.json()["opening_times"] == "Saturdays, 9am to 4pm"
    with in_org(org_a):
        asset = CommunityAsset.objects.get(pk=body["id"])
        assert asset.opening_times == "Saturdays, 9am to 4pm"
        assert asset.history.count() == 2
        assert last_change_by(CommunityAsset, asset.pk) == volunteer
    assert patch(as_(client, org_a.admin), url, {"name": "Renamed"}).status_code == 403


def test_community_asset_errors_come_back_on_their_fields(client, org_a):
    as_(client, org_a.clv)
    response = post(client, "/api/v1/community-assets/", {"network": org_a.network.pk})
    assert response.json() == {
        "detail": WRONG,
        "errors": {
            "name": ["Enter the name of the place or person."],
            "category": ["Choose what kind of place it is."],
        },
    }


def test_a_place_cannot_be_put_in_another_organisations_network(client, org_a, org_b):
    before_a, before_b = counts(org_a), counts(org_b)
    as_(client, org_a.clv)
    foreign = asset_body(org_b.network, organisation=org_b.organisation.pk)
    response = post(client, "/api/v1/community-assets/", foreign)
    assert response.status_code == 400
    assert response.json()["errors"] == {"network": NOT_FOUND}
    assert (counts(org_a), counts(org_b)) == (before_a, before_b)
    landed = post(
        client,
        "/api/v1/community-assets/",
        asset_body(org_a.network, organisation=org_b.organisation.pk),
    )
    assert landed.status_code == 201
    with in_org(org_a):
        assert CommunityAsset.objects.get(pk=landed.json()["id"]).organisation_id == (
            org_a.organisation.pk
        )
    assert counts(org_b) == before_b


def test_community_asset_list_queries_do_not_grow(client, org_a):
    def add_one():
        CommunityAsset.objects.create(
            organisation=org_a.organisation,
            network=org_a.network,
            name=f"Place {CommunityAsset.objects.count()}",
            category="club",
            introduced_by=org_a.clv,
        )

    queries = pin_list_queries(
        as_(client, org_a.manager),
        org_a,
        "/api/v1/community-assets/",
        count=CommunityAsset.objects.count,
        add_one=add_one,
    )
    assert queries == pinned(5)
