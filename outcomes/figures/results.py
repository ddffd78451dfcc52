"""What the outcome figures are made of: the counts of a network (or of all
of them), star areas, survey results and quality checks, and the rounding
every figure uses. Raw counts: ``outcomes.disclosure`` suppresses small
ones before a commissioner sees them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class AreaProgress:
    name: str
    members: int  # members with a first and a latest score on this area
    first_average: Decimal
    latest_average: Decimal

    @property
    def change(self) -> Decimal:
        return self.latest_average - self.first_average


@dataclass(frozen=True)
class ChoiceCount:
    label: str
    pictogram: str
    count: int


@dataclass(frozen=True)
class QuestionResult:
    text: str
    kind: str
    choices: tuple[ChoiceCount, ...]
    answered: int
    average_score: Decimal | None  # faces questions only


@dataclass(frozen=True)
class SurveyResult:
    title: str
    invited: int
    answered: int
    questions: tuple[QuestionResult, ...]


@dataclass(frozen=True)
class QualityResult:
    checks: int
    good: int
    okay: int
    needs_work: int
    actions_open: int
    actions_done: int


@dataclass(frozen=True)
class NetworkFigures:
    """The counts for one network, or for all of them together."""

    name: str
    members_supported: int = 0
    new_members: int = 0
    moved_on: int = 0
    tenancy_sustained: int = 0
    tenancy_lost: int = 0
    admission_avoided: int = 0
    admission: int = 0
    homelessness_avoided: int = 0
    homelessness: int = 0
    work: int = 0
    learning: int = 0
    volunteering: int = 0
    visits_ended: int = 0
    # Members with either or both: the published "about 30% a year" figure.
    admission_or_homelessness_avoided: int = 0
    work_learning_or_volunteering: int = 0  # members with at least one of the three
    members_with_connections: int = 0
    community_connections: int = 0
    peer_connections: int = 0
    support_hours_start: Decimal = Decimal("0")
    support_hours_end: Decimal = Decimal("0")
    support_went_up: int = 0
    support_went_down: int = 0
    star_members: int = 0  # with at least two readings
    star_moved_up_a_stage: int = 0
    survey_invited: int = 0
    survey_answered: int = 0
    faces_answers: int = 0
    faces_average: Decimal | None = None  # None when no faces answer
    quality_checks: int = 0


@dataclass(frozen=True)
class OutcomeFigures:
    start: date
    end: date
    networks: tuple[str, ...]
    total: NetworkFigures
    by_network: tuple[NetworkFigures, ...]
    star_areas: tuple[AreaProgress, ...] = ()
    surveys: tuple[SurveyResult, ...] = ()
    quality: QualityResult | None = None
    # Incidents recorded in the period: {"total": n, "by_kind": {kind: n},
    # "by_severity": {severity: n}} (casework's counts, never a person).
    incidents: dict | None = None
    # Member ids counted as supported: for the cost model and for tests;
    # never printed, never passed to a commissioner.
    member_ids: frozenset[int] = field(default_factory=frozenset, repr=False)


TWO_PLACES = Decimal("0.01")
ALL_NETWORKS = "All networks"


def average(total, count: int) -> Decimal | None:
    """``total / count`` to two decimal places (half up), None for no count."""
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def share(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole``, to one decimal place (half
    up); None when ``whole`` is 0."""
    if not whole:
        return None
    return (Decimal(100) * part / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
