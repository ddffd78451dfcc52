"""Network pages: homes with the walking check, places, hubs, and the
network page's gaps; query counts that do not grow with the data."""

import pytest

from keyring_net.tenancy import organisation_scope
from networks.models import CommunityAsset, Home, HubEvent
from tests.factories import HomeFactory, MemberFactory, NetworkFactory
from tests.helpers import assert_constant_queries, pinned

pytestmark = pytest.mark.django_db

# Real places in Levenshulme, Manchester: the station, and a street about
# 300 m east; Burnage about 3 km south-west.
NEAR = {"latitude": "53.444100", "longitude": "-2.192300"}
ALSO_NEAR = {"latitude": "53.444700", "longitude": "-2.187900"}
FAR = {"latitude": "53.420400", "longitude": "-2.214400"}


def home_post(**overrides):
    data = {
        "address_line_1": "12 Chapel Street",
        "town": "Manchester",
        "postcode": "m19 3ab",
        "tenure": "council",
        "latitude": "",
        "longitude": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def manager(client, org_a):
    client.force_login(org_a.manager)
    with organisation_scope(org_a.organisation):
        clv_home = org_a.network.clv_home
        clv_home.latitude, clv_home.longitude = NEAR["latitude"], NEAR["longitude"]
        clv_home.save()
        Home.objects.filter(pk=org_a.member.home_id).update(**ALSO_NEAR)
    return client


def add_home(client, org, **data):
    return client.post(f"/networks/{org.network.pk}/homes/add/", home_post(**data))


def test_a_near_home_is_added_with_its_walking_time(manager, org_a):
    response = add_home(manager, org_a, **ALSO_NEAR, address_line_1="14 Chapel Street")
    assert response.status_code == 302
    with organisation_scope(org_a.organisation):
        home = Home.objects.get(address_line_1="14 Chapel Street")
    assert home.postcode == "M19 3AB"
    assert home.location_source == "typed"
    page = manager.get(f"/networks/{org_a.network.pk}/").content.decode()
    assert "Saved 14 Chapel Street. Every home in the network is within" in page


def test_a_far_home_is_warned_about_and_kept_until_confirmed(manager, org_a):
    response = add_home(manager, org_a, **FAR, address_line_1="3 Burnage Lane")
    html = response.content.decode()
    assert response.status_code == 200
    assert "more than 15 minutes" in html
    assert "the CLV&#x27;s home (" in html  # the warning names the CLV's home, with minutes
    assert 'value="3 Burnage Lane"' in html  # nothing typed is lost
    assert "Add it anyway" in html
    with organisation_scope(org_a.organisation):
        assert not Home.objects.filter(address_line_1="3 Burnage Lane").exists()
    confirmed = add_home(manager, org_a, **FAR, address_line_1="3 Burnage Lane", accept_far="on")
    assert confirmed.status_code == 302
    with organisation_scope(org_a.organisation):
        assert Home.objects.filter(address_line_1="3 Burnage Lane").exists()


def test_an_unknown_postcode_gets_a_clear_message(manager, org_a):
    response = add_home(manager, org_a, postcode="AB10 1AA")  # real, not in the table
    html = response.content.decode()
    assert "We could not find this postcode." in html
    assert 'value="12 Chapel Street"' in html


def test_a_postcode_in_the_wrong_format_gets_a_clear_message(manager, org_a):
    html = add_home(manager, org_a, postcode="not a postcode").content.decode()
    assert "Enter a full UK postcode, like M19 3AB." in html


def test_the_postcode_table_finds_the_district_and_its_council(manager, org_a):
    response = add_home(
        manager, org_a, postcode="M19 2QD", address_line_1="7 Albert Road", accept_far="on"
    )
    assert response.status_code == 302
    with organisation_scope(org_a.organisation):
        home = Home.objects.select_related("local_authority").get(address_line_1="7 Albert Road")
    assert home.location_source == "district"
    assert home.local_authority.code == "E08000003"


def test_a_duplicate_home_is_refused_whatever_the_spacing_or_case(manager, org_a):
    add_home(manager, org_a, **ALSO_NEAR, address_line_1="20 Chapel Street")
    html = add_home(
        manager, org_a, **ALSO_NEAR, address_line_1="20  chapel street", postcode="M193AB"
    ).content.decode()
    assert "This home is already recorded: 20  chapel street, M19 3AB." in html


def test_the_network_page_shows_its_gaps(manager, org_a):
    html = manager.get(f"/networks/{org_a.network.pk}/").content.decode()
    assert "Only 2 homes: a network needs about 10." in html
    assert "The CLV logged 0.5 hours of support in the last 7 days" in html


def test_places_hubs_and_events(manager, org_a):
    network = org_a.network
    response = manager.post(
        f"/networks/{network.pk}/places/add/",
        {
            "name": "Levenshulme Library",
            "category": "library",
            "opening_times": "Mon to Sat, 9 to 5",
        },
    )
    assert response.status_code == 302
    with organisation_scope(org_a.organisation):
        place = CommunityAsset.objects.get(name="Levenshulme Library")
    assert place.introduced_by == org_a.manager
    hub = org_a.records["hub"]
    bad = manager.post(
        f"/hubs/{hub.pk}/events/add/",
        {
            "title": "Coffee morning",
            "kind": "event",
            "starts_at": "2030-03-03T11:00",
            "ends_at": "2030-03-03T10:00",
        },
    )
    assert "The end must be after the start." in bad.content.decode()
    good = manager.post(
        f"/hubs/{hub.pk}/events/add/",
        {
            "title": "Coffee morning",
            "kind": "event",
            "starts_at": "2030-03-03T10:00",
            "ends_at": "2030-03-03T11:00",
        },
    )
    assert good.status_code == 302
    with organisation_scope(org_a.organisation):
        assert HubEvent.objects.get(title="Coffee morning").run_by == org_a.manager


def test_the_map_lists_every_point_and_embeds_them_safely(manager, org_a):
    with organisation_scope(org_a.organisation):
        CommunityAsset.objects.create(
            organisation=org_a.organisation,
            network=org_a.network,
            name="</script><b>x</b>",
            category="shop",
            latitude=53.444,
            longitude=-2.19,
        )
    html = manager.get(f"/networks/{org_a.network.pk}/map/").content.decode()
    assert "</script><b>" not in html
    assert "\\u003c/script>" in html
    assert "(the CLV's home)" in html


# --- Query counts: the same at 3 and 300 rows ----------------------------------


def _grow_members(org):
    def make(n):
        with organisation_scope(org.organisation):
            from members.models import Member

            have = Member.objects.filter(network=org.network).count()
            MemberFactory.create_batch(max(0, n - have), network=org.network)

    return make


def test_network_page_queries_do_not_grow(manager, org_a):
    # 12 with the places taken (a count of the members it supports), and
    # the one insert that logs the members it lists.
    def fetch():
        assert manager.get(f"/networks/{org_a.network.pk}/").status_code == 200

    assert assert_constant_queries(_grow_members(org_a), fetch) == pinned(13)


def test_member_list_queries_do_not_grow(manager, org_a):
    def fetch():
        assert manager.get("/members/").status_code == 200

    # 6, and the one insert that logs the members on the page
    assert assert_constant_queries(_grow_members(org_a), fetch) == pinned(7)


def test_dashboard_queries_do_not_grow(manager, org_a):
    def fetch():
        assert manager.get("/dashboard/").status_code == 200

    # 19 with incidents, and the one insert that logs the members it names
    assert assert_constant_queries(_grow_members(org_a), fetch) == pinned(20)


def test_network_list_queries_do_not_grow(manager, org_a):
    def make(n):
        with organisation_scope(org_a.organisation):
            from networks.models import Network

            have = Network.objects.count()
            for _ in range(max(0, n - have)):
                network = NetworkFactory(cluster=org_a.network.cluster)
                HomeFactory(network=network)

    def fetch():
        assert manager.get("/networks/").status_code == 200

    assert assert_constant_queries(make, fetch) == pinned(7)


def test_member_list_pages_searches_and_filters(manager, org_a):
    with organisation_scope(org_a.organisation):
        MemberFactory.create_batch(60, network=org_a.network)
        MemberFactory(network=org_a.network, full_name="Zoe Nolan", status="left")
    first = manager.get("/members/").content.decode()
    assert "61 members." in first and "Page 1 of 2" in first
    found = manager.get("/members/?q=zoe&status=left").content.decode()
    assert "1 member." in found and "Zoe Nolan" in found
    assert "Zoe Nolan" not in manager.get("/members/?q=zoe").content.decode()
