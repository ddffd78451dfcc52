"""The outcome figures for a set of networks over a period: raw counts,
before any small number is suppressed.

One function, ``outcome_figures``, serves the organisation's dashboard
(managers see raw counts, by network) and the commissioner reports (which
pass the result through ``outcomes.disclosure`` first). It runs a fixed
number of queries whatever the number of members or networks.

Counting rules (the method note in the report prints them):

* **members supported**: members whose time in one of the networks overlaps
  the period (joined on or before its end; not left, or left on or after
  its start) and whose status was active or moved on at some point;
* **tenancy sustained**: members supported with no ``tenancy_lost``
  indicator in the period; **lost**: with one;
* **admission / homelessness avoided or happened**, **work, learning,
  volunteering**, **weekly professional visits ended**: members with at
  least one such indicator dated in the period (withdrawn ones left out);
* **moved on**: members whose status changed to moved on in the period;
* **community connections**: community links and peer links active at
  any time in the period, and members with at least one;
* **support intensity**: the sum of weekly support hours at the start and
  at the end of the period, and how many members went up or down;
* **star progress**: members with at least two readings, the first and the
  latest on or before the period's end; average change per area (by area
  name), and how many moved up at least one journey stage on any area.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


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
    members_with_connections: int = 0
    community_connections: int = 0
    peer_connections: int = 0
    support_hours_start: Decimal = Decimal("0")
    support_hours_end: Decimal = Decimal("0")
    support_went_up: int = 0
    support_went_down: int = 0
    star_members: int = 0  # with at least two readings
    star_moved_up_a_stage: int = 0


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
    # Member ids counted as supported: for the cost model and for tests;
    # never printed, never passed to a commissioner.
    member_ids: frozenset[int] = field(default_factory=frozenset, repr=False)


def outcome_figures(*, organisation, networks, start: date, end: date) -> OutcomeFigures:
    """The figures for ``networks`` (a queryset or list of ``Network``, all of
    ``organisation``) from ``start`` to ``end`` inclusive. Raw counts:
    suppress them (``outcomes.disclosure``) before a commissioner sees them.
    A fixed number of queries, whatever the number of members."""
    raise NotImplementedError("outcome figures are being built (issue 8)")
