"""Safeguarding concerns with the real database: who sees a concern (its
audience) on every route, in lists and in the API; raising one and the
messages it sends; a member's "I am worried"; the lead's work; the log of
who opened a concern; naming leads; and the list's query counts."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casework.models import ConcernView, SafeguardingConcern, SafeguardingLead
from casework.services import safeguarding
from keyring_net.actors import Actor
from keyring_net.models import Role
from keyring_net.tenancy import organisation_scope
from keyring_net.two_step import enrol_with_secret
from members.models import RecordAccess
from notifications.models import Kind, Notification
from notifications.rules import IMMEDIATE_KINDS
from tests import factories
from tests.conftest import TEST_TOTP_SECRET
from tests.helpers import assert_constant_queries, pinned
from tests.routes import MATRIX, ROLES, matrix_routes
from tests.test_isolation import request

pytestmark = pytest.mark.django_db

Concern = SafeguardingConcern
CONCERN_ROUTES = [r for r in matrix_routes() if "concern_id" in r.kwargs]


def actor(world, role=Role.CLV) -> Actor:
    return Actor.for_user(world.users[role], world.organisation.pk)


def raise_one(world, role=Role.CLV, **fields) -> SafeguardingConcern:
    fields = {
        "member": world.member,
        "what_happened": "Said a relative took their bank card and will not give it back.",
        "done_at_once": "Told the support manager by phone.",
        "urgency": Concern.Urgency.TODAY,
        **fields,
    }
    with organisation_scope(world.organisation):
        return safeguarding.concern_raise(actor=actor(world, role), **fields)


def make_lead(world, role=Role.ORG_ADMIN) -> SafeguardingLead:
    with organisation_scope(world.organisation):
        return safeguarding.lead_add(actor=actor(world, Role.ORG_ADMIN), person=world.users[role])


def other_cluster_manager(world):
    """A support manager of another cluster of the same organisation."""
    with organisation_scope(world.organisation):
        cluster = factories.ClusterFactory(organisation=world.organisation, name="East cluster")
        user = factories.UserFactory(full_name="Manager of the East cluster")
        factories.RoleAssignmentFactory(
            organisation=world.organisation, user=user, role=Role.SUPPORT_MANAGER, cluster=cluster
        )
    enrol_with_secret(user, TEST_TOTP_SECRET)
    return user


def statuses(client, people, concern, world) -> dict:
    """Each person's answer on every concern route (pages and API)."""
    found = {}
    for name, user in people.items():
        client.force_login(user)
        for route in CONCERN_ROUTES:
            for method in MATRIX[route.name]:
                path = route.path(world).replace(f"/{_world_concern_pk(world)}/", f"/{concern.pk}/")
                response = request(client, method, path, route.name.startswith("api-"))
                found[(name, route.name, method)] = response.status_code
    return found


def _world_concern_pk(world) -> int:
    from tests.matrix.safeguarding import world_concern

    return world_concern(world).pk


# --- Who sees a concern -------------------------------------------------------------------------


def test_outside_the_audience_every_concern_route_is_not_found(client, org_a):
    concern = raise_one(org_a)
    outsiders = {
        role: org_a.users[role] for role in ROLES if role not in ("clv", "support_manager")
    }
    outsiders["manager of another cluster"] = other_cluster_manager(org_a)
    found = statuses(client, outsiders, concern, org_a)
    assert found and set(found.values()) == {404}, {k: v for k, v in found.items() if v != 404}
    with organisation_scope(org_a.organisation):
        assert not ConcernView.objects.filter(concern=concern).exists()
        concern.refresh_from_db()
        assert concern.stage == Concern.Stage.RAISED


def test_the_raiser_sees_their_own_and_a_lead_and_the_manager_see_it(client, org_a):
    concern = raise_one(org_a, Role.COMMUNITY_ENABLER)
    make_lead(org_a, Role.ORG_ADMIN)
    for role in (Role.COMMUNITY_ENABLER, Role.ORG_ADMIN, Role.SUPPORT_MANAGER):
        client.force_login(org_a.users[role])
        assert client.get(f"/safeguarding/{concern.pk}/").status_code == 200, role
        assert client.get(f"/api/v1/safeguarding-concerns/{concern.pk}/").status_code == 200
        assert str(org_a.member) in client.get("/safeguarding/").content.decode()
    # Another CLV of the same network who did not raise it does not find it.
    client.force_login(org_a.users[Role.CLV])
    assert client.get(f"/safeguarding/{concern.pk}/").status_code == 404
    page = client.get("/safeguarding/").content.decode()
    assert f"/safeguarding/{concern.pk}/" not in page and str(org_a.member) not in page
    assert client.get("/api/v1/safeguarding-concerns/").json()["count"] == 0


def test_an_ended_lead_no_longer_sees_it(client, org_a):
    concern = raise_one(org_a)
    lead = make_lead(org_a, Role.QUALITY_CHECKER)
    client.force_login(org_a.users[Role.QUALITY_CHECKER])
    # Quality checkers raise no concerns, so even as a lead they read none.
    assert client.get(f"/safeguarding/{concern.pk}/").status_code == 404
    with organisation_scope(org_a.organisation):
        safeguarding.lead_end(actor=actor(org_a, Role.ORG_ADMIN), lead=lead)
    lead = make_lead(org_a, Role.CONNECTIONS_VOLUNTEER)
    client.force_login(org_a.users[Role.CONNECTIONS_VOLUNTEER])
    assert client.get(f"/safeguarding/{concern.pk}/").status_code == 200
    with organisation_scope(org_a.organisation):
        safeguarding.lead_end(actor=actor(org_a, Role.ORG_ADMIN), lead=lead)
        assert SafeguardingLead.objects.filter(pk=lead.pk, ended_at__isnull=False).exists()
    assert client.get(f"/safeguarding/{concern.pk}/").status_code == 404


def test_every_view_is_logged_for_the_leads_and_not_in_the_members_record_views(client, org_a):
    concern = raise_one(org_a)
    with organisation_scope(org_a.organisation):
        accesses = RecordAccess.objects.count()
    client.force_login(org_a.manager)
    client.get(f"/safeguarding/{concern.pk}/")
    client.get(f"/api/v1/safeguarding-concerns/{concern.pk}/")
    with organisation_scope(org_a.organisation):
        views = list(ConcernView.objects.filter(concern=concern).values_list("viewer", "channel"))
        assert sorted(views) == [(org_a.manager.pk, "API"), (org_a.manager.pk, "page")]
        assert RecordAccess.objects.count() == accesses
    # Only a lead sees the log on the page.
    assert (
        "Who opened this concern" not in client.get(f"/safeguarding/{concern.pk}/").content.decode()
    )
    make_lead(org_a, Role.SUPPORT_MANAGER)
    assert "Who opened this concern" in client.get(f"/safeguarding/{concern.pk}/").content.decode()
    client.force_login(org_a.member_user)
    assert "afeguarding" not in client.get("/my/who-looked/").content.decode()


# --- Raising one, and who is told ---------------------------------------------------------------


def test_raising_tells_the_leads_and_the_manager_once_without_the_details(org_a):
    make_lead(org_a, Role.ORG_ADMIN)
    concern = raise_one(org_a)
    with organisation_scope(org_a.organisation):
        sent = list(Notification.objects.filter(about=f"casework.safeguardingconcern:{concern.pk}"))
        assert sorted(n.recipient_id for n in sent) == sorted([org_a.admin.pk, org_a.manager.pk])
        for note in sent:
            assert note.kind == Kind.SAFEGUARDING_CONCERN
            assert "bank card" not in note.title + note.body
            assert str(org_a.member) not in note.title + note.body
            assert note.link == f"/safeguarding/{concern.pk}/"
        from casework.reminders_safeguarding import concern_raised

        assert concern_raised(concern=concern) == 0  # once each


def test_an_urgent_concern_is_its_own_kind_sent_whatever_the_quiet_hours(org_a):
    concern = raise_one(org_a, urgency=Concern.Urgency.NOW)
    with organisation_scope(org_a.organisation):
        note = Notification.objects.get(recipient=org_a.manager)
    assert note.kind == Kind.SAFEGUARDING_URGENT in IMMEDIATE_KINDS
    assert Kind.SAFEGUARDING_CONCERN not in IMMEDIATE_KINDS
    assert concern.pk


def test_a_concern_needs_who_and_what_and_a_member_in_reach(org_a, org_b):
    with pytest.raises(ValidationError) as refused:
        raise_one(org_a, member=None, what_happened=" ", urgency="")
    assert set(refused.value.message_dict) == {"other_person", "what_happened", "urgency"}
    with pytest.raises(ValidationError) as refused:
        raise_one(org_a, Role.ORG_ADMIN)  # admins reach no member: someone else, in words
    assert "member" in refused.value.message_dict
    concern = raise_one(org_a, Role.ORG_ADMIN, member=None, other_person="A neighbour")
    assert concern.about == "A neighbour"
    with pytest.raises(PermissionDenied):
        raise_one(org_a, Role.QUALITY_CHECKER, member=None, other_person="A neighbour")


def test_the_raise_page_keeps_what_was_typed_and_says_what_is_missing(client, org_a):
    client.force_login(org_a.clv)
    response = client.post("/safeguarding/raise/", {"about": "", "what_happened": "Bruise on arm"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose who you are worried about." in page and "Bruise on arm" in page
    response = client.post(
        "/safeguarding/raise/",
        {"about": org_a.member.pk, "what_happened": "Bruise on arm", "urgency": "today"},
    )
    with organisation_scope(org_a.organisation):
        concern = SafeguardingConcern.objects.get()
    assert response["Location"] == f"/safeguarding/{concern.pk}/"


# --- A member says "I am worried" ---------------------------------------------------------------


def test_a_member_says_i_am_worried_and_their_manager_is_told(client, org_a):
    client.force_login(org_a.member_user)
    assert "/my/worried/" in client.get("/my/").content.decode()
    response = client.post("/my/worried/", {"about": "", "talk": "yes"})
    assert "Choose who you are worried about." in response.content.decode()
    response = client.post(
        "/my/worried/", {"about": "me", "talk": "yes", "words": "Someone shouts at me."}
    )
    assert response["Location"] == "/my/worried/thanks/"
    first_name = org_a.manager.full_name.split()[0]
    assert (
        f"{first_name} will talk to you soon." in client.get("/my/worried/thanks/").content.decode()
    )
    with organisation_scope(org_a.organisation):
        concern = SafeguardingConcern.objects.get()
        told = set(
            Notification.objects.filter(
                about=f"casework.safeguardingconcern:{concern.pk}"
            ).values_list("recipient_id", flat=True)
        )
    assert concern.member == org_a.member and concern.raised_by_member == org_a.member
    assert concern.wants_to_talk and concern.wishes == "Someone shouts at me."
    assert told == {org_a.manager.pk}
    # The member never sees the record; the manager does.
    assert client.get(f"/safeguarding/{concern.pk}/").status_code == 404
    assert client.get(f"/api/v1/safeguarding-concerns/{concern.pk}/").status_code == 404
    client.force_login(org_a.manager)
    assert client.get(f"/safeguarding/{concern.pk}/").status_code == 200


def test_worried_about_someone_else_still_reaches_the_members_manager(client, org_a):
    client.force_login(org_a.member_user)
    client.post("/my/worried/", {"about": "someone_else", "talk": "no"})
    with organisation_scope(org_a.organisation):
        concern = SafeguardingConcern.objects.get()
    assert concern.member is None and concern.raised_by_member == org_a.member
    client.force_login(org_a.manager)
    assert client.get(f"/safeguarding/{concern.pk}/").status_code == 200
    client.force_login(org_a.clv)
    assert client.get(f"/safeguarding/{concern.pk}/").status_code == 404


# --- The lead's work ----------------------------------------------------------------------------


def test_triage_refer_act_and_close_are_recorded_and_audited(org_a):
    concern = raise_one(org_a)
    manager = actor(org_a, Role.SUPPORT_MANAGER)
    with organisation_scope(org_a.organisation):
        with pytest.raises(ValidationError):
            safeguarding.concern_close(actor=manager, concern=concern, outcome="", reasons="")
        with pytest.raises(PermissionDenied):
            safeguarding.concern_triage(
                actor=actor(org_a),
                concern=concern,
                kind="financial",
                urgency="today",
                decision="refer",
                reasons="Money taken.",
            )
        safeguarding.concern_wishes(
            actor=manager, concern=concern, wishes_asked="asked", wishes="I want my card back."
        )
        safeguarding.concern_triage(
            actor=manager,
            concern=concern,
            kind="financial",
            urgency="today",
            decision="refer",
            reasons="Money taken by a relative.",
        )
        with pytest.raises(ValidationError) as refused:
            safeguarding.concern_refer(
                actor=manager,
                concern=concern,
                referred_on=timezone.localdate() + datetime.timedelta(days=2),
                referred_to="",
            )
        assert set(refused.value.message_dict) == {"referred_on", "referred_to"}
        safeguarding.concern_refer(
            actor=manager,
            concern=concern,
            referred_on=timezone.localdate(),
            referred_to="Adult safeguarding team",
            council_reference="S42-1234",
        )
        safeguarding.concern_action_add(actor=actor(org_a), concern=concern, what="Visited.")
        safeguarding.concern_close(
            actor=manager, concern=concern, outcome="risk_reduced", reasons="Card returned."
        )
        concern.refresh_from_db()
        assert concern.stage == Concern.Stage.CLOSED and concern.council_reference == "S42-1234"
        with pytest.raises(ValidationError):
            safeguarding.concern_action_add(actor=manager, concern=concern, what="Late note.")
        history = list(concern.history.order_by("history_date"))
        assert {h.history_user_id for h in history} == {org_a.clv.pk, org_a.manager.pk}
        assert len(history) == 5


# --- Leads --------------------------------------------------------------------------------------


def test_a_lead_must_have_a_staff_role_and_is_named_once(org_a):
    with organisation_scope(org_a.organisation):
        admin = actor(org_a, Role.ORG_ADMIN)
        for role in (Role.MEMBER, Role.COMMISSIONER):
            with pytest.raises(ValidationError):
                safeguarding.lead_add(actor=admin, person=org_a.users[role])
        safeguarding.lead_add(actor=admin, person=org_a.manager)
        with pytest.raises(ValidationError):
            safeguarding.lead_add(actor=admin, person=org_a.manager)
        with pytest.raises(PermissionDenied):
            safeguarding.lead_add(actor=actor(org_a, Role.SUPPORT_MANAGER), person=org_a.clv)


def test_the_leads_page_names_and_ends_a_lead(client, org_a):
    client.force_login(org_a.admin)
    response = client.post("/organisation/safeguarding-leads/", {"person": org_a.manager.pk})
    assert response.status_code == 302
    with organisation_scope(org_a.organisation):
        lead = SafeguardingLead.objects.get()
    assert str(org_a.manager) in client.get("/organisation/safeguarding-leads/").content.decode()
    client.post(f"/organisation/safeguarding-leads/{lead.pk}/end/")
    with organisation_scope(org_a.organisation):
        lead.refresh_from_db()
    assert lead.ended_at is not None


# --- Query counts -------------------------------------------------------------------------------


def test_the_list_and_the_api_list_run_the_same_queries_at_3_and_300(client, org_a):
    make_lead(org_a, Role.SUPPORT_MANAGER)

    def more(n):
        with organisation_scope(org_a.organisation):
            have = SafeguardingConcern.objects.count()
            SafeguardingConcern.objects.bulk_create(
                SafeguardingConcern(
                    organisation=org_a.organisation,
                    member=org_a.member if i % 2 else None,
                    other_person="" if i % 2 else f"Neighbour {i}",
                    raised_by=org_a.clv,
                    what_happened=f"Concern {i}",
                    urgency=["now", "today", "soon"][i % 3],
                    stage=["raised", "closed"][i % 2],
                )
                for i in range(have, n)
            )

    client.force_login(org_a.manager)

    def page():
        response = client.get("/safeguarding/")
        assert response.status_code == 200 and "Raise a concern" in response.content.decode()

    def api():
        response = client.get("/api/v1/safeguarding-concerns/")
        assert response.status_code == 200

    assert assert_constant_queries(more, page) == pinned(6)
    assert assert_constant_queries(more, api, sizes=(310, 600)) > 0


# --- The demo -----------------------------------------------------------------------------------


def test_the_demo_has_a_lead_and_concerns_at_every_stage():
    import io

    from django.core.management import call_command

    from keyring_net.models import Organisation

    call_command("seed_demo", "--allow-production", "--json", stdout=io.StringIO())
    for organisation in Organisation.objects.all():
        with organisation_scope(organisation):
            assert SafeguardingLead.objects.filter(ended_at__isnull=True).count() == 1
            stages = set(SafeguardingConcern.objects.values_list("stage", flat=True))
            assert stages == set(Concern.Stage.values)
            assert SafeguardingConcern.objects.filter(raised_by_member__isnull=False).exists()
            assert SafeguardingConcern.objects.filter(council_reference__startswith="S42").exists()
