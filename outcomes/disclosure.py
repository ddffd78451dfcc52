"""Small-number suppression for everything a commissioner sees.

One layer, used by the PDF, the CSV, the commissioner pages and the API:
``suppress(figures, threshold)`` turns raw ``OutcomeFigures`` into the
values to show. Nothing else decides what a commissioner may read.

The rule (NHS disclosure-control practice, adjusted to networks of about
ten people):

* **Primary suppression**: a count from 1 to ``threshold`` (7 by default,
  ``Organisation.small_count_threshold``) is shown as "fewer than 8". Zero
  stays 0: nobody can be picked out of nobody.
* **Secondary suppression**: where shown parts add up to a shown total (the
  networks add up to all networks; tenancies sustained and lost add up to
  members supported; a question's answers add up to those who answered), a
  single hidden cell could be worked out by subtraction. So one more cell of
  that group is hidden as well: shown as a lower bound ("at least 43") when
  the bound says nothing about the small cell, otherwise "not shown". This
  repeats until no group gives any hidden cell away.
* Percentages, averages and hours are shown only when every count they come
  from is shown exactly and the people behind them are more than the
  threshold.

Output values are ints (0 or above the threshold) or strings; never an int
from 1 to the threshold, so a template cannot print one by mistake.
No names, no free text: only the networks' names, survey titles, question
wording and answer labels, which staff write.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from casework.models import Incident
from outcomes.figures.labels import (
    AVERAGE_FIELDS,
    COUNT_FIELDS,
    HOURS_FIELDS,
    PERCENT_FIELDS,
    QUALITY_FIELDS,
)
from outcomes.figures.results import NetworkFigures, OutcomeFigures

TOTAL_NAME = "All networks"
NOT_SHOWN = "not shown"

# Parts that add up exactly to a total within one row.
ROW_PARTITIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("members_supported", ("tenancy_sustained", "tenancy_lost")),
)


def suppressed_label(threshold: int) -> str:
    return f"fewer than {threshold + 1}"


# --- Cells and groups -----------------------------------------------------------------------

EXACT, PRIMARY, SECONDARY = "exact", "primary", "secondary"


@dataclass
class Cell:
    value: int
    state: str = EXACT

    @property
    def exact(self) -> bool:
        return self.state == EXACT


@dataclass(frozen=True)
class Group:
    """``total`` and ``parts``; ``partition`` when the parts add up to the
    total exactly (only then may a bound be worked out from it)."""

    total: Cell
    parts: tuple[Cell, ...]
    partition: bool


def _cell(value: int, threshold: int) -> Cell:
    return Cell(value, PRIMARY if 1 <= value <= threshold else EXACT)


def _unsafe(group: Group, threshold: int) -> bool:
    """True when what is shown of the group gives a hidden cell away."""
    hidden = [p for p in group.parts if not p.exact]
    if group.total.exact:
        if len(hidden) == 1:
            return True  # total minus the shown parts is that cell
        if len(hidden) >= 2 and all(p.state == PRIMARY for p in hidden) and group.partition:
            rest = group.total.value - sum(p.value for p in group.parts if p.exact)
            # All ones or all at the threshold: every hidden cell is known.
            return rest in (len(hidden), len(hidden) * threshold)
        return False
    # A hidden total is the sum of its parts when they are all shown.
    return group.total.state != PRIMARY and not hidden and group.total.value > 0


def _protect(group: Group) -> bool:
    """Hide one more cell: the largest shown part that is not zero, else
    the total. False when there is nothing left to hide."""
    candidates = [p for p in group.parts if p.exact and p.value > 0]
    if candidates:
        max(candidates, key=lambda p: p.value).state = SECONDARY
        return True
    if group.total.exact and group.total.value > 0:
        group.total.state = SECONDARY
        return True
    return False


def _settle(groups: list[Group], threshold: int) -> None:
    """Hide cells until no group gives one away (each pass hides at least
    one more cell, so it ends)."""
    changed = True
    while changed:
        changed = False
        for group in groups:
            if _unsafe(group, threshold) and _protect(group):
                changed = True


def _lower_bound(cell: Cell, groups: list[Group], threshold: int) -> int:
    """The largest lower bound on a secondary cell that anyone could work
    out from what is shown anyway (so it gives nothing more away)."""
    best = 0
    for group in groups:
        if not (group.partition and group.total.exact and cell in group.parts):
            continue
        others = [p for p in group.parts if p is not cell]
        if any(p.state == SECONDARY for p in others):
            continue  # no upper limit on that one: no bound from this group
        bound = (
            group.total.value
            - sum(p.value for p in others if p.exact)
            - threshold * sum(1 for p in others if p.state == PRIMARY)
        )
        best = max(best, bound)
    return best


def _shown(cell: Cell, groups: list[Group], threshold: int) -> int | str:
    if cell.state == EXACT:
        return cell.value
    if cell.state == PRIMARY:
        return suppressed_label(threshold)
    bound = _lower_bound(cell, groups, threshold)
    return f"at least {bound}" if bound > threshold else NOT_SHOWN


def _number(value: Decimal, places: str = "0.1") -> str:
    return str(Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP))


def _percent(part: Cell, whole: Cell, threshold: int) -> str:
    if not (part.exact and whole.exact) or whole.value <= threshold:
        return NOT_SHOWN
    return f"{(Decimal(100) * part.value / whole.value).quantize(Decimal('1'), ROUND_HALF_UP)}%"


# --- The figures ----------------------------------------------------------------------------


def suppress(figures: OutcomeFigures, threshold: int) -> dict:
    """The values a commissioner may see, as a JSON-ready dict::

        {"start", "end", "networks", "threshold", "suppressed_label",
         "rows": [{"name", "total", "values": {field: shown}}],  # all networks first
         "star_areas": [...], "surveys": [...], "quality": {...} | None}

    Counts are ints (0, or more than ``threshold``) or strings ("fewer than
    8", "at least 43", "not shown"); hours, averages and percentages are
    strings. Member ids and anything else about a person are left out.
    """
    threshold = max(int(threshold), 0)
    count_names = [name for name, _ in COUNT_FIELDS]
    rows_raw: list[NetworkFigures] = [figures.total, *figures.by_network]
    cells = [
        {name: _cell(getattr(row, name), threshold) for name in count_names} for row in rows_raw
    ]
    groups: list[Group] = []
    for row in cells:
        for total, parts in ROW_PARTITIONS:
            groups.append(
                Group(
                    row[total],
                    tuple(row[p] for p in parts),
                    partition=row[total].value == sum(row[p].value for p in parts),
                )
            )
    if figures.by_network:
        for name in count_names:
            parts = tuple(row[name] for row in cells[1:])
            groups.append(
                Group(
                    cells[0][name],
                    parts,
                    partition=cells[0][name].value == sum(p.value for p in parts),
                )
            )
    _settle(groups, threshold)
    # Hours: hidden where the row's members are few, then kept from being
    # worked out across networks the same way as counts.
    hour_cells = []
    for row_raw, row in zip(rows_raw, cells, strict=True):
        few = not row["members_supported"].exact or row["members_supported"].value <= threshold
        hour_cells.append(
            {
                name: Cell(0, PRIMARY if few and row["members_supported"].value else EXACT)
                for name, _ in HOURS_FIELDS
            }
        )
        for name, _ in HOURS_FIELDS:
            hour_cells[-1][name].value = getattr(row_raw, name)
    hour_groups = []
    if figures.by_network:
        for name, _ in HOURS_FIELDS:
            hour_groups.append(
                Group(hour_cells[0][name], tuple(h[name] for h in hour_cells[1:]), partition=False)
            )
    survey_groups, surveys = _survey_cells(figures, threshold)
    _settle(hour_groups, threshold)
    _settle(survey_groups, threshold)

    rows = []
    for index, (row_raw, row, hours) in enumerate(zip(rows_raw, cells, hour_cells, strict=True)):
        values: dict[str, int | str] = {
            name: _shown(row[name], groups, threshold) for name in count_names
        }
        for name, _ in HOURS_FIELDS:
            cell = hours[name]
            values[name] = _number(cell.value) if cell.exact else NOT_SHOWN
        for name, _, part, whole in PERCENT_FIELDS:
            values[name] = _percent(row[part], row[whole], threshold)
        for name, _, count in AVERAGE_FIELDS:
            value = getattr(row_raw, name, None)
            few = not row[count].exact or row[count].value <= threshold
            values[name] = NOT_SHOWN if value is None or few else _number(value)
        rows.append(
            {
                "name": TOTAL_NAME if index == 0 else row_raw.name,
                "total": index == 0,
                "values": values,
            }
        )
    return {
        "start": figures.start.isoformat(),
        "end": figures.end.isoformat(),
        "networks": list(figures.networks),
        "threshold": threshold,
        "suppressed_label": suppressed_label(threshold),
        "rows": rows,
        "star_areas": _star_areas(figures, threshold),
        "surveys": _shown_surveys(surveys, survey_groups, threshold),
        "quality": _quality(figures, threshold),
        "incidents": _incidents(figures, threshold),
    }


def _star_areas(figures: OutcomeFigures, threshold: int) -> list[dict]:
    areas = []
    for area in figures.star_areas:
        cell = _cell(area.members, threshold)
        shown = cell.exact and area.members > threshold
        areas.append(
            {
                "name": area.name,
                "members": _shown(cell, [], threshold),
                "first_average": _number(area.first_average) if shown else NOT_SHOWN,
                "latest_average": _number(area.latest_average) if shown else NOT_SHOWN,
                "change": _signed(area.change) if shown else NOT_SHOWN,
            }
        )
    return areas


def _signed(value: Decimal) -> str:
    text = _number(value)
    return text if text.startswith("-") else f"+{text}"


def _survey_cells(figures: OutcomeFigures, threshold: int):
    groups: list[Group] = []
    surveys = []
    for survey in figures.surveys:
        questions = []
        for question in survey.questions:
            answered = _cell(question.answered, threshold)
            choices = [(choice, _cell(choice.count, threshold)) for choice in question.choices]
            if question.kind != "text" and choices:
                total = sum(c.count for c, _ in choices)
                groups.append(
                    Group(
                        answered,
                        tuple(cell for _, cell in choices),
                        partition=total == question.answered,
                    )
                )
            questions.append((question, answered, choices))
        surveys.append(
            (survey, _cell(survey.invited, threshold), _cell(survey.answered, threshold), questions)
        )
    return groups, surveys


def _shown_surveys(surveys, groups: list[Group], threshold: int) -> list[dict]:
    shown = []
    for survey, invited, answered, questions in surveys:
        shown_questions = []
        for question, q_answered, choices in questions:
            if question.kind == "text":
                continue  # free-text answers never reach a commissioner
            average = question.average_score
            shown_questions.append(
                {
                    "text": question.text,
                    "kind": question.kind,
                    "answered": _shown(q_answered, groups, threshold),
                    "average_score": (
                        _number(average)
                        if average is not None and q_answered.exact and q_answered.value > threshold
                        else NOT_SHOWN
                        if average is not None
                        else None
                    ),
                    "choices": [
                        {
                            "label": choice.label,
                            "count": _shown(cell, groups, threshold),
                            "percent": _percent(cell, q_answered, threshold),
                        }
                        for choice, cell in choices
                    ],
                }
            )
        shown.append(
            {
                "title": survey.title,
                "invited": _shown(invited, [], threshold),
                "answered": _shown(answered, [], threshold),
                "questions": shown_questions,
            }
        )
    return shown


def _quality(figures: OutcomeFigures, threshold: int) -> dict | None:
    if figures.quality is None:
        return None
    return {
        name: _shown(_cell(getattr(figures.quality, name), threshold), [], threshold)
        for name, _ in QUALITY_FIELDS
    }


def _incidents(figures: OutcomeFigures, threshold: int) -> dict | None:
    """Incidents by type and by severity, each a partition of the total:
    small counts hidden, and one more where the total would give a hidden
    one away (the same rules as every other figure)."""
    if figures.incidents is None:
        return None
    total = _cell(figures.incidents["total"], threshold)
    kinds = [
        (label, _cell(figures.incidents["by_kind"].get(value, 0), threshold))
        for value, label in Incident.Kind.choices
    ]
    severities = [
        (label, _cell(figures.incidents["by_severity"].get(value, 0), threshold))
        for value, label in Incident.Severity.choices
    ]
    groups = [
        Group(total, tuple(cell for _, cell in kinds), partition=True),
        Group(total, tuple(cell for _, cell in severities), partition=True),
    ]
    _settle(groups, threshold)
    return {
        "total": _shown(total, groups, threshold),
        "by_kind": [[str(label), _shown(cell, groups, threshold)] for label, cell in kinds],
        "by_severity": [
            [str(label), _shown(cell, groups, threshold)] for label, cell in severities
        ],
    }
