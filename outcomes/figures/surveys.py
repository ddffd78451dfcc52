"""The survey figures of a period (see ``outcomes.figures.counting`` for
the counting rules)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from outcomes.figures.results import ChoiceCount, QuestionResult, SurveyResult, average


def _midnight(day: date) -> datetime:
    """The first moment of ``day`` in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _by_survey(folder, model, ids, *, column: int) -> dict[int, int]:
    """How many rows of ``model`` (invitations or answers) each survey has in
    the folder's networks; each network's count is added to its
    ``column`` of the folder's survey figures as well."""
    by_survey = defaultdict(int)
    for survey_id, network_id, count in (
        model.objects.filter(
            organisation=folder.org, survey_id__in=ids, network_id__in=folder.network_ids
        )
        .values_list("survey_id", "network_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        by_survey[survey_id] += count
        folder.network_surveys[network_id][column] += count
    return by_survey


def survey_results(folder) -> tuple[SurveyResult, ...]:
    """The surveys open on at least one day of the period and sent to
    members of the folder's networks, with their answers counted; the
    invitations, answers and faces scores are added to the folder's
    networks as well."""
    from outcomes.models import (
        Survey,
        SurveyAnswer,
        SurveyChoice,
        SurveyInvitation,
        SurveyQuestion,
        SurveyResponse,
    )

    # Open on at least one day of the period, in the database (a list
    # of ids would skip the later queries when empty: fewer queries).
    chosen = Survey.objects.filter(
        Q(closes_on__isnull=True) | Q(closes_on__gte=folder.start),
        Q(closed_at__isnull=True) | Q(closed_at__gte=_midnight(folder.start)),
        organisation=folder.org,
        status__in=[Survey.Status.OPEN, Survey.Status.CLOSED],
        opened_at__lt=_midnight(folder.end + timedelta(days=1)),
        invitations__network_id__in=folder.network_ids,
    ).distinct()
    surveys = list(
        Survey.objects.filter(pk__in=chosen.values("pk"))
        .order_by("opened_at", "pk")
        .only("pk", "title")
    )
    ids = chosen.values("pk")
    invited = _by_survey(folder, SurveyInvitation, ids, column=0)
    answered = _by_survey(folder, SurveyResponse, ids, column=1)
    questions = defaultdict(list)
    for q in SurveyQuestion.objects.filter(organisation=folder.org, survey_id__in=ids).order_by(
        "position", "pk"
    ):
        questions[q.survey_id].append(q)
    choices = defaultdict(list)
    for c in SurveyChoice.objects.filter(
        organisation=folder.org, question__survey_id__in=ids
    ).order_by("position", "pk"):
        choices[c.question_id].append(c)
    kinds_of = {q.pk: q.kind for qs in questions.values() for q in qs}
    faces_score = {
        c.pk: c.score
        for q_id, cs in choices.items()
        for c in cs
        if c.score is not None and kinds_of.get(q_id) == SurveyQuestion.Kind.FACES
    }
    picked = defaultdict(int)  # choice id -> answers
    texts = defaultdict(int)  # question id -> answers in own words
    for question_id, choice_id, network_id, text in SurveyAnswer.objects.filter(
        organisation=folder.org,
        response__survey_id__in=ids,
        response__network_id__in=folder.network_ids,
    ).values_list("question_id", "choice_id", "response__network_id", "text"):
        if choice_id is not None:
            picked[choice_id] += 1
            score = faces_score.get(choice_id)
            if score is not None:
                folder.network_surveys[network_id][2] += 1
                folder.network_surveys[network_id][3] += score
        elif text.strip():
            texts[question_id] += 1
    results = []
    for survey in surveys:
        question_results = []
        for q in questions[survey.pk]:
            counts = tuple(ChoiceCount(c.label, c.pictogram, picked[c.pk]) for c in choices[q.pk])
            scored = [(c.score, picked[c.pk]) for c in choices[q.pk] if c.score is not None]
            faces = q.kind == SurveyQuestion.Kind.FACES
            question_results.append(
                QuestionResult(
                    text=q.text,
                    kind=q.kind,
                    choices=counts,
                    answered=sum(c.count for c in counts) + texts[q.pk],
                    average_score=average(sum(s * n for s, n in scored), sum(n for _, n in scored))
                    if faces
                    else None,
                )
            )
        results.append(
            SurveyResult(
                title=survey.title,
                invited=invited[survey.pk],
                answered=answered[survey.pk],
                questions=tuple(question_results),
            )
        )
    return tuple(results)
