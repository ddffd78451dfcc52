"""The support manager's dashboard shows the coming week's rota gaps and the
swaps waiting for a decision, in a fixed number of queries."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from keyring_net.tenancy import organisation_scope
from tests.helpers import assert_constant_queries, pinned
from volunteers.models import Shift, SwapRequest

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def evening(days_ahead: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    return datetime.datetime.combine(day, datetime.time(18), tzinfo=LONDON)


def shift_with_swap(world, days_ahead: int, to_worker) -> SwapRequest:
    with organisation_scope(world.organisation):
        shift = Shift.objects.create(
            organisation=world.organisation,
            network=world.network,
            worker=world.clv,
            kind=Shift.Kind.CLV,
            starts_at=evening(days_ahead),
            ends_at=evening(days_ahead) + datetime.timedelta(hours=3),
        )
        return SwapRequest.objects.create(
            organisation=world.organisation,
            shift=shift,
            from_worker=world.clv,
            to_worker=to_worker,
            reason="A family wedding",
        )


def test_the_dashboard_lists_gaps_and_swaps_waiting(client, org_a, org_b):
    shift_with_swap(org_a, 2, org_a.manager)
    shift_with_swap(org_b, 2, org_b.manager)
    client.force_login(org_a.manager)
    page = client.get("/dashboard/").content.decode()
    assert "Rota gaps in the next 7 days" in page
    assert org_a.network.name in page[page.index('id="rota-gaps"') :]
    swaps = page[page.index("Swaps waiting longest") :]
    assert swaps.count("<li>") >= 1
    assert org_a.clv.full_name in swaps
    assert org_b.clv.full_name not in page


def test_dashboard_queries_do_not_grow_with_shifts_and_swaps(client, org_a):
    def make(n):
        with organisation_scope(org_a.organisation):
            have = SwapRequest.objects.count()
        for i in range(have, n):
            shift_with_swap(org_a, 1 + i % 6, org_a.manager)

    def fetch():
        assert client.get("/dashboard/").status_code == 200

    client.force_login(org_a.manager)
    # 21, the incidents card, and the one insert that logs the members it names
    assert assert_constant_queries(make, fetch, sizes=(2, 20)) == pinned(23)


def test_the_navigation_leads_each_person_to_their_rota_pages(client, org_a):
    from keyring_net.models import Role

    expected = {
        org_a.clv: {"/today/", "/rota/"},
        org_a.users[Role.COMMUNITY_ENABLER]: {"/today/", "/rota/"},
        org_a.manager: {"/volunteers/", "/rota/swaps/", "/lone-working/alerts/"},
    }
    every = {"/today/", "/rota/", "/volunteers/", "/rota/swaps/", "/lone-working/alerts/"}
    for user, shown in expected.items():
        client.force_login(user)
        page = client.get("/", follow=True).content.decode()
        nav = page[page.index("<nav") : page.index("</nav>")]
        found = {href for href in every if f'href="{href}"' in nav}
        assert shown <= found, (user, found)
    client.force_login(org_a.member_user)
    page = client.get("/my/").content.decode()
    assert not any(f'href="{href}"' in page for href in every)
