"""From referral to a connected neighbour: the pages and services that carry
a member's journey, with plain-word errors that keep what was typed."""

import datetime

import pytest
from django.utils import timezone

from keyring_net.tenancy import organisation_scope
from members.models import (
    Allocation,
    CommunityConnection,
    Contact,
    ContactCorrection,
    Member,
    PeerConnection,
    Referral,
    StatusChange,
    SupportLevelChange,
)
from tests.factories import MemberFactory, NetworkFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def manager(client, org_a):
    client.force_login(org_a.manager)
    return client


def in_org(org):
    return organisation_scope(org.organisation)


def refer(client, **overrides):
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
    return client.post("/referrals/new/", data)


def test_referral_to_active_member(manager, org_a):
    response = refer(manager)
    assert response.status_code == 302
    with in_org(org_a):
        referral = Referral.objects.get(member__full_name="Dawn Fletcher")
    member = referral.member
    assert (member.status, referral.stage) == ("referred", "new")
    url = f"/referrals/{referral.pk}/"
    manager.post(url, {"action": "assess", "on": TODAY.isoformat(), "notes": "Met at home."})
    manager.post(url, {"action": "decide", "decision": "accepted", "on": TODAY.isoformat()})
    response = manager.post(
        url,
        {
            "action": "allocate",
            "network": org_a.network.pk,
            "workers": [org_a.clv.pk],
            "on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    with in_org(org_a):
        member.refresh_from_db()
        steps = list(
            StatusChange.objects.filter(member=member)
            .order_by("recorded_at")
            .values_list("to_status", flat=True)
        )
        assert Allocation.objects.get(member=member).worker == org_a.clv
    assert member.status == "active" and member.network == org_a.network
    assert steps == ["referred", "assessing", "active"]


def test_a_future_referral_date_is_refused_and_input_kept(manager):
    future = (TODAY + datetime.timedelta(days=3)).isoformat()
    html = refer(manager, referred_on=future).content.decode()
    assert "The referral date cannot be in the future." in html
    assert "I want my own flat and some friends nearby." in html


def test_declining_needs_a_reason_and_then_the_person_leaves(manager, org_a):
    refer(manager)
    with in_org(org_a):
        referral = Referral.objects.get(member__full_name="Dawn Fletcher")
    url = f"/referrals/{referral.pk}/"
    html = manager.post(
        url, {"action": "decide", "decision": "declined", "on": TODAY.isoformat()}
    ).content.decode()
    assert "Say why the referral is declined." in html
    manager.post(
        url,
        {
            "action": "decide",
            "decision": "declined",
            "on": TODAY.isoformat(),
            "reason": "Needs 24-hour care; referred to the council's team.",
        },
    )
    with in_org(org_a):
        referral.refresh_from_db()
        referral.member.refresh_from_db()
    assert referral.stage == "declined"
    assert referral.member.status == "left"


def test_a_member_is_in_one_network_at_a_time(manager, org_a):
    other = NetworkFactory(cluster=org_a.network.cluster, name="Longsight Network")
    refer(manager)
    with in_org(org_a):
        referral = Referral.objects.get(member__full_name="Dawn Fletcher")
    url = f"/referrals/{referral.pk}/"
    manager.post(url, {"action": "decide", "decision": "accepted", "on": TODAY.isoformat()})
    manager.post(url, {"action": "allocate", "network": org_a.network.pk, "on": TODAY.isoformat()})
    # Accepted again into another network while still active there: refused.
    from keyring_net.actors import Actor
    from members.services import journey

    with in_org(org_a), pytest.raises(Exception) as error:
        journey.member_allocate(
            actor=Actor.for_user(org_a.manager),
            member=referral.member,
            network=other,
            home=None,
            workers=[],
            on=TODAY,
        )
    assert "is already in Network" in str(error.value)


def test_leaving_before_joining_is_refused_with_the_date(manager, org_a):
    with in_org(org_a):
        Member.objects.filter(pk=org_a.member.pk).update(joined_on=datetime.date(2025, 3, 3))
    response = manager.post(
        f"/members/{org_a.member.pk}/journey/",
        {"to_status": "left", "on": "2025-01-01", "reason": "Moved away"},
    )
    html = response.content.decode()
    assert "The date they left must be on or after they joined, 3 March 2025." in html
    assert "Moved away" in html
    response = manager.post(
        f"/members/{org_a.member.pk}/journey/",
        {
            "to_status": "moved_on",
            "on": "2025-09-01",
            "reason": "Got a job; still comes to the drop-in",
        },
    )
    assert response.status_code == 302
    with in_org(org_a):
        org_a.member.refresh_from_db()
    assert org_a.member.status == "moved_on"
    assert org_a.member.network == org_a.network  # still part of the network's social life


def test_support_flexed_up_with_its_reason(manager, org_a):
    response = manager.post(
        f"/members/{org_a.member.pk}/support-level/",
        {"hours": "5", "reason": "Bereavement: extra visits for a while."},
    )
    assert response.status_code == 302
    with in_org(org_a):
        change = SupportLevelChange.objects.get(member=org_a.member)
    assert (str(change.from_hours), str(change.to_hours), change.is_up) == ("2.0", "5.0", True)
    dashboard = manager.get("/dashboard/").content.decode()
    assert org_a.member.full_name in dashboard
    # The reason is on the member's page, where reading it is logged, and
    # not on the dashboard's list.
    assert "Bereavement: extra visits for a while." not in dashboard
    member_page = manager.get(f"/members/{org_a.member.pk}/").content.decode()
    assert "Bereavement: extra visits for a while." in member_page


def test_quick_contact_then_edit_within_24_hours_then_corrections_only(client, org_a):
    client.force_login(org_a.clv)
    response = client.post(
        "/contacts/new/", {"member": org_a.member.pk, "method": "visit", "minutes": 30}
    )
    assert response.status_code == 302
    with in_org(org_a):
        contact = Contact.objects.filter(member=org_a.member).latest("created_at")
    assert (contact.worker, contact.minutes, contact.method) == (org_a.clv, 30, "visit")
    edit = client.post(
        f"/contacts/{contact.pk}/edit/",
        {"member": org_a.member.pk, "method": "phone", "minutes": 15},
    )
    assert edit.status_code == 302
    with in_org(org_a):
        Contact.objects.filter(pk=contact.pk).update(
            created_at=timezone.now() - datetime.timedelta(hours=25)
        )
    late = client.get(f"/contacts/{contact.pk}/edit/")
    assert late["Location"] == f"/contacts/{contact.pk}/correct/"
    client.post(
        f"/contacts/{contact.pk}/correct/",
        {"text": "It was 45 minutes.", "reason": "Typed the wrong time."},
    )
    with in_org(org_a):
        contact.refresh_from_db()
        fix = ContactCorrection.objects.get(contact=contact)
    assert contact.minutes == 15  # the record itself is unchanged
    assert (fix.text, fix.corrected_by) == ("It was 45 minutes.", org_a.clv)


def test_peer_support_needs_the_peer(client, org_a):
    client.force_login(org_a.clv)
    html = client.post(
        "/contacts/new/", {"member": org_a.member.pk, "method": "peer", "minutes": 30}
    ).content.decode()
    assert "Choose the member who gave the peer support." in html


def test_out_of_hours_calls_land_on_the_handover_list(client, org_a):
    client.force_login(org_a.clv)
    client.post(
        "/contacts/new/",
        {
            "member": org_a.member.pk,
            "method": "out_of_hours",
            "minutes": 15,
            "notes": "Rang at 2am, anxious.",
        },
    )
    client.force_login(org_a.manager)
    page = client.get("/handover/").content.decode()
    assert "Rang at 2am, anxious." in page
    assert "#crisis-plan" in page
    with in_org(org_a):
        call = Contact.objects.get(method="out_of_hours")
    client.post(f"/contacts/{call.pk}/handed-over/")
    assert "Rang at 2am, anxious." not in client.get("/handover/").content.decode()


def test_connections_need_both_members_and_are_not_doubled(manager, org_a):
    with in_org(org_a):
        other = MemberFactory(network=org_a.network, full_name="Carl Dawson")
    url = f"/members/{org_a.member.pk}/connections/add/"
    data = {
        "kind": "peer",
        "other": other.pk,
        "a_agreed_on": TODAY.isoformat(),
        "b_agreed_on": TODAY.isoformat(),
    }
    assert manager.post(url, data).status_code == 302
    assert "are already connected" in manager.post(url, data).content.decode()
    place = org_a.records["asset"]
    assert (
        manager.post(
            url, {"kind": "place", "asset": place.pk, "started_on": TODAY.isoformat()}
        ).status_code
        == 302
    )
    with in_org(org_a):
        assert PeerConnection.objects.count() == 1
        assert CommunityConnection.objects.get().asset == place
    svg = manager.get(f"/networks/{org_a.network.pk}/connections/").content.decode()
    assert "<svg" in svg and "Carl Dawson" in svg


def test_a_leaving_workers_members_move_in_one_step(manager, org_a):
    with in_org(org_a):
        for member in MemberFactory.create_batch(3, network=org_a.network):
            Allocation.objects.create(
                organisation=org_a.organisation, member=member, worker=org_a.clv, started_on=TODAY
            )
    enabler = org_a.users["community_enabler"]
    response = manager.post(
        "/dashboard/reassign/",
        {"from_worker": org_a.clv.pk, "to_worker": enabler.pk, "on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    with in_org(org_a):
        assert Allocation.objects.filter(worker=org_a.clv, ended_on__isnull=True).count() == 0
        assert Allocation.objects.filter(worker=enabler, ended_on__isnull=True).count() == 3
        assert Allocation.objects.filter(worker=org_a.clv, ended_on=TODAY).count() == 3


def test_consent_and_chosen_people(manager, org_a):
    url = f"/members/{org_a.member.pk}/people/add/"
    html = manager.post(
        url,
        {
            "name": "Jo",
            "relationship": "sister",
            "is_emergency_contact": "on",
            "do_not_contact": "on",
        },
    ).content.decode()
    assert "cannot be an emergency contact" in html
    manager.post(
        url,
        {
            "name": "Jo",
            "relationship": "sister",
            "phone": "0161 496 0123",
            "is_emergency_contact": "on",
        },
    )
    page = manager.get(f"/members/{org_a.member.pk}/").content.decode()
    assert "0161 496 0123" in page and "Emergency contact" in page
    consent = org_a.records["consent"]
    manager.post(f"/members/{org_a.member.pk}/consents/{consent.pk}/withdraw/")
    with in_org(org_a):
        consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY


def test_a_changed_contact_keeps_the_same_rules(client, org_a):
    client.force_login(org_a.clv)
    contact = org_a.records["contact"]
    html = client.post(
        f"/contacts/{contact.pk}/edit/",
        {"member": org_a.member.pk, "method": "peer", "minutes": 30},
    )
    assert "Choose the member who gave the peer support." in html.content.decode()
    with in_org(org_a):
        contact.refresh_from_db()
    assert contact.method == "visit"
