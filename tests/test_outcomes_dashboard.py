"""The organisation's outcomes dashboard: who sees which networks, the
period chooser, the figures and charts on the page, and a fixed number of
queries whatever the number of members and networks."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from keyring_net.tenancy import organisation_scope
from outcomes.charts import Bar, Group, bar_chart_svg, grouped_bar_chart_svg
from outcomes.forms.figures import default_period
from tests import factories
from tests import outcome_rows as rows
from tests.helpers import assert_constant_queries, pinned

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
D = datetime.date


def test_the_default_period_is_the_last_12_months():
    assert default_period(D(2026, 12, 1)) == (D(2025, 12, 2), D(2026, 12, 1))
    assert default_period(D(2028, 2, 29)) == (D(2027, 3, 1), D(2028, 2, 29))


def test_the_dashboard_shows_the_figures_and_charts(client, org_a, org_b):
    with organisation_scope(org_a.organisation):
        other_cluster = factories.ClusterFactory(organisation=org_a.organisation, name="Far")
        far = factories.NetworkFactory(cluster=other_cluster, name="Far Away Network")
        org_a.member.joined_on = TODAY - datetime.timedelta(days=500)
        org_a.member.save(update_fields=["joined_on"])
        rows.indicator(org_a.member, "admission_avoided", TODAY, org_a.clv)
        v1 = rows.star(org_a.organisation, ["Home", "Money", "Health"])
        rows.reading(
            org_a.member,
            v1,
            TODAY - datetime.timedelta(days=90),
            org_a.clv,
            {"Home": 3, "Money": 4, "Health": 5},
        )
        rows.reading(org_a.member, v1, TODAY, org_a.clv, {"Home": 7, "Money": 4, "Health": 4})
        rows.member(far, joined_on=TODAY - datetime.timedelta(days=30))
    client.force_login(org_a.admin)
    html = client.get("/outcomes/").content.decode()
    start, end = default_period(TODAY)
    assert f'value="{start.isoformat()}"' in html and f'value="{end.isoformat()}"' in html
    assert "Far Away Network" in html and org_a.network.name in html
    assert org_b.marker not in html
    # Two members, tenancies kept; one admission avoided (50%)
    assert re.search(r"Tenancy sustained</h2><p[^>]*>100.0%</p><p[^>]*>2 of 2; 0 lost", html)
    assert "50.0% of members" in html
    # The star chart and its table: Home +4, Money 0, Health -1
    assert html.count('role="img"') == 2
    assert '<title id="star-change-title">Average change in star score per area' in html
    assert ">+4.00</text>" in html and ">-1.00</text>" in html
    assert re.search(r"Home</th>.*?>1</td>.*?>3.00</td>.*?>7.00</td>.*?>\+4.00</td>", html, re.S)
    assert "Return for each £1 of support" in html
    assert "Change the cost model and its sources" in html
    # A support manager sees only their cluster's networks, and no cost link
    client.force_login(org_a.manager)
    html = client.get("/outcomes/").content.decode()
    assert org_a.network.name in html and "Far Away Network" not in html
    assert "Change the cost model" not in html


def test_a_period_that_ends_before_it_starts_is_refused_next_to_the_field(client, org_a):
    client.force_login(org_a.admin)
    response = client.get("/outcomes/?start=2026-06-01&end=2026-05-01")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_end-error"' in html
    assert "The period must end on or after the day it starts." in html
    assert 'value="2026-06-01"' in html and 'value="2026-05-01"' in html
    assert "Members supported" not in html
    chosen = client.get("/outcomes/?start=2026-01-01&end=2026-03-31").content.decode()
    assert "From 1 January 2026 to 31 March 2026" in chosen


def test_the_dashboard_does_not_grow(client, org_a):
    client.force_login(org_a.admin)
    made = {"networks": []}

    def make(n):
        with organisation_scope(org_a.organisation):
            for i in range(len(made["networks"]), max(2, n // 12)):
                made["networks"].append(
                    factories.NetworkFactory(cluster=org_a.network.cluster, name=f"Grow {i}")
                )
            rows.random_world(org_a.organisation, made["networks"], n, n, org_a.clv)

    def fetch():
        response = client.get("/outcomes/?start=2025-01-01&end=2026-12-31")
        assert response.status_code == 200
        assert "Grow 1" in response.content.decode()

    assert assert_constant_queries(make, fetch, sizes=(3, 60)) == pinned(23)


def test_the_charts_escape_names_and_say_every_number():
    svg = bar_chart_svg(
        [Bar("Home <&>", 2, "+2"), Bar("Money", -1.5, "-1.5")], title="Change", id_prefix="c"
    )
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'role="img" aria-labelledby="c-title c-desc"' in svg
    assert '<desc id="c-desc">Home &lt;&amp;&gt;: +2; Money: -1.5.</desc>' in svg
    assert svg.count('class="bar"') == 2
    assert "Home <&>" not in svg
    grouped = grouped_bar_chart_svg(
        [Group("Ash", (Bar("a", 50, "50%"), Bar("b", 100, "100%")))],
        ["Kept", "Moved"],
        title="By network",
        id_prefix="g",
    )
    assert '<desc id="g-desc">Ash: Kept 50%, Moved 100%.</desc>' in grouped
    assert ">Kept: 50%</text>" in grouped and ">Moved: 100%</text>" in grouped
    assert "No figures yet." in bar_chart_svg([], title="Empty", id_prefix="e")
