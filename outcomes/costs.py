"""The cost model: what support costs and what it saves, with where every
figure comes from. An organisation may replace each unit cost with its own
(``UnitCost``, audited); until then the published or estimated defaults
below are used, and say so.

The arithmetic (``cost_estimate``), for a period of ``days`` days:

* support cost = members supported x support per member-year x days / 365;
* cost avoided = admissions avoided x an inpatient stay
  + homelessness avoided x an episode of homelessness
  + members whose weekly visits ended x a year of weekly visits x days / 365;
* return per pound = cost avoided / support cost (none when support costs 0).

Amounts are exact ``Decimal`` and rounded to whole pence only at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor, audited
from keyring_net.policy import Permission
from outcomes.models import UnitCost

Item = UnitCost.Item
PENCE = Decimal("0.01")


@dataclass(frozen=True)
class Default:
    amount: Decimal
    source: str


DEFAULTS: dict[str, Default] = {
    Item.SUPPORT_PER_MEMBER_YEAR: Default(
        Decimal("3665.00"),
        "Housing LIN evaluation of KeyRing, 2018 (support cost per member per year, "
        "excluding housing and food)",
    ),
    Item.INPATIENT_STAY: Default(
        Decimal("9639.00"),
        "3 weeks at £3,213 a week: inpatient hospital care including direct and indirect "
        "costs, South East Wales, cited in WHO Guidance on community mental health "
        "services, 2021",
    ),
    Item.HOMELESSNESS_EPISODE: Default(
        Decimal("9639.00"),
        "Estimate: the Housing LIN evaluation counted avoided admissions and homelessness "
        "together; replace with your council's figure",
    ),
    Item.WEEKLY_VISITS_YEAR: Default(
        Decimal("2600.00"),
        "Estimate: 52 visits a year at £50; replace with your own figure",
    ),
}
ORDER = list(DEFAULTS)


@dataclass(frozen=True)
class UnitCostLine:
    item: str
    label: str
    amount: Decimal
    source: str
    is_default: bool

    def __iter__(self):  # unpacks as (item, amount, source, is_default)
        return iter((self.item, self.amount, self.source, self.is_default))


def cost_model(organisation) -> list[UnitCostLine]:
    """Every unit cost of ``organisation``'s model, in a fixed order: its
    own figure where it set one, else the default. One query. Each line
    unpacks as ``(item, amount, source, is_default)`` and has ``label``."""
    own = {row.item: row for row in UnitCost.objects.filter(organisation=organisation)}
    labels = dict(Item.choices)
    lines = []
    for item in ORDER:
        row = own.get(item)
        default = DEFAULTS[item]
        amount, source = (row.amount, row.source) if row else (default.amount, default.source)
        lines.append(
            UnitCostLine(
                item=item,
                label=str(labels[item]),
                amount=amount,
                source=source,
                is_default=amount == default.amount and source == default.source,
            )
        )
    return lines


@dataclass(frozen=True)
class CostEstimate:
    days: int
    members_supported: int
    support_cost: Decimal
    admission_avoided: int
    homelessness_avoided: int
    visits_ended: int
    admission_saving: Decimal
    homelessness_saving: Decimal
    visits_saving: Decimal
    cost_avoided: Decimal
    return_per_pound: Decimal | None  # None when support cost nothing
    assumptions: tuple[str, ...]


def _money(amount: Decimal) -> str:
    return f"£{amount.quantize(PENCE, rounding=ROUND_HALF_UP):,.2f}".replace(".00", "")


def cost_estimate(figures, costs) -> CostEstimate:
    """What support cost and what it saved over ``figures``' period (an
    ``OutcomeFigures``, counts of ``figures.total``), with ``costs`` from
    ``cost_model``. Money to the penny (half up); the return per pound to
    two decimal places. ``assumptions`` are plain sentences to print."""
    unit = {line.item: line for line in costs}
    days = (figures.end - figures.start).days + 1
    share = Decimal(days) / Decimal(365)
    total = figures.total

    def pence(value: Decimal) -> Decimal:
        return value.quantize(PENCE, rounding=ROUND_HALF_UP)

    support = unit[Item.SUPPORT_PER_MEMBER_YEAR]
    stay = unit[Item.INPATIENT_STAY]
    episode = unit[Item.HOMELESSNESS_EPISODE]
    visits = unit[Item.WEEKLY_VISITS_YEAR]
    support_cost = pence(total.members_supported * support.amount * share)
    admission_saving = pence(total.admission_avoided * stay.amount)
    homelessness_saving = pence(total.homelessness_avoided * episode.amount)
    visits_saving = pence(total.visits_ended * visits.amount * share)
    avoided = admission_saving + homelessness_saving + visits_saving
    ratio = (
        (avoided / support_cost).quantize(PENCE, rounding=ROUND_HALF_UP) if support_cost else None
    )

    def said(line) -> str:
        kind = (
            "the published or estimated default"
            if line.is_default
            else "your organisation's figure"
        )
        return f"{line.label}: {_money(line.amount)} ({kind}; source: {line.source})."

    assumptions = (
        f"The period is {days} days long, so yearly costs are counted as {days} / 365 of a year.",
        said(support),
        f"Support cost: {total.members_supported} members supported at {_money(support.amount)} "
        f"a year, for {days} days: {_money(support_cost)}.",
        said(stay),
        f"Each hospital admission avoided is counted as one inpatient stay of three weeks "
        f"avoided: {total.admission_avoided} x {_money(stay.amount)} = {_money(admission_saving)}.",
        said(episode),
        f"Each homelessness avoided is counted as one episode of homelessness avoided: "
        f"{total.homelessness_avoided} x {_money(episode.amount)} = {_money(homelessness_saving)}.",
        said(visits),
        f"Each member who no longer needs weekly professional visits saves a year of visits, "
        f"counted for the {days} days of the period: {total.visits_ended} x "
        f"{_money(visits.amount)} x {days} / 365 = {_money(visits_saving)}.",
        "An avoided admission or homelessness is what the member's workers recorded; it is "
        "their judgement, not a measured fact.",
        "Housing and food are not included: members pay for their own homes.",
        f"Return for each £1 of support: {_money(avoided)} / {_money(support_cost)} = £{ratio}."
        if ratio is not None
        else "No return is worked out: support cost nothing.",
    )
    return CostEstimate(  # each count beside what it cost or saved
        days=days,
        members_supported=total.members_supported,
        support_cost=support_cost,
        admission_avoided=total.admission_avoided,
        admission_saving=admission_saving,
        homelessness_avoided=total.homelessness_avoided,
        homelessness_saving=homelessness_saving,
        visits_ended=total.visits_ended,
        visits_saving=visits_saving,
        cost_avoided=avoided,
        return_per_pound=ratio,
        assumptions=assumptions,
    )


# --------------------------------------------------------------------------
# Changing the model


@transaction.atomic
def unit_cost_set(*, actor: Actor, item: str, amount, source: str) -> UnitCost:
    """Set one unit cost and where it comes from. Refuses an unknown item,
    a missing or negative amount and an empty source, each next to its
    field (``amount``, ``source``)."""
    require(actor, Permission.MANAGE_COST_MODEL)
    if item not in DEFAULTS:
        raise ValidationError("Choose one of the costs in the model.")
    errors = {}
    if amount is None:
        errors["amount"] = "Enter the amount in pounds, like 3665 or 3665.50."
    elif amount < 0:
        errors["amount"] = "The amount cannot be less than £0."
    elif amount >= Decimal("100000000"):
        errors["amount"] = "Enter an amount under £100,000,000."
    source = (source or "").strip()
    if not source:
        errors["source"] = "Say where the figure comes from."
    elif len(source) > 300:
        errors["source"] = "Keep the source to 300 characters or fewer."
    if errors:
        raise ValidationError(errors)
    row = UnitCost.objects.filter(organisation=actor.organisation, item=item).first()
    if row is None:
        row = UnitCost(organisation=actor.organisation, item=item)
    row.amount = Decimal(amount).quantize(PENCE, rounding=ROUND_HALF_UP)
    row.source = source
    row.changed_by = actor.user
    row.changed_at = timezone.now()
    audited(row, actor).save()
    return row


def unit_cost_reset(*, actor: Actor, item: str) -> UnitCost:
    """Put back the published (or estimated) figure and its source."""
    require(actor, Permission.MANAGE_COST_MODEL)
    if item not in DEFAULTS:
        raise ValidationError("Choose one of the costs in the model.")
    default = DEFAULTS[item]
    return unit_cost_set(actor=actor, item=item, amount=default.amount, source=default.source)


def unit_costs_seed(organisation) -> None:
    """The defaults as the organisation's own rows, where it has none (demo
    data). Idempotent."""
    have = set(UnitCost.objects.filter(organisation=organisation).values_list("item", flat=True))
    UnitCost.objects.bulk_create(
        UnitCost(organisation=organisation, item=item, amount=d.amount, source=d.source)
        for item, d in DEFAULTS.items()
        if item not in have
    )
