"""The organisation's outcomes dashboard: the figures of the networks a
manager reaches, by network, with the cost estimate and charts. Raw counts
(managers see them; commissioners get suppressed reports elsewhere)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from keyring_net.actors import Actor
from keyring_net.policy import network_reach
from networks.models import Network
from outcomes.charts import Bar, Group, bar_chart_svg, grouped_bar_chart_svg
from outcomes.costs import CostEstimate, UnitCostLine, cost_estimate, cost_model
from outcomes.figures.counting import outcome_figures
from outcomes.figures.results import NetworkFigures, OutcomeFigures, share


def networks_for_outcomes(actor: Actor):
    """Networks whose figures ``actor`` sees: all of the organisation's for
    an organisation admin, their clusters' for a support manager."""
    return Network.objects.filter(organisation=actor.organisation).filter(network_reach(actor))


@dataclass(frozen=True)
class NetworkRow:
    """One row of the per-network comparison table."""

    figures: NetworkFigures
    tenancy_share: Decimal | None
    avoided_share: Decimal | None
    occupied_share: Decimal | None
    star_share: Decimal | None
    response_rate: Decimal | None


def network_row(f: NetworkFigures) -> NetworkRow:
    return NetworkRow(
        figures=f,
        tenancy_share=share(f.tenancy_sustained, f.members_supported),
        avoided_share=share(f.admission_or_homelessness_avoided, f.members_supported),
        occupied_share=share(f.work_learning_or_volunteering, f.members_supported),
        star_share=share(f.star_moved_up_a_stage, f.star_members),
        response_rate=share(f.survey_answered, f.survey_invited),
    )


def _percent(value: Decimal | None) -> str:
    return "none" if value is None else f"{value}%"


def star_change_chart(figures: OutcomeFigures, *, id_prefix: str = "star-change") -> str:
    """Average change per star area, first to latest reading (SVG)."""
    bars = [
        Bar(a.name, a.change, f"{'+' if a.change > 0 else ''}{a.change}")
        for a in figures.star_areas
    ]
    return bar_chart_svg(
        bars,
        title="Average change in star score per area, first to latest reading",
        id_prefix=id_prefix,
    )


COMPARISON_SERIES = [
    "Tenancy sustained",
    "Admission or homelessness avoided",
    "Work, learning or volunteering",
    "Moved up a star stage",
]


def network_comparison_chart(
    rows: list[NetworkRow], *, id_prefix: str = "network-comparison"
) -> str:
    """Each network's shares of members (percent), as grouped bars (SVG)."""
    groups = [
        Group(
            r.figures.name,
            tuple(
                Bar(name, value or 0, _percent(value))
                for name, value in zip(
                    COMPARISON_SERIES,
                    (r.tenancy_share, r.avoided_share, r.occupied_share, r.star_share),
                    strict=True,
                )
            ),
        )
        for r in rows
    ]
    return grouped_bar_chart_svg(
        groups,
        COMPARISON_SERIES,
        title="Outcomes by network, as a share of members",
        id_prefix=id_prefix,
    )


@dataclass(frozen=True)
class DashboardPage:
    figures: OutcomeFigures
    total: NetworkRow
    rows: list[NetworkRow]
    costs: list[UnitCostLine]
    estimate: CostEstimate
    star_svg: str
    network_svg: str


def dashboard_page(*, actor: Actor, start: datetime.date, end: datetime.date) -> DashboardPage:
    """Everything the dashboard shows, in a fixed number of queries."""
    networks = list(networks_for_outcomes(actor).order_by("name"))
    figures = outcome_figures(
        organisation=actor.organisation, networks=networks, start=start, end=end
    )
    costs = cost_model(actor.organisation)
    rows = [network_row(f) for f in figures.by_network]
    return DashboardPage(
        figures=figures,
        total=network_row(figures.total),
        rows=rows,
        costs=costs,
        estimate=cost_estimate(figures, costs),
        star_svg=star_change_chart(figures),
        network_svg=network_comparison_chart(rows),
    )
