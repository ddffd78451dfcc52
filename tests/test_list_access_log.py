"""Lists that show what is in members' records log every member they show
(issue 14, problem 4): one ``RecordAccess`` per member on the page, in one
insert, naming the viewer, their role and the channel, and the member's
"who has looked at my record" page shows them. Lists that do not need a
special-category field leave it out instead."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from keyring_net.actors import Actor
from keyring_net.tenancy import organisation_scope
from members.models import Contact, Member, RecordAccess
from members.services import record
from outcomes.models import OutcomeIndicator, Survey, SurveyResponse
from support_plans.models import Action, CrisisPlan, Goal, PlanReview, RiskItem, SupportPlan
from tests.factories import MemberFactory
from tests.helpers import assert_constant_queries, pinned

pytestmark = pytest.mark.django_db

HANDOVER_SQLITE_QUERIES = 4


def in_org(world):
    return organisation_scope(world.organisation)


def logged(world) -> list[tuple]:
    with in_org(world):
        return sorted(
            RecordAccess.objects.values_list(
                "member", "viewer", "viewer_role", "channel", "in_list"
            )
        )


def _plan(world, member: Member) -> SupportPlan:
    return SupportPlan.objects.create(
        organisation=world.organisation,
        member=member,
        worker=world.clv,
        version=SupportPlan.objects.filter(member=member).count() + 1,
    )


# Each adds one row about ``member`` to the list at its path.
def add_member(world, member: Member) -> None:
    pass  # the member is the row


def add_contact(world, member: Member) -> None:
    Contact.objects.create(
        organisation=world.organisation,
        member=member,
        worker=world.clv,
        happened_at=timezone.now() - datetime.timedelta(hours=2),
        minutes=20,
        method="phone",
        notes="Talked about the new tablets.",
    )


def add_crisis_plan(world, member: Member) -> None:
    CrisisPlan.objects.create(
        organisation=world.organisation, plan=_plan(world, member), early_signs="Stops eating."
    )


def add_goal(world, member: Member) -> None:
    Goal.objects.create(
        organisation=world.organisation, plan=_plan(world, member), in_own_words="Sleep better"
    )


def add_action(world, member: Member) -> None:
    goal = Goal.objects.create(
        organisation=world.organisation, plan=_plan(world, member), in_own_words="Cook more"
    )
    Action.objects.create(organisation=world.organisation, goal=goal, text="Buy a pan", who="clv")


def add_survey_answer(world, member: Member) -> None:
    survey = Survey.objects.create(  # one a row: a member answers a survey once
        organisation=world.organisation,
        title=f"How are you? {Survey.objects.count()}",
        created_by=world.manager,
        status=Survey.Status.OPEN,
    )
    for named in (member, None):  # an anonymous answer names nobody: nothing to log
        SurveyResponse.objects.create(
            organisation=world.organisation, survey=survey, network=world.network, member=named
        )


def add_risk(world, member: Member) -> None:
    RiskItem.objects.create(
        organisation=world.organisation,
        plan=_plan(world, member),
        risk="Walking home late",
        what_could_go_well="Seeing friends",
        strategies="Taxi",
    )


def add_review(world, member: Member) -> None:
    PlanReview.objects.create(
        organisation=world.organisation,
        plan=_plan(world, member),
        due_on=timezone.localdate(),
        members_reason="Feeling low again",
    )


def add_indicator(world, member: Member) -> None:
    OutcomeIndicator.objects.create(
        organisation=world.organisation,
        member=member,
        kind="admission",
        happened_on=timezone.localdate(),
        recorded_by=world.clv,
    )


LISTS = [
    pytest.param("members", add_member, id="members"),
    pytest.param("contacts", add_contact, id="contacts"),
    pytest.param("crisis-plans", add_crisis_plan, id="crisis-plans"),
    pytest.param("plans", lambda world, member: _plan(world, member), id="plans"),
    pytest.param("goals", add_goal, id="goals"),
    pytest.param("actions", add_action, id="actions"),
    pytest.param("risk-plans", add_risk, id="risk-plans"),
    pytest.param("plan-reviews", add_review, id="plan-reviews"),
    pytest.param("outcome-indicators", add_indicator, id="outcome-indicators"),
    pytest.param("survey-responses", add_survey_answer, id="survey-responses"),
]


@pytest.mark.parametrize(("prefix", "add_row"), LISTS)
def test_an_api_list_logs_each_member_it_shows_once(client, org_a, org_b, prefix, add_row):
    with in_org(org_a):
        others = [MemberFactory(network=org_a.network) for _ in range(2)]
        for member in [org_a.member, *others, others[0]]:  # two rows about one member
            add_row(org_a, member)
    with organisation_scope(org_b.organisation):
        add_row(org_b, org_b.member)
    client.force_login(org_a.manager)
    response = client.get(f"/api/v1/{prefix}/")
    assert response.status_code == 200, response.content
    assert response.json()["results"]
    shown = {org_a.member.pk, *(m.pk for m in others)}
    manager = org_a.manager.pk
    assert logged(org_a) == sorted(
        (member, manager, "support_manager", "api", True) for member in shown
    )
    assert logged(org_b) == []


def members_in(prefix: str, rows: list[dict]) -> set[int]:
    if prefix == "members":
        return {row["id"] for row in rows}
    if prefix == "crisis-plans":
        plans = [row["plan"] for row in rows]
        return set(SupportPlan.objects.filter(pk__in=plans).values_list("member_id", flat=True))
    return {row["member"] for row in rows}


@pytest.mark.parametrize(
    ("prefix", "add_row", "sqlite_count"),
    [
        pytest.param("members", add_member, 5, id="members"),
        pytest.param("contacts", add_contact, 6, id="contacts"),
        pytest.param("crisis-plans", add_crisis_plan, 5, id="crisis-plans"),
    ],
)
def test_logging_a_list_is_one_insert_whatever_the_page_size(
    client, org_a, prefix, add_row, sqlite_count
):
    """Up to 160 members on a page of 200: more rows than SQLite takes in
    one ``bulk_create`` batch of these rows, so an insert per batch would
    show here."""
    client.force_login(org_a.manager)
    path = f"/api/v1/{prefix}/?page_size=200"

    def make(n):
        with in_org(org_a):
            for _ in range(Member.objects.count() - 1, n):
                add_row(org_a, MemberFactory(network=org_a.network))

    def fetch():
        assert client.get(path).status_code == 200

    queries = assert_constant_queries(make, fetch, sizes=(3, 160))
    assert queries == pinned(sqlite_count + 1)  # the list's own, and the one insert

    with in_org(org_a):
        RecordAccess.objects.all().delete()  # a test's reset, not the app's
    body = client.get(path).json()
    assert body["count"] > 160 if prefix != "crisis-plans" else body["count"] == 160
    with in_org(org_a):
        shown = members_in(prefix, body["results"])
    manager = org_a.manager.pk
    assert logged(org_a) == sorted(
        (member, manager, "support_manager", "api", True) for member in shown
    )


def test_the_handover_page_logs_each_member_on_it(client, org_a):
    def add_call(member):
        Contact.objects.create(
            organisation=org_a.organisation,
            member=member,
            worker=org_a.clv,
            happened_at=timezone.now() - datetime.timedelta(hours=8),
            minutes=15,
            method=Contact.Method.OUT_OF_HOURS,
            notes="Rang at 2am, anxious.",
        )

    def waiting() -> set[int]:
        return set(
            Contact.objects.filter(method=Contact.Method.OUT_OF_HOURS).values_list(
                "member_id", flat=True
            )
        )

    client.force_login(org_a.manager)

    def make(n):
        with in_org(org_a):
            while len(waiting()) < n:
                add_call(MemberFactory(network=org_a.network))

    def fetch():
        assert "Rang at 2am, anxious." in client.get("/handover/").content.decode()

    queries = assert_constant_queries(make, fetch, sizes=(3, 160))
    assert queries == pinned(HANDOVER_SQLITE_QUERIES + 1)  # the page's own, and the one insert

    with in_org(org_a):
        add_call(org_a.member)
        add_call(org_a.member)  # two calls about one member: one line in the log
        RecordAccess.objects.all().delete()  # a test's reset, not the app's
        expected = waiting()
    fetch()
    manager = org_a.manager.pk
    assert logged(org_a) == sorted(
        (member, manager, "support_manager", "page", True) for member in expected
    )


def test_the_member_sees_who_saw_them_in_a_list(client, org_a):
    client.force_login(org_a.manager)
    assert client.get("/api/v1/contacts/").status_code == 200
    assert client.get("/api/v1/members/").status_code == 200
    client.get(f"/members/{org_a.member.pk}/")
    client.force_login(org_a.member_user)
    page = client.get("/my/who-looked/").content.decode()
    manager = org_a.manager.full_name
    assert f"<strong>{manager}</strong> saw your record in a list on" in page
    assert "That was 2 times." in page  # two lists, the same day: one line
    assert f"<strong>{manager}</strong> looked on" in page
    assert "They are a support manager." in page


def test_a_list_logs_only_members_of_the_organisation(org_a, org_b):
    with in_org(org_a):
        actor = Actor.for_user(org_a.manager, org_a.organisation.pk)
        added = record.record_members_access(
            actor=actor,
            members=[org_a.member, org_b.member.pk, org_a.member.pk],
            channel=RecordAccess.Channel.API,
        )
    assert added == 1
    assert logged(org_a) == [(org_a.member.pk, org_a.manager.pk, "support_manager", "api", True)]
    assert logged(org_b) == []


def test_the_referral_list_leaves_out_why_they_were_referred(client, org_a):
    client.force_login(org_a.manager)
    listed = client.get("/api/v1/referrals/")
    assert listed.status_code == 200
    row = listed.json()["results"][0]
    assert row["member_name"] == org_a.member.full_name
    for field in (
        "reason_in_referrers_words",
        "reason_in_own_words",
        "assessment_notes",
        "decision_reason",
    ):
        assert field not in row
    assert org_a.marker not in row.get("reason_in_referrers_words", "")
    assert f"Referral {org_a.marker}" not in listed.content.decode()
    one = client.get(f"/api/v1/referrals/{org_a.records['referral'].pk}/").json()
    assert one["reason_in_referrers_words"] == f"Referral {org_a.marker}"


def test_the_audit_trail_says_a_list_showed_the_record(client, org_a):
    client.force_login(org_a.manager)
    assert client.get("/api/v1/members/").status_code == 200
    client.get(f"/members/{org_a.member.pk}/")
    client.force_login(org_a.admin)
    trail = client.get(f"/organisation/people/{org_a.manager.pk}/trail/").content.decode()
    assert "Saw in a list (by api) the record of" in trail
    assert "Looked at (by web page) the record of" in trail
