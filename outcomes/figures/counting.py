"""The outcome figures for a set of networks over a period: raw counts,
before any small number is suppressed.

One function, ``outcome_figures``, serves the organisation's dashboard
(managers see raw counts, by network) and the commissioner reports (which
pass the result through ``outcomes.disclosure`` first). It runs a fixed
number of queries whatever the number of members or networks (18 when
``networks`` is a list, 19 when it is a queryset).

Counting rules (the method note in the report prints them). The period runs
from its first day to its last, both included. A member belongs to the
network they are in now.

* **members supported**: members whose time in one of the networks overlaps
  the period (joined on or before its last day; not left, or left on or
  after its first day) and who were active or moved on at some point (their
  status now, or a change to it on or before the period's last day);
  **new members**: of those, members who joined in the period;
* **tenancy sustained**: members supported with no ``tenancy_lost``
  indicator in the period; **lost**: with one;
* **admission / homelessness avoided or happened**, **work, learning,
  volunteering**, **weekly professional visits ended**: members supported
  with at least one such indicator dated in the period (withdrawn ones left
  out); a member counts once for each kind, however many they have.
  **Admission or homelessness avoided** and **work, learning or
  volunteering** also count the members with at least one of those kinds
  (once each, however many kinds);
* **moved on**: members supported whose status changed to moved on in the
  period;
* **community connections**: community links and peer links (both members
  agreed) active on at least one day of the period, where the member (for a
  peer link, either member) is supported; a network counts the links of its
  own members, and all networks count each link once. **Members with
  connections**: members supported with at least one such link;
* **support intensity**: each member's weekly support hours on the first
  day of their time in the period (its first day, or the day they joined)
  and on the last (its last day, or the day they left), as in force at the
  end of that day, rebuilt from their support-level history; the sums of
  both, and how many members went up or down between them;
* **star progress**: members supported with at least two star readings on
  or before the period's last day; their first and latest readings are
  compared. Average score per area (areas matched by name across versions
  of a star, whatever the capitals, named and ordered as on the most
  recent reading; an area counts the members scored on it in both
  readings), rounded to two decimal places, half up; and how many moved up
  at least one journey stage on any area (the stage of the latest score
  later on the journey than the stage of the first);
* **surveys**: surveys open or closed (never drafts) that were open on at
  least one day of the period (opened on or before its last day; the
  earlier of its closing day and the day it was closed on or after its
  first day, or neither set) and sent to members of these networks. **Invited**: members asked
  in these networks; **answered**: answers given in them (anonymous ones
  included). Faces questions: the average score of the picture answers
  chosen. By network: the invitations, answers and faces average of those
  surveys in each network;
* **quality checks**: visits done to these networks with the visit day in
  the period; the findings of those visits by rating; their actions done on
  or before the period's last day, and still open;
* **incidents and accidents**: incidents in these networks that happened
  in the period and were recorded (drafts left out), by type and by
  severity.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from casework.selectors.incidents import incident_counts
from outcomes.figures.quality import quality_result
from outcomes.figures.results import (
    ALL_NETWORKS,
    AreaProgress,
    NetworkFigures,
    OutcomeFigures,
    QualityResult,
    SurveyResult,
    average,
)
from outcomes.figures.surveys import survey_results


def _local_day(moment) -> date | None:
    return timezone.localtime(moment).date() if moment is not None else None


def outcome_figures(*, organisation, networks, start: date, end: date) -> OutcomeFigures:
    """The figures for ``networks`` (a queryset or list of ``Network``, all of
    ``organisation``) from ``start`` to ``end`` inclusive. Raw counts:
    suppress them (``outcomes.disclosure``) before a commissioner sees them.
    A fixed number of queries, whatever the number of members.

    Raises ``ValueError`` when the period ends before it starts or a network
    belongs to another organisation. Needs the organisation in scope (a
    request, ``in_organisation`` or ``organisation_scope``)."""
    if end < start:
        raise ValueError("The period ends before it starts.")
    networks = sorted(networks, key=lambda n: (n.name.casefold(), n.pk))
    if any(n.organisation_id != organisation.pk for n in networks):
        raise ValueError("A network of another organisation was given.")
    network_ids = [n.pk for n in networks]
    folder = _Folder(organisation, network_ids, start, end)
    folder.members()
    folder.indicators()
    folder.support_hours()
    folder.connections()
    folder.stars()
    surveys = folder.surveys()
    quality = folder.quality()
    incidents = incident_counts(
        organisation=organisation, network_ids=network_ids, start=start, end=end
    )
    by_network = tuple(folder.network_figures(n.name, {n.pk}) for n in networks)
    return OutcomeFigures(
        start=start,
        end=end,
        networks=tuple(n.name for n in networks),
        total=folder.network_figures(ALL_NETWORKS, set(network_ids)),
        by_network=by_network,
        star_areas=folder.star_areas(),
        surveys=surveys,
        quality=quality,
        incidents={
            "total": incidents.total,
            "by_kind": incidents.by_kind,
            "by_severity": incidents.by_severity,
        },
        member_ids=frozenset(folder.supported),
    )


class _Folder:
    """Reads narrow rows once and folds them into per-member facts; the
    figures of any set of networks are then counted from those facts."""

    def __init__(self, organisation, network_ids: list[int], start: date, end: date):
        self.org = organisation
        self.network_ids = network_ids
        self.start = start
        self.end = end
        # member id -> network id, for members supported
        self.network_of: dict[int, int] = {}
        self.supported: set[int] = set()
        self.new: set[int] = set()
        self.moved_on: set[int] = set()
        self.kinds: dict[str, set[int]] = defaultdict(set)
        self.hours: dict[int, tuple[Decimal, Decimal]] = {}
        self.community: list[tuple[int, int]] = []  # (link id, member id)
        self.peer: list[tuple[int, int, int]] = []  # (link id, member a, member b)
        self.star_first_latest: dict[int, tuple[dict, dict]] = {}
        self.moved_up: set[int] = set()
        self.area_positions: dict[str, tuple] = {}
        self.network_surveys: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        self.network_checks: dict[int, int] = defaultdict(int)

    # -- members ----------------------------------------------------------

    def candidates(self):
        """Members whose time in the networks overlaps the period (a
        queryset, used as a subquery by every other read)."""
        from members.models import Member

        return Member.objects.filter(
            organisation=self.org,
            network_id__in=self.network_ids,
            joined_on__isnull=False,
            joined_on__lte=self.end,
        ).filter(Q(left_on__isnull=True) | Q(left_on__gte=self.start))

    def members(self) -> None:
        from members.models import Member, StatusChange

        rows = list(
            self.candidates().values_list(
                "pk", "network_id", "status", "joined_on", "left_on", "support_hours_per_week"
            )
        )
        was_supported = {Member.Status.ACTIVE, Member.Status.MOVED_ON}
        changes = list(
            StatusChange.objects.filter(
                organisation=self.org, member__in=self.candidates().values("pk"), on__lte=self.end
            ).values_list("member_id", "to_status", "on")
        )
        ever = {m for m, to, _ in changes if to in was_supported}
        self.moved_on_days = {
            m for m, to, on in changes if to == Member.Status.MOVED_ON and on >= self.start
        }
        self.member_rows = {}
        for pk, network_id, status, joined_on, left_on, hours in rows:
            if status not in was_supported and pk not in ever:
                continue
            self.supported.add(pk)
            self.network_of[pk] = network_id
            self.member_rows[pk] = (joined_on, left_on, hours)
            if joined_on >= self.start:
                self.new.add(pk)
        self.moved_on = self.moved_on_days & self.supported

    # -- indicators -------------------------------------------------------

    def indicators(self) -> None:
        from outcomes.models import OutcomeIndicator

        rows = OutcomeIndicator.objects.filter(
            organisation=self.org,
            member__in=self.candidates().values("pk"),
            withdrawn_at__isnull=True,
            happened_on__gte=self.start,
            happened_on__lte=self.end,
        ).values_list("member_id", "kind")
        for member_id, kind in rows:
            if member_id in self.supported:
                self.kinds[kind].add(member_id)

    # -- support hours ----------------------------------------------------

    def support_hours(self) -> None:
        from members.models import SupportLevelChange

        changes = defaultdict(list)
        rows = SupportLevelChange.objects.filter(
            organisation=self.org, member__in=self.candidates().values("pk")
        ).values_list("member_id", "changed_at", "pk", "from_hours")
        for member_id, changed_at, pk, from_hours in rows:
            changes[member_id].append((_local_day(changed_at), changed_at, pk, from_hours))
        for member_id in self.supported:
            joined_on, left_on, now = self.member_rows[member_id]
            history = sorted(changes.get(member_id, []), key=lambda c: (c[1], c[2]))

            def on_day(day, history=history, now=now):
                # In force at the end of ``day``: what the first later change
                # changed from, or the hours now when nothing changed since.
                later = [c for c in history if c[0] > day]
                return later[0][3] if later else now

            first_day = max(self.start, joined_on)
            last_day = min(self.end, left_on) if left_on else self.end
            self.hours[member_id] = (on_day(first_day), on_day(last_day))

    # -- connections ------------------------------------------------------

    def connections(self) -> None:
        from members.models import CommunityConnection, PeerConnection

        active = Q(started_on__lte=self.end) & (
            Q(ended_on__isnull=True) | Q(ended_on__gte=self.start)
        )
        candidates = self.candidates().values("pk")
        self.community = [
            (pk, m)
            for pk, m in CommunityConnection.objects.filter(
                active, organisation=self.org, member__in=candidates
            ).values_list("pk", "member_id")
            if m in self.supported
        ]
        self.peer = [
            (pk, a, b)
            for pk, a, b in PeerConnection.objects.filter(
                active,
                Q(member_a__in=candidates) | Q(member_b__in=candidates),
                organisation=self.org,
            ).values_list("pk", "member_a_id", "member_b_id")
            if a in self.supported or b in self.supported
        ]

    # -- stars ------------------------------------------------------------

    def stars(self) -> None:
        from support_plans.models import AreaScore, StarStage

        stages = defaultdict(list)
        for template_id, low, high in StarStage.objects.filter(organisation=self.org).values_list(
            "template_id", "low", "high"
        ):
            stages[template_id].append((low, high))
        for bands in stages.values():
            bands.sort()

        def stage(template_id, score):
            for index, (low, high) in enumerate(stages.get(template_id, ())):
                if low <= score <= high:
                    return index
            return None

        readings = defaultdict(dict)  # member -> reading key -> {area name: (score, stage)}
        rows = AreaScore.objects.filter(
            organisation=self.org,
            reading__member__in=self.candidates().values("pk"),
            reading__taken_on__lte=self.end,
        ).values_list(
            "reading__member_id",
            "reading__taken_on",
            "reading_id",
            "reading__template_id",
            "area__name",
            "area__position",
            "score",
        )
        for member_id, taken_on, reading_id, template_id, name, position, score in rows:
            if member_id not in self.supported:
                continue
            readings[member_id].setdefault((taken_on, reading_id), {})[name.casefold()] = (
                score,
                stage(template_id, score),
                position,
                name,
            )
        for member_id, by_reading in readings.items():
            if len(by_reading) < 2:
                continue
            for when, scores in by_reading.items():
                for key, (_, _, position, name) in scores.items():
                    # Named and placed as on the most recent reading scoring it.
                    seen = (*when, position, name)
                    if key not in self.area_positions or seen > self.area_positions[key]:
                        self.area_positions[key] = seen
            ordered = sorted(by_reading)
            first, latest = by_reading[ordered[0]], by_reading[ordered[-1]]
            self.star_first_latest[member_id] = (first, latest)
            for key, (_, first_stage, _, _) in first.items():
                if key not in latest:
                    continue
                latest_stage = latest[key][1]
                if None not in (first_stage, latest_stage) and latest_stage > first_stage:
                    self.moved_up.add(member_id)

    def star_areas(self) -> tuple[AreaProgress, ...]:
        sums = defaultdict(lambda: [0, 0, 0])  # area key -> members, first sum, latest sum
        for first, latest in self.star_first_latest.values():
            for key, (score, *_) in first.items():
                if key in latest:
                    totals = sums[key]
                    totals[0] += 1
                    totals[1] += score
                    totals[2] += latest[key][0]
        order = sorted(sums, key=lambda k: (self.area_positions[k][2], k))
        return tuple(
            AreaProgress(
                name=self.area_positions[key][3],
                members=sums[key][0],
                first_average=average(sums[key][1], sums[key][0]),
                latest_average=average(sums[key][2], sums[key][0]),
            )
            for key in order
        )

    def surveys(self) -> tuple[SurveyResult, ...]:
        return survey_results(self)

    def quality(self) -> QualityResult:
        return quality_result(self)

    # -- counting ---------------------------------------------------------

    def network_figures(self, name: str, network_ids: set[int]) -> NetworkFigures:
        members = {m for m in self.supported if self.network_of[m] in network_ids}
        kinds = {kind: len(ids & members) for kind, ids in self.kinds.items()}
        community = [(pk, m) for pk, m in self.community if m in members]
        peer = [(pk, a, b) for pk, a, b in self.peer if a in members or b in members]
        connected = {m for _, m in community} | {
            m for _, a, b in peer for m in (a, b) if m in members
        }
        hours = [self.hours[m] for m in members]
        surveys = [self.network_surveys[n] for n in network_ids if n in self.network_surveys]
        faces_answers = sum(s[2] for s in surveys)
        lost = kinds.get("tenancy_lost", 0)
        avoided = (self.kinds["admission_avoided"] | self.kinds["homelessness_avoided"]) & members
        occupied = (
            self.kinds["work"] | self.kinds["learning"] | self.kinds["volunteering"]
        ) & members
        return NetworkFigures(
            name=name,
            members_supported=len(members),
            new_members=len(self.new & members),
            moved_on=len(self.moved_on & members),
            tenancy_sustained=len(members) - lost,
            tenancy_lost=lost,
            admission_avoided=kinds.get("admission_avoided", 0),
            admission=kinds.get("admission", 0),
            homelessness_avoided=kinds.get("homelessness_avoided", 0),
            homelessness=kinds.get("homelessness", 0),
            work=kinds.get("work", 0),
            learning=kinds.get("learning", 0),
            volunteering=kinds.get("volunteering", 0),
            visits_ended=kinds.get("visits_ended", 0),
            admission_or_homelessness_avoided=len(avoided),
            work_learning_or_volunteering=len(occupied),
            members_with_connections=len(connected),
            community_connections=len(community),
            peer_connections=len(peer),
            support_hours_start=sum((h[0] for h in hours), Decimal("0")),
            support_hours_end=sum((h[1] for h in hours), Decimal("0")),
            support_went_up=sum(1 for a, b in hours if b > a),
            support_went_down=sum(1 for a, b in hours if b < a),
            star_members=len(self.star_first_latest.keys() & members),
            star_moved_up_a_stage=len(self.moved_up & members),
            survey_invited=sum(s[0] for s in surveys),
            survey_answered=sum(s[1] for s in surveys),
            faces_answers=faces_answers,
            faces_average=average(sum(s[3] for s in surveys), faces_answers),
            quality_checks=sum(self.network_checks[n] for n in network_ids),
        )
