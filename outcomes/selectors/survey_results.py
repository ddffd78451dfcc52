"""The results of satisfaction surveys: ``survey_results`` is the reusable,
constant-query count of answers by survey and network; the results page and
the commissioner reports use it."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor
from keyring_net.policy import Permission
from networks.selectors import networks_for_viewer
from outcomes.figures.results import ChoiceCount, QuestionResult, SurveyResult
from outcomes.models import (
    Survey,
    SurveyAnswer,
    SurveyChoice,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)


def _average(total: int, count: int) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class FreeText:
    question: str
    network: str
    text: str
    day: datetime.date


@dataclass(frozen=True)
class SurveyRun:
    """One survey's results: ``total`` over the networks asked for, and one
    ``SurveyResult`` per network (named by the network's name)."""

    survey: Survey
    total: SurveyResult
    by_network: tuple[SurveyResult, ...]
    free_text: tuple[FreeText, ...] = ()
    # The average of every faces answer (1 very sad to 5 very happy).
    faces_average: Decimal | None = None

    @property
    def rate(self) -> int | None:
        """Answered out of invited, as a whole percentage."""
        return _percent(self.total.answered, self.total.invited)


def _percent(part: int, whole: int) -> int | None:
    if not whole:
        return None
    return int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_UP))


def survey_results(
    *, organisation, surveys, networks, with_free_text: bool = False
) -> list[SurveyRun]:
    """Counts of answers to ``surveys`` from members of ``networks`` (both
    lists or querysets of the organisation's rows), per survey, overall and
    per network. Raw counts: suppress small ones before a commissioner sees
    them. Free text only when ``with_free_text`` (managers; never
    commissioners). Five queries (six with free text), whatever the number
    of surveys, networks, members or answers; never names who answered.

    Each ``SurveyRun`` has ``total`` and ``by_network`` as
    ``outcomes.figures.SurveyResult``: ``invited`` and ``answered`` from the
    invitations (answered = invitations answered, however they answered),
    and per question a ``QuestionResult`` with the count for each picture
    answer (in order), ``answered`` (how many answered it) and, for faces,
    ``average_score`` (1 to 5, one decimal place).
    """
    surveys = list(surveys)
    networks = list(networks)
    survey_ids = [s.pk for s in surveys]
    network_ids = [n.pk for n in networks]
    questions = list(
        SurveyQuestion.objects.filter(organisation=organisation, survey_id__in=survey_ids)
        .order_by("survey_id", "position", "pk")
        .prefetch_related(
            Prefetch("choices", queryset=SurveyChoice.objects.order_by("position", "pk"))
        )
    )
    invited: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for row in (
        SurveyInvitation.objects.filter(
            organisation=organisation, survey_id__in=survey_ids, network_id__in=network_ids
        )
        .values("survey_id", "network_id")
        .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
        .order_by()
    ):
        invited[row["survey_id"], row["network_id"]] = [row["invited"], row["answered"]]
    # (question, network) -> choice id (None for own words) -> count
    counts: dict[tuple[int, int], dict[int | None, int]] = defaultdict(dict)
    for row in (
        SurveyAnswer.objects.filter(
            organisation=organisation,
            response__survey_id__in=survey_ids,
            response__network_id__in=network_ids,
        )
        .values("question_id", "choice_id", "response__network_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[row["question_id"], row["response__network_id"]][row["choice_id"]] = row["n"]
    free: dict[int, list[FreeText]] = defaultdict(list)
    if with_free_text:
        names = {n.pk: n.name for n in networks}
        for row in (
            SurveyAnswer.objects.filter(
                organisation=organisation,
                response__survey_id__in=survey_ids,
                response__network_id__in=network_ids,
                question__kind=SurveyQuestion.Kind.TEXT,
            )
            .exclude(text="")
            .values(
                "response__survey_id",
                "question__text",
                "response__network_id",
                "text",
                "response__submitted_at",
            )
            .order_by("question__position", "response__network__name", "pk")
        ):
            free[row["response__survey_id"]].append(
                FreeText(
                    question=row["question__text"],
                    network=names[row["response__network_id"]],
                    text=row["text"],
                    day=timezone.localdate(row["response__submitted_at"]),
                )
            )
    by_survey: dict[int, list[SurveyQuestion]] = defaultdict(list)
    for question in questions:
        by_survey[question.survey_id].append(question)

    def result(survey: Survey, name: str, ids: list[int]) -> SurveyResult:
        question_results = []
        for question in by_survey[survey.pk]:
            merged: dict[int | None, int] = defaultdict(int)
            for network_id in ids:
                for choice_id, n in counts.get((question.pk, network_id), {}).items():
                    merged[choice_id] += n
            choices = tuple(
                ChoiceCount(c.label, c.pictogram, merged.get(c.pk, 0))
                for c in question.choices.all()
            )
            scored = [(c.score, merged.get(c.pk, 0)) for c in question.choices.all()]
            average = None
            if question.kind == SurveyQuestion.Kind.FACES:
                average = _average(
                    sum(s * n for s, n in scored if s is not None),
                    sum(n for s, n in scored if s is not None),
                )
            question_results.append(
                QuestionResult(
                    text=question.text,
                    kind=question.kind,
                    choices=choices,
                    answered=sum(merged.values()),
                    average_score=average,
                )
            )
        return SurveyResult(
            title=name,
            invited=sum(invited[survey.pk, i][0] for i in ids if (survey.pk, i) in invited),
            answered=sum(invited[survey.pk, i][1] for i in ids if (survey.pk, i) in invited),
            questions=tuple(question_results),
        )

    scores = {c.pk: c.score for q in questions for c in q.choices.all()}
    runs = []
    for survey in surveys:
        faces_total = faces_count = 0
        for question in by_survey[survey.pk]:
            if question.kind != SurveyQuestion.Kind.FACES:
                continue
            for network_id in network_ids:
                for choice_id, n in counts.get((question.pk, network_id), {}).items():
                    if scores.get(choice_id) is not None:
                        faces_total += scores[choice_id] * n
                        faces_count += n
        runs.append(
            SurveyRun(
                survey=survey,
                total=result(survey, survey.title, network_ids),
                by_network=tuple(result(survey, n.name, [n.pk]) for n in networks),
                free_text=tuple(free[survey.pk]),
                faces_average=_average(faces_total, faces_count),
            )
        )
    return runs


@dataclass(frozen=True)
class ResultsPage:
    run: SurveyRun
    by_network: tuple[tuple[SurveyResult, int | None], ...]  # with response rate
    history: tuple[SurveyRun, ...]  # runs of the same survey, oldest first
    modes: dict[str, int]

    @property
    def networks(self) -> list[str]:
        return [r.title for r in self.run.by_network]

    @property
    def tables(self) -> list[dict]:
        """Per question: each picture answer's count overall and in each
        network, then how many answered and (faces) the average."""
        tables = []
        for index, question in enumerate(self.run.total.questions):
            per_network = [r.questions[index] for r in self.run.by_network]
            tables.append(
                {
                    "question": question,
                    "rows": [
                        {
                            "choice": choice,
                            "counts": [q.choices[c].count for q in per_network],
                        }
                        for c, choice in enumerate(question.choices)
                    ],
                    "answered": [q.answered for q in per_network],
                    "averages": [q.average_score for q in per_network],
                }
            )
        return tables


def results_page(*, actor: Actor, survey: Survey) -> ResultsPage:
    """What the results page shows, for the networks the viewer reaches.
    A fixed number of queries."""
    require(actor, Permission.VIEW_SURVEY_RESULTS)
    networks = list(networks_for_viewer(actor).filter(surveys=survey))
    # The same survey sent at other times: the same title, sent.
    runs_of = list(
        Survey.objects.filter(organisation=actor.organisation, title=survey.title)
        .exclude(status=Survey.Status.DRAFT)
        .exclude(pk=survey.pk)
        .order_by("closed_at", "opened_at", "pk")
    )
    every = survey_results(
        organisation=actor.organisation,
        surveys=[survey, *runs_of],
        networks=networks_for_viewer(actor),
        with_free_text=False,
    )
    run = survey_results(
        organisation=actor.organisation, surveys=[survey], networks=networks, with_free_text=True
    )[0]
    history = sorted(
        every,
        key=lambda r: (
            r.survey.closed_at is None,
            r.survey.closed_at or r.survey.opened_at,
            r.survey.pk,
        ),
    )
    modes = dict.fromkeys(SurveyResponse.Mode.values, 0)
    for row in (
        SurveyResponse.objects.filter(
            organisation=actor.organisation, survey=survey, network__in=[n.pk for n in networks]
        )
        .values("mode")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        modes[row["mode"]] = row["n"]
    return ResultsPage(
        run=run,
        by_network=tuple((r, _percent(r.answered, r.invited)) for r in run.by_network),
        history=tuple(history),
        modes=modes,
    )
