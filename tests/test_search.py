"""Search across contact notes, plans, appointments, visits, tasks,
incidents and safeguarding concerns: each role finds exactly what its
lists and pages already show it, never another organisation's rows, never
a concern outside its audience; the page and the API run a constant
number of queries. Runs on SQLite (word matching) and PostgreSQL
(full-text search) alike."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone
from django_scopes import scopes_disabled

from casework.models import Appointment, Incident, PlannedVisit, SafeguardingConcern, Task
from keyring_net.actors import Actor
from keyring_net.models import Role
from keyring_net.tenancy import organisation_scope
from members.models import Contact, RecordAccess
from search.results import snippet
from search.selectors import Terms, search_for_viewer, words_of
from support_plans.models import Goal, ProgressNote, SupportPlan
from tests.helpers import api_token_for, assert_constant_queries, pinned

pytestmark = pytest.mark.django_db

WORD = "boiler"
# The page on SQLite: the session, the person and their roles, the members
# to narrow to, the count, the page of results, and the one insert logging
# the members shown; the API the same without the members list.
SEARCH_PAGE_QUERIES = 8
SEARCH_API_QUERIES = 7
# On PostgreSQL the count and the rows of a page (and of the API's) are one
# query (``one_page``).
PAGE_IN_ONE = 1 if connection.vendor == "postgresql" else 0


def boiler_records(world) -> dict[str, object]:
    """One record of each kind about the world's member (or network), each
    mentioning the boiler, and each carrying the world's marker."""
    marker = world.marker
    now = timezone.now()
    with scopes_disabled():
        org, member, clv = world.organisation, world.member, world.clv
        contact = Contact.objects.create(
            organisation=org,
            member=member,
            worker=clv,
            happened_at=now - datetime.timedelta(days=2),
            minutes=20,
            method="visit",
            notes=f"The boiler is broken again, rang the landlord. {marker}",
        )
        plan = SupportPlan.objects.create(organisation=org, member=member, worker=clv)
        goal = Goal.objects.create(
            organisation=org,
            plan=plan,
            in_own_words=f"I want to keep warm: fix the boiler {marker}",
        )
        ProgressNote.objects.create(
            organisation=org, goal=goal, text="Talked about bills.", written_by=clv
        )
        appointment = Appointment.objects.create(
            organisation=org,
            member=member,
            kind="other",
            with_whom=f"Boiler engineer {marker}",
            starts_at=now + datetime.timedelta(days=3),
            created_by=clv,
        )
        visit = PlannedVisit.objects.create(
            organisation=org,
            member=member,
            worker=clv,
            starts_at=now + datetime.timedelta(days=1),
            purpose=f"Check the boiler works {marker}",
            created_by=clv,
        )
        task = Task.objects.create(
            organisation=org,
            title=f"Ring the landlord about the boiler {marker}",
            owner=clv,
            created_by=clv,
            due_on=timezone.localdate(),
            member=member,
        )
        incident = Incident.objects.create(
            organisation=org,
            network=world.network,
            kind="damage",
            severity="low",
            state=Incident.State.RECORDED,
            happened_at=now - datetime.timedelta(days=5),
            what_happened=f"The boiler leaked into the kitchen {marker}",
            started_by=clv,
            recorded_by=clv,
            recorded_at=now,
        )
        incident.members.add(member)
        concern = SafeguardingConcern.objects.create(
            organisation=org,
            member=member,
            raised_by=clv,
            what_happened=f"The landlord turned the boiler off to make him pay {marker}",
        )
    return {
        "contact": contact,
        "plan": goal,
        "appointment": appointment,
        "visit": visit,
        "task": task,
        "incident": incident,
        "concern": concern,
    }


def found(world, role: str, text: str = WORD, **terms) -> list[dict]:
    actor = Actor.for_user(world.users[role], world.organisation.pk)
    with organisation_scope(world.organisation):
        return list(search_for_viewer(actor, Terms(text=text, **terms)))


def kinds(rows) -> list[str]:
    return sorted(row["s_kind"] for row in rows)


EVERY_KIND = ["appointment", "concern", "contact", "incident", "plan", "task", "visit"]
REACH = {
    # The cluster's manager and the CLV who raised it see the concern.
    Role.SUPPORT_MANAGER: EVERY_KIND,
    Role.CLV: EVERY_KIND,
    # The network's enabler is outside the concern's audience.
    Role.COMMUNITY_ENABLER: [k for k in EVERY_KIND if k != "concern"],
    # Admins see every task and incident, but no care records, and a concern
    # only as a lead or its raiser.
    Role.ORG_ADMIN: ["incident", "task"],
    # A connections volunteer sees only what they wrote or own.
    Role.CONNECTIONS_VOLUNTEER: [],
}


@pytest.mark.parametrize("role", list(REACH))
def test_each_role_finds_what_it_already_reaches(org_a, org_b, role):
    boiler_records(org_a)
    boiler_records(org_b)
    rows = found(org_a, role)
    assert kinds(rows) == REACH[role]
    # Another organisation's rows never appear.
    assert not [row for row in rows if org_b.marker in row["s_text"]]


def test_a_concern_outside_its_audience_is_never_found(org_a):
    boiler_records(org_a)
    for role in (Role.COMMUNITY_ENABLER, Role.ORG_ADMIN, Role.CONNECTIONS_VOLUNTEER):
        assert found(org_a, role, "landlord turned", kind="concern") == []
        assert not any(r["s_kind"] == "concern" for r in found(org_a, role, "landlord"))
    assert kinds(found(org_a, Role.SUPPORT_MANAGER, "landlord turned", kind="concern")) == [
        "concern"
    ]


def test_filters_by_kind_member_and_days(org_a):
    records = boiler_records(org_a)
    assert kinds(found(org_a, Role.CLV, kind="task")) == ["task"]
    assert found(org_a, Role.CLV, member_id=org_a.member.pk)
    assert found(org_a, Role.CLV, member_id=org_a.member.pk + 999) == []
    # Only the incident is about the member through its people, not its own member.
    assert "incident" in kinds(found(org_a, Role.CLV, member_id=org_a.member.pk))
    contact_day = timezone.localtime(records["contact"].happened_at).date()
    on_the_day = found(org_a, Role.CLV, date_from=contact_day, date_to=contact_day, kind="contact")
    assert [r["s_id"] for r in on_the_day] == [records["contact"].pk]
    assert (
        found(org_a, Role.CLV, date_to=contact_day - datetime.timedelta(days=1), kind="contact")
        == []
    )


def test_newest_first_and_every_word_must_match(org_a):
    boiler_records(org_a)
    rows = found(org_a, Role.CLV)
    dates = [row["s_when"] for row in rows]
    assert dates == sorted(dates, reverse=True)
    assert kinds(found(org_a, Role.CLV, "boiler kitchen")) == ["incident"]
    assert found(org_a, Role.CLV, "boiler giraffe") == []
    assert kinds(found(org_a, Role.CLV, "boiler", order="relevance")) == EVERY_KIND


def test_snippets_mark_the_words_and_escape_the_record():
    plain, marked = snippet("<script>x</script> the Boiler is <b>broken</b>", words_of("boiler"))
    assert "<script>" not in marked and "&lt;script&gt;" in marked
    assert "<mark>Boiler</mark>" in marked
    assert "<b>" not in marked
    long = "word " * 100 + "the boiler broke " + "word " * 100
    plain, marked = snippet(long, ["boiler"])
    assert "boiler" in plain and plain.startswith("… ") and plain.endswith(" …")
    assert len(plain) < 200
    assert words_of('"boiler man" or -gas') == ["boiler", "man"]


def test_the_page_links_each_record_and_logs_the_members_shown(client, org_a):
    records = boiler_records(org_a)
    client.force_login(org_a.manager)
    page = client.get("/search/", {"q": WORD})
    assert page.status_code == 200
    text = page.content.decode()
    assert "7 records found" in text
    assert f"/tasks/{records['task'].pk}/" in text
    assert f"/safeguarding/{records['concern'].pk}/" in text
    assert f"/incidents/{records['incident'].pk}/" in text
    assert f"/members/{org_a.member.pk}/" in text
    assert f"/plans/{records['plan'].plan_id}/" in text
    assert "<mark>boiler</mark>" in text
    with scopes_disabled():
        logged = RecordAccess.objects.filter(
            viewer=org_a.manager, member=org_a.member, channel=RecordAccess.Channel.PAGE
        )
        assert logged.exists()


def test_the_page_escapes_the_words_asked(client, org_a):
    client.force_login(org_a.clv)
    page = client.get("/search/", {"q": "<script>alert(1)</script>"})
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.content.decode()


def test_members_quality_checkers_and_commissioners_may_not_search(client, org_a):
    for role in (Role.MEMBER, Role.QUALITY_CHECKER, Role.COMMISSIONER):
        client.force_login(org_a.users[role])
        assert client.get("/search/", {"q": WORD}).status_code == 403


def test_the_api_answers_through_the_same_reach(client, org_a, org_b):
    boiler_records(org_a)
    boiler_records(org_b)
    token = api_token_for(org_a.users[Role.COMMUNITY_ENABLER])
    answer = client.get("/api/v1/search/", {"q": WORD}, headers={"Authorization": f"Token {token}"})
    assert answer.status_code == 200
    body = answer.json()
    assert sorted(r["kind"] for r in body["results"]) == REACH[Role.COMMUNITY_ENABLER]
    assert org_b.marker not in answer.content.decode()
    assert all(r["snippet"] for r in body["results"])
    bad = client.get("/api/v1/search/", {"q": ""}, headers={"Authorization": f"Token {token}"})
    assert bad.status_code == 400
    token = api_token_for(org_a.users[Role.MEMBER])
    refused = client.get(
        "/api/v1/search/", {"q": WORD}, headers={"Authorization": f"Token {token}"}
    )
    assert refused.status_code == 403


def _contacts_up_to(world):
    def make_rows(n: int) -> None:
        with scopes_disabled():
            have = Contact.objects.filter(organisation=world.organisation, notes__contains=WORD)
            missing = n - have.count()
            Contact.objects.bulk_create(
                Contact(
                    organisation=world.organisation,
                    member=world.member,
                    worker=world.clv,
                    happened_at=timezone.now() - datetime.timedelta(minutes=i + 1),
                    minutes=10,
                    method="phone",
                    notes=f"Asked about the boiler, call {i}",
                )
                for i in range(max(missing, 0))
            )

    return make_rows


def test_the_page_runs_the_same_queries_at_3_and_300_rows(client, org_a):
    boiler_records(org_a)
    client.force_login(org_a.manager)

    def fetch():
        page = client.get("/search/", {"q": WORD})
        assert page.status_code == 200
        assert "<mark>" in page.content.decode()

    count = assert_constant_queries(_contacts_up_to(org_a), fetch)
    assert count == pinned(SEARCH_PAGE_QUERIES) - PAGE_IN_ONE


def test_the_api_runs_the_same_queries_at_3_and_300_rows(client, org_a):
    boiler_records(org_a)
    headers = {"Authorization": f"Token {api_token_for(org_a.manager)}"}

    def fetch():
        answer = client.get("/api/v1/search/", {"q": WORD}, headers=headers)
        assert answer.status_code == 200
        assert answer.json()["results"]

    count = assert_constant_queries(_contacts_up_to(org_a), fetch)
    assert count == pinned(SEARCH_API_QUERIES) - PAGE_IN_ONE


def test_last_month_is_the_calendar_month_before_this_one():
    from search.forms import period_days

    day = datetime.date
    assert period_days("last_month", day(2026, 12, 7)) == (day(2026, 11, 1), day(2026, 11, 30))
    assert period_days("last_month", day(2026, 1, 15)) == (day(2025, 12, 1), day(2025, 12, 31))
    assert period_days("week", day(2026, 12, 7)) == (day(2026, 12, 1), day(2026, 12, 7))
    assert period_days("", day(2026, 12, 7)) == (None, None)


def test_pages_of_results_follow_on_and_a_page_past_the_last_shows_the_last(client, org_a):
    """Newest first across pages, the count beside them, and a page number
    past the end shows the last page rather than nothing."""
    _contacts_up_to(org_a)(45)
    client.force_login(org_a.manager)
    seen = []
    for number in (1, 2, 3):
        page = client.get("/search/", {"q": WORD, "kind": "contact", "page": number})
        assert page.status_code == 200
        assert page.context["page"].paginator.count == 45
        assert page.context["page"].number == number
        seen += [r.when for r in page.context["results"]]
    assert len(seen) == 45
    assert seen == sorted(seen, reverse=True)
    past = client.get("/search/", {"q": WORD, "kind": "contact", "page": 9})
    assert past.context["page"].number == 3
    assert [r.when for r in past.context["results"]] == seen[40:]
    assert "Page 3 of 3" in past.content.decode()


def test_the_api_pages_follow_on_and_a_page_past_the_last_is_not_found(client, org_a):
    _contacts_up_to(org_a)(7)
    headers = {"Authorization": f"Token {api_token_for(org_a.manager)}"}
    asked = {"q": WORD, "kind": "contact", "page_size": 5}
    first = client.get("/api/v1/search/", asked, headers=headers).json()
    assert first["count"] == 7 and len(first["results"]) == 5 and first["next"]
    second = client.get("/api/v1/search/", {**asked, "page": 2}, headers=headers).json()
    assert len(second["results"]) == 2 and second["next"] is None and second["previous"]
    whens = [r["when"] for r in first["results"] + second["results"]]
    assert whens == sorted(whens, reverse=True)
    for page in (3, 0, "x"):
        past = client.get("/api/v1/search/", {**asked, "page": page}, headers=headers)
        assert past.status_code == 404
