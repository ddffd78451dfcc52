"""Every page and API call that shows a member's personal data logs who
looked (issue 18, part 5), and the member's own reads are not logged.

Driven by the role matrix: every GET route in ``tests/routes.py`` must be
declared in ``tests/record_access.py``, so a new route joins by itself.
"""

from __future__ import annotations

import pytest
from django.db import transaction

from keyring_net.tenancy import organisation_scope
from members.models import RecordAccess
from tests.record_access import (
    CONCERN_ROUTES,
    MEMBERS_OWN,
    NO_MEMBER_DATA,
    ONE,
    SHOWS_MEMBERS,
)
from tests.routes import MATRIX, OBJECT_KWARGS, A, matrix_routes

pytestmark = pytest.mark.django_db

DECLARED = {
    "SHOWS_MEMBERS": set(SHOWS_MEMBERS),
    "NO_MEMBER_DATA": set(NO_MEMBER_DATA),
    "CONCERN_ROUTES": set(CONCERN_ROUTES),
    "MEMBERS_OWN": set(MEMBERS_OWN),
}
READERS = ["support_manager", "clv", "community_enabler", "connections_volunteer"]
GET_ROUTES = {r.name: r for r in matrix_routes() if "GET" in MATRIX[r.name]}


def test_every_get_route_says_whether_it_shows_members():
    undeclared = sorted(
        name for name in GET_ROUTES if not any(name in names for names in DECLARED.values())
    )
    assert undeclared == [], (
        "Say whether these routes show a member's personal data: add each to "
        "tests/record_access.py, SHOWS_MEMBERS (and log who looked) or "
        "NO_MEMBER_DATA (with the reason)"
    )
    twice = sorted(
        name for name in GET_ROUTES if sum(name in names for names in DECLARED.values()) > 1
    )
    assert twice == [], "each route belongs in one set of tests/record_access.py"
    stale = sorted(set().union(*DECLARED.values()) - set(GET_ROUTES))
    assert stale == [], "these are no longer GET routes: take them out of tests/record_access.py"


def reader(name: str, shows) -> str:
    if shows.role:
        return shows.role
    allowed = MATRIX[name]["GET"]
    return next(role for role in READERS if allowed[role] == A)


def accesses_after(world, start: int) -> list[tuple]:
    with organisation_scope(world.organisation):
        return list(
            RecordAccess.objects.filter(pk__gt=start)
            .order_by("pk")
            .values_list("member", "viewer", "channel", "in_list")
        )


def last_access(world) -> int:
    with organisation_scope(world.organisation):
        return RecordAccess.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def read(client, name: str, world, query: str = ""):
    path = GET_ROUTES[name].path(world) + query
    api = name.startswith("api-")
    response = client.get(path, **({"HTTP_ACCEPT": "application/json"} if api else {}))
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def logged_by_reading(client, world, name: str) -> tuple[int, list[tuple], list[tuple]]:
    """GET ``name`` as someone allowed to, inside a savepoint rolled back
    after (every route meets the same world): its status, the rows it
    should have logged, and the rows it did."""
    shows = SHOWS_MEMBERS[name]
    viewer = world.users[reader(name, shows)]
    client.force_login(viewer)  # outside: a session saved in a savepoint is rolled back too
    with transaction.atomic():
        for kwarg in shows.needs:
            OBJECT_KWARGS[kwarg](world)
        if shows.prepare:
            shows.prepare(world)
        GET_ROUTES[name].path(world)  # makes the route's own objects first
        start = last_access(world)
        status = read(client, name, world, shows.query).status_code
        got = accesses_after(world, start)
        transaction.set_rollback(True)
    channel = shows.channel or ("api" if name.startswith("api-") else "page")
    return status, [(world.member.pk, viewer.pk, channel, shows.kind != ONE)], got


def test_every_route_that_shows_a_member_logs_who_looked(client, org_a):
    """Each route in SHOWS_MEMBERS, read by someone allowed to, logs the
    world's member once: the member in the URL, or the member shown in the
    list, with the right channel and ``in_list``. One world for every route
    (each read in a savepoint), so the walk is quick; every route that
    fails is named."""
    wrong = {}
    for name in sorted(SHOWS_MEMBERS):
        status, expected, got = logged_by_reading(client, org_a, name)
        if status != 200 or got != expected:
            wrong[name] = {"status": status, "logged": got, "expected": expected}
    assert wrong == {}, (
        "these routes show a member's personal data but do not log who looked "
        "(DEVELOPERS.md, 'Who looked at a member's record'): members.looked for a "
        "page, members.api.shown.LogsMembersShown for the API"
    )


MEMBER_READS = sorted(
    name for name in [*SHOWS_MEMBERS, *MEMBERS_OWN] if MATRIX[name]["GET"]["member"] == A
)


def test_a_member_reading_their_own_record_is_not_logged(client, org_a):
    """The member's own pages, and the API routes a member may call about
    themselves, log nothing: their own record is not "someone looked"."""
    assert len(MEMBER_READS) > 10
    client.force_login(org_a.member_user)
    logged = {}
    for name in MEMBER_READS:
        with transaction.atomic():
            shows = SHOWS_MEMBERS.get(name)
            for kwarg in shows.needs if shows else ():
                OBJECT_KWARGS[kwarg](org_a)
            start = last_access(org_a)
            status = read(client, name, org_a).status_code
            got = accesses_after(org_a, start)
            transaction.set_rollback(True)
        if status != 200 or got:
            logged[name] = (status, got)
    assert logged == {}


def _document(world, kind: str, attached_id: int, n: int):
    from documents.models import Document

    return Document(
        organisation=world.organisation,
        attached_kind=kind,
        attached_id=attached_id,
        title=f"Letter {kind} {n}",
        category="letter",
        original_name="a.txt",
        stored_name=f"x/{kind}-{n}",
        size=2,
        content_type="text/plain",
        uploaded_by=world.clv,
    )


def test_the_api_list_of_documents_logs_each_member_once_in_one_insert_a_kind(client, org_a):
    """A member's documents, their plan's and an incident's about them: the
    list logs the member once a kind, at any number of documents, and
    costs the same number of queries."""
    from documents.models import Document
    from tests.factories import MemberFactory
    from tests.helpers import assert_constant_queries

    plan_id = OBJECT_KWARGS["plan_id"](org_a)
    incident_id = OBJECT_KWARGS["incident_id"](org_a)
    with organisation_scope(org_a.organisation):
        other = MemberFactory(network=org_a.network)  # no documents: not logged

    def make(n):
        with organisation_scope(org_a.organisation):
            have = Document.objects.count()
            Document.objects.bulk_create(
                _document(org_a, kind, pk, i)
                for i in range(have, n)
                for kind, pk in (
                    ("member", org_a.member.pk),
                    ("plan", plan_id),
                    ("incident", incident_id),
                )
            )

    client.force_login(org_a.manager)
    path = "/api/v1/documents/?page_size=200"
    assert_constant_queries(make, lambda: client.get(path), sizes=(3, 60))
    start = last_access(org_a)
    assert client.get(path).status_code == 200
    logged = accesses_after(org_a, start)
    manager = org_a.manager.pk
    assert logged == [(org_a.member.pk, manager, "api", True)] * 3  # one insert a kind
    assert other.pk not in {row[0] for row in logged}


def test_the_member_sees_who_looked_at_their_plan_and_star(client, org_a):
    """The member's page shows the pages that log now: one line a person,
    day and way, with how many times; their own reading is not there."""
    client.force_login(org_a.manager)
    for path in (f"/members/{org_a.member.pk}/plan/", f"/members/{org_a.member.pk}/star/"):
        assert client.get(path).status_code == 200
    client.force_login(org_a.member_user)
    assert client.get("/my/plan/").status_code == 200
    assert client.get("/api/v1/plans/").status_code == 200
    page = client.get("/my/who-looked/").content.decode()
    assert f"<strong>{org_a.manager.full_name}</strong> looked on" in page
    assert "That was 2 times." in page
    assert "<strong>You</strong>" not in page
