"""Every route has a rule, and the rules hold for people who are not signed in."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.routes import API, BENCH, PLATFORM_STAFF, SIGNED_IN, all_routes, rule_for

pytestmark = pytest.mark.django_db


def test_every_route_has_a_rule():
    routes = all_routes()
    missing = sorted({r.name for r in routes if rule_for(r.name) is None})
    print(f"{len(routes)} routes checked")
    assert missing == [], "add these to tests/routes.py ROUTE_RULES"


@pytest.mark.parametrize(
    "route",
    [r for r in all_routes() if not r.has_args and rule_for(r.name) != "public"],
    ids=lambda r: r.name,
)
def test_anonymous_people_are_kept_out(client, route):
    rule = rule_for(route.name)
    response = client.get(route.path)
    if rule == SIGNED_IN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif rule == API:
        assert response.status_code in (401, 403)
    elif rule == PLATFORM_STAFF:
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
    elif rule == BENCH:
        assert response.status_code == 404
    else:
        pytest.fail(f"no expectation for rule {rule}")


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
