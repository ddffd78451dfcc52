"""The cost model: defaults with their sources, an organisation's own
figures (audited, bad input refused next to the field), and the arithmetic
of the estimate, exactly, in Decimal."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from keyring_net.tenancy import organisation_scope
from outcomes.costs import DEFAULTS, cost_estimate, cost_model, unit_costs_seed
from outcomes.figures.results import NetworkFigures, OutcomeFigures
from outcomes.models import UnitCost
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db
D = datetime.date


def figures(start, end, **counts) -> OutcomeFigures:
    total = NetworkFigures(name="All networks", **counts)
    return OutcomeFigures(start=start, end=end, networks=("A",), total=total, by_network=(total,))


def test_the_defaults_and_their_sources_in_one_query(org_a):
    with organisation_scope(org_a.organisation):
        n, lines = count_queries(lambda: cost_model(org_a.organisation))
    assert n == 1
    assert [tuple(line) for line in lines] == [
        (
            "support_year",
            Decimal("3665.00"),
            "Housing LIN evaluation of KeyRing, 2018 (support cost per member per year, "
            "excluding housing and food)",
            True,
        ),
        (
            "inpatient_stay",
            Decimal("9639.00"),
            "3 weeks at £3,213 a week: inpatient hospital care including direct and indirect "
            "costs, South East Wales, cited in WHO Guidance on community mental health "
            "services, 2021",
            True,
        ),
        (
            "homelessness",
            Decimal("9639.00"),
            "Estimate: the Housing LIN evaluation counted avoided admissions and homelessness "
            "together; replace with your council's figure",
            True,
        ),
        (
            "weekly_visits_year",
            Decimal("2600.00"),
            "Estimate: 52 visits a year at £50; replace with your own figure",
            True,
        ),
    ]
    assert [line.label for line in lines] == [
        "Support for one member for a year",
        "A psychiatric inpatient stay of three weeks",
        "An episode of homelessness",
        "A year of weekly community psychiatric nurse or social worker visits",
    ]


def test_the_estimate_to_the_penny(org_a):
    with organisation_scope(org_a.organisation):
        costs = cost_model(org_a.organisation)
    estimate = cost_estimate(
        figures(
            D(2026, 1, 1),
            D(2026, 6, 30),  # 181 days
            members_supported=40,
            admission_avoided=6,
            homelessness_avoided=5,
            visits_ended=10,
        ),
        costs,
    )
    assert estimate.days == 181
    # 40 x 3665 x 181 / 365 = 72,697.534...
    assert estimate.support_cost == Decimal("72697.53")
    assert estimate.admission_saving == Decimal("57834.00")  # 6 x 9639
    assert estimate.homelessness_saving == Decimal("48195.00")  # 5 x 9639
    # 10 x 2600 x 181 / 365 = 12,893.150...
    assert estimate.visits_saving == Decimal("12893.15")
    assert estimate.cost_avoided == Decimal("118922.15")
    assert estimate.return_per_pound == Decimal("1.64")
    assert estimate.assumptions[0] == (
        "The period is 181 days long, so yearly costs are counted as 181 / 365 of a year."
    )
    assert estimate.assumptions[2] == (
        "Support cost: 40 members supported at £3,665 a year, for 181 days: £72,697.53."
    )
    assert estimate.assumptions[-1] == (
        "Return for each £1 of support: £118,922.15 / £72,697.53 = £1.64."
    )


def test_a_whole_year_and_nothing_supported(org_a):
    with organisation_scope(org_a.organisation):
        costs = cost_model(org_a.organisation)
    year = cost_estimate(
        figures(D(2025, 1, 1), D(2025, 12, 31), members_supported=12, visits_ended=3), costs
    )
    assert (year.days, year.support_cost, year.visits_saving) == (
        365,
        Decimal("43980.00"),
        Decimal("7800.00"),
    )
    assert year.return_per_pound == Decimal("0.18")  # 7800 / 43980
    empty = cost_estimate(figures(D(2025, 1, 1), D(2025, 1, 31)), costs)
    assert empty.support_cost == Decimal("0.00") and empty.return_per_pound is None
    assert empty.assumptions[-1] == "No return is worked out: support cost nothing."


def test_an_admin_changes_a_cost_bad_input_is_refused_and_the_published_figure_comes_back(
    client, org_a, org_b
):
    client.force_login(org_a.admin)
    page = client.get("/outcomes/costs/").content.decode()
    assert "Housing LIN evaluation of KeyRing, 2018" in page
    negative = client.post(
        "/outcomes/costs/",
        {"item": "homelessness", "homelessness-amount": "-5", "homelessness-source": "My council"},
    ).content.decode()
    assert "The amount cannot be less than £0." in negative
    assert 'value="-5"' in negative and "My council" in negative
    no_source = client.post(
        "/outcomes/costs/",
        {"item": "homelessness", "homelessness-amount": "12000", "homelessness-source": " "},
    ).content.decode()
    assert "Say where the figure comes from." in no_source and 'value="12000"' in no_source
    with organisation_scope(org_a.organisation):
        assert not UnitCost.objects.exists()
    saved = client.post(
        "/outcomes/costs/",
        {
            "item": "homelessness",
            "homelessness-amount": "12000.5",
            "homelessness-source": "Our council's 2025 figure",
        },
    )
    assert saved.status_code == 302
    with organisation_scope(org_a.organisation):
        row = UnitCost.objects.get()
        assert (row.item, row.amount, row.source, row.changed_by) == (
            "homelessness",
            Decimal("12000.50"),
            "Our council's 2025 figure",
            org_a.admin,
        )
        assert row.history.latest().history_user == org_a.admin
        line = cost_model(org_a.organisation)[2]
        assert (line.amount, line.is_default) == (Decimal("12000.50"), False)
    with organisation_scope(org_b.organisation):
        assert cost_model(org_b.organisation)[2].amount == Decimal("9639.00")
    page = client.get("/outcomes/costs/").content.decode()
    assert "Put back the published figure" in page
    assert client.post("/outcomes/costs/", {"reset": "homelessness"}).status_code == 302
    with organisation_scope(org_a.organisation):
        line = cost_model(org_a.organisation)[2]
        assert (line.amount, line.source, line.is_default) == (
            DEFAULTS["homelessness"].amount,
            DEFAULTS["homelessness"].source,
            True,
        )


def test_seeding_the_defaults_is_idempotent(org_a):
    with organisation_scope(org_a.organisation):
        unit_costs_seed(org_a.organisation)
        unit_costs_seed(org_a.organisation)
        assert UnitCost.objects.count() == 4
        assert all(line.is_default for line in cost_model(org_a.organisation))
