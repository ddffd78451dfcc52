"""Isolation and the role matrix, for every route, on SQLite and PostgreSQL.

A new route joins these tests without anyone remembering: the first test
fails until it has an entry in tests/routes.py.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from keyring_net.tenancy import TenantModel, organisation_scope
from tests.routes import (
    ACCOUNT,
    BENCH,
    MATRIX,
    OBJECT_KWARGS,
    PLATFORM_STAFF,
    PUBLIC,
    ROLES,
    A,
    F,
    N,
    all_routes,
    matrix_routes,
    other_rule,
)

pytestmark = pytest.mark.django_db

# One case per route and method; each case tries every role against one
# world (building the two worlds is most of a case's time).
CASES = [(route, method) for route in matrix_routes() for method in MATRIX[route.name]]
OBJECT_CASES = [case for case in CASES if case[0].kwargs]
LIST_CASES = [case for case in CASES if not case[0].kwargs and case[1] == "GET"]


def case_id(case) -> str:
    route, method = case
    return f"{route.name}-{method}"


def as_each_role(client, world, attempt) -> dict:
    """``attempt(role)`` signed in as each role in turn, each inside a
    savepoint that is rolled back: every role meets the same untouched
    world, as if it were the only one."""
    results = {}
    for role in ROLES:
        with transaction.atomic():
            client.force_login(world.users[role])
            results[role] = attempt(role)
            transaction.set_rollback(True)
    return results


def request(client, method: str, path: str, api: bool):
    kwargs = {"HTTP_ACCEPT": "application/json"} if api else {}
    if method == "GET":
        return client.get(path, **kwargs)
    if method in ("PUT", "PATCH"):
        send = client.put if method == "PUT" else client.patch
        return send(path, "{}", content_type="application/json", **kwargs)
    return client.post(path, {}, **kwargs)


def text_of(response) -> str:
    """The body in words, for a page or a file sent as a stream (exports)."""
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def outcome(response) -> str:
    if response.status_code == 404:
        return N
    if response.status_code == 403:
        return F
    assert response.status_code < 500, response.status_code
    assert response.status_code not in (401, 405), response.status_code
    if response.status_code in (301, 302):
        # Sent to sign in or to two-step set-up is not "allowed".
        location = response["Location"]
        assert not location.startswith(reverse("account_login")), location
        assert "/2fa/" not in location, location
    return A


def snapshot(world) -> dict[str, int]:
    """Rows (and change history) of one organisation in every tenant table:
    if a refused request changed nothing, this stays the same."""
    counts = {}
    with organisation_scope(world.organisation):
        for model in apps.get_models():
            if issubclass(model, TenantModel):
                counts[model._meta.label] = model.objects.filter(
                    organisation=world.organisation
                ).count()
                history = getattr(model, "history", None)
                if history is not None:
                    counts[f"{model._meta.label}.history"] = history.filter(
                        organisation=world.organisation
                    ).count()
    return counts


def test_every_route_has_a_rule_and_every_argument_a_source():
    routes = all_routes()
    missing = sorted({r.name for r in routes if r.name not in MATRIX and not other_rule(r.name)})
    unknown_kwargs = sorted(
        {(r.name, k) for r in matrix_routes() for k in r.kwargs if k not in OBJECT_KWARGS}
    )
    print(
        f"{len(routes)} routes: {len(matrix_routes())} in the role matrix, "
        f"{len(CASES) * len(ROLES)} role x route x method cases, "
        f"{len(OBJECT_CASES) * len(ROLES)} object cases"
    )
    assert missing == [], "add these routes to tests/routes.py MATRIX or OTHER_ROUTES"
    assert unknown_kwargs == [], "add these URL arguments to tests/routes.py OBJECT_KWARGS"
    for name, methods in MATRIX.items():
        for method, by_role in methods.items():
            assert set(by_role) == set(ROLES), (name, method)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_role_matrix(client, org_a, case):
    route, method = case
    api = route.name.startswith("api-")

    def attempt(role):
        return outcome(request(client, method, route.path(org_a), api))

    assert as_each_role(client, org_a, attempt) == dict(MATRIX[route.name][method])


@pytest.mark.parametrize("case", OBJECT_CASES, ids=case_id)
def test_another_organisations_object_is_not_found(client, org_a, org_b, case):
    route, method = case
    path = route.path(org_b)
    before = snapshot(org_b)
    statuses, leaked = {}, []
    for role in ROLES:  # no rollback: a refused request must change nothing
        client.force_login(org_a.users[role])
        response = request(client, method, path, route.name.startswith("api-"))
        statuses[role] = response.status_code
        if org_b.marker in text_of(response):
            leaked.append(role)
    assert statuses == dict.fromkeys(ROLES, 404)
    assert leaked == []
    assert snapshot(org_b) == before


@pytest.mark.parametrize("case", LIST_CASES, ids=case_id)
def test_lists_show_no_row_of_another_organisation(client, org_a, org_b, case):
    route, method = case
    leaked = []
    for role in ROLES:
        client.force_login(org_a.users[role])
        response = request(client, method, route.path(org_a), route.name.startswith("api-"))
        if org_b.marker in text_of(response):
            leaked.append(role)
    assert leaked == []


def test_members_reach_only_their_own_record(client, org_a):
    from tests.factories import MemberFactory

    with organisation_scope(org_a.organisation):
        neighbour = MemberFactory(network=org_a.network, full_name="A neighbour")
    client.force_login(org_a.member_user)
    for path in (f"/members/{neighbour.pk}/", f"/api/v1/members/{neighbour.pk}/"):
        assert client.get(path).status_code == 404
    assert "A neighbour" not in client.get("/my/who-looked/").content.decode()


def test_commissioners_reach_no_member_level_route(client, org_a):
    client.force_login(org_a.users["commissioner"])
    member_routes = [r for r in matrix_routes() if "member" in r.name and "my-" not in r.name]
    assert member_routes
    for route in member_routes:
        for method in MATRIX[route.name]:
            response = request(client, method, route.path(org_a), route.name.startswith("api-"))
            assert response.status_code in (403, 404), route.name
            assert org_a.member.full_name not in text_of(response)


@pytest.mark.parametrize(
    "route",
    [
        r
        for r in all_routes()
        if not r.kwargs and "<unnamed" not in r.name and (r.name in MATRIX or other_rule(r.name))
    ],
    ids=lambda r: r.name,
)
def test_people_who_are_not_signed_in_are_kept_out(client, route):
    rule = other_rule(route.name) if route.name not in MATRIX else "matrix"
    if rule == PUBLIC:
        return
    method = next(iter(MATRIX[route.name])) if route.name in MATRIX else "GET"
    response = request(client, method, reverse(route.name), route.name in MATRIX)
    if route.name.startswith("api"):
        assert response.status_code in (401, 403)
    elif rule == PLATFORM_STAFF:
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    elif rule == BENCH:
        assert response.status_code == 404
    elif rule == ACCOUNT and route.name.startswith(("account_", "mfa_")):
        # allauth's pages: those for signing in answer; the rest send the
        # person to sign in (or home, for sign-out). None shows records.
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@override_settings(BENCH_VIEWS=True)
def test_calibration_views_answer_when_switched_on(client):
    from keyring_net.models import LocalAuthority

    LocalAuthority.objects.bulk_create(
        [LocalAuthority(name=f"Council {n}", code=f"E{n:08d}") for n in range(60)]
    )
    assert client.get("/bench/trivial/").content == b"ok"
    assert client.get("/bench/one-query/").content == b"60"
    table = client.get("/bench/table/")
    assert table.content.count(b'<tr class="govuk-table__row">') == 51  # header + 50
