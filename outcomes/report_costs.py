"""The cost model section of a commissioner report, from the figures as
shown (already suppressed).

Money is worked out only from counts that are shown exactly: a cost line
built on a hidden count would give the count away (cost / unit cost), so
it is "not shown", and so are the totals that include it.

The organisation's unit costs are ``UnitCost`` rows (each with its
source). ``outcomes.costs.cost_model`` supplies them with its defaults
where it exists; otherwise only the rows recorded are used.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from outcomes.disclosure import NOT_SHOWN
from outcomes.models import UnitCost

Item = UnitCost.Item

# (figure counted, unit cost item, how many units each counts for, the
# assumption in a plain sentence)
AVOIDED: tuple[tuple[str, str, str], ...] = (
    (
        "admission_avoided",
        Item.INPATIENT_STAY,
        "Each hospital admission avoided saves one psychiatric inpatient stay of three weeks.",
    ),
    (
        "homelessness_avoided",
        Item.HOMELESSNESS_EPISODE,
        "Each time homelessness is avoided saves one episode of homelessness.",
    ),
    (
        "visits_ended",
        Item.WEEKLY_VISITS_YEAR,
        "Each member who no longer needs weekly professional visits saves a year of them.",
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


def unit_costs(organisation) -> dict[str, UnitCost]:
    """The organisation's unit costs by item (``outcomes.costs`` defaults
    first, where that module exists; recorded rows win)."""
    costs: dict[str, UnitCost] = {}
    try:
        from outcomes.costs import cost_model  # the organisation's costs with defaults
    except ImportError:
        cost_model = None
    if cost_model is not None:
        for cost in cost_model(organisation):
            costs[cost.item] = cost
    for cost in UnitCost.objects.filter(organisation=organisation):
        costs[cost.item] = cost
    return costs


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
    if support is not None:
        assumptions.append(
            {
                "text": f"Support for one member for a year costs {_money(support.amount)}; "
                f"the period is {days} days, so each member supported costs "
                f"{_money(support.amount * days / 365)}.",
                "source": support.source,
            }
        )
        if isinstance(total["members_supported"], int):
            support_cost = support.amount * total["members_supported"] * days / 365
    lines = []
    avoided = Decimal(0)
    avoided_complete = True
    for figure, item, sentence in AVOIDED:
        cost = costs.get(item)
        if cost is None:
            continue
        assumptions.append(
            {"text": f"{sentence} It costs {_money(cost.amount)}.", "source": cost.source}
        )
        count = total[figure]
        if isinstance(count, int):
            amount = cost.amount * count
            avoided += amount
            shown_amount = _money(amount)
        else:
            avoided_complete = False
            shown_amount = NOT_SHOWN
        lines.append(CostLine(cost.get_item_display(), count, _money(cost.amount), shown_amount))
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
