"""The cost model section of a commissioner report, from the figures as
shown (already suppressed).

Money is worked out only from counts that are shown exactly: a cost line
built on a hidden count would give the count away (cost / unit cost), so
it is "not shown", and so are the totals that include it.

The unit costs, with their sources, are ``outcomes.costs.cost_model``
(the organisation's own figures, else the published defaults); the
arithmetic is ``outcomes.costs.cost_estimate``'s, done here on the shown
counts only, because that function works on raw counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from outcomes.costs import cost_model
from outcomes.disclosure import NOT_SHOWN
from outcomes.models import UnitCost

Item = UnitCost.Item

# (figure counted, unit cost item, whether it is for a year (so counts
# for the period's share of one), the assumption in a plain sentence)
AVOIDED: tuple[tuple[str, str, bool, str], ...] = (
    (
        "admission_avoided",
        Item.INPATIENT_STAY,
        False,
        "Each member with a hospital admission avoided saves one psychiatric inpatient "
        "stay of three weeks.",
    ),
    (
        "homelessness_avoided",
        Item.HOMELESSNESS_EPISODE,
        False,
        "Each member with homelessness avoided saves one episode of homelessness.",
    ),
    (
        "visits_ended",
        Item.WEEKLY_VISITS_YEAR,
        True,
        "Each member who no longer needs weekly professional visits saves the period's "
        "share of a year of them.",
    ),
)


@dataclass(frozen=True)
class CostLine:
    label: str
    count: int | str
    unit: str
    amount: str


def _money(value: Decimal) -> str:
    return f"£{value.quantize(Decimal('1'), ROUND_HALF_UP):,}"


def unit_costs(organisation) -> dict:
    """The organisation's unit costs by item (``cost_model``: its own
    figure, else the default; each with its source). One query."""
    return {line.item: line for line in cost_model(organisation)}


def _source(line) -> str:
    kind = (
        "a published or estimated default" if line.is_default else "the organisation's own figure"
    )
    return f"{line.source} ({kind})"


def cost_section(*, organisation, shown: dict, days: int) -> dict:
    """What the report prints under "Cost model": the support cost for the
    period, each saving, the return on each pound, and every assumption
    with its source. Strings throughout ("not shown" where a hidden count
    would be given away)."""
    costs = unit_costs(organisation)
    total = shown["rows"][0]["values"]
    assumptions: list[dict[str, str]] = []
    support = costs.get(Item.SUPPORT_PER_MEMBER_YEAR)
    support_cost = None
    share = Decimal(days) / Decimal(365)
    if support is not None:
        assumptions.append(
            {
                "text": f"Support for one member for a year costs {_money(support.amount)}; "
                f"the period is {days} days, so each member supported costs "
                f"{_money(support.amount * share)}.",
                "source": _source(support),
            }
        )
        if isinstance(total["members_supported"], int):
            support_cost = support.amount * total["members_supported"] * share
    lines = []
    avoided = Decimal(0)
    avoided_complete = True
    for figure, item, yearly, sentence in AVOIDED:
        cost = costs.get(item)
        if cost is None:
            continue
        assumptions.append(
            {"text": f"{sentence} It costs {_money(cost.amount)}.", "source": _source(cost)}
        )
        count = total[figure]
        if isinstance(count, int):
            amount = cost.amount * count * (share if yearly else 1)
            avoided += amount
            shown_amount = _money(amount)
        else:
            avoided_complete = False
            shown_amount = NOT_SHOWN
        lines.append(CostLine(cost.label, count, _money(cost.amount), shown_amount))
    per_pound = NOT_SHOWN
    if avoided_complete and support_cost:
        per_pound = f"£{(avoided / support_cost).quantize(Decimal('0.01'), ROUND_HALF_UP)}"
    return {
        "support_cost": _money(support_cost) if support_cost is not None else NOT_SHOWN,
        "lines": [line.__dict__ for line in lines],
        "avoided": _money(avoided) if avoided_complete and lines else NOT_SHOWN,
        "per_pound": per_pound,
        "assumptions": assumptions,
        "recorded": bool(costs),
    }
