"""A member's answers to a satisfaction survey.

Answers are the member's own, in their own login (a supporter may sit with
them). An anonymous answer keeps no member and only the day it came in; the
invitation's ``answered_at`` keeps only the day for everyone, and is set
without a history row, so which member gave which answer cannot be worked
out from when they answered.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor
from keyring_net.policy import Permission
from outcomes.models import (
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)

CLOSED = "This survey has closed. Thank you."
ALREADY_ANSWERED = "You have already answered this survey. Thank you."


def _local_midnight(moment: datetime.datetime) -> datetime.datetime:
    day = timezone.localdate(moment)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def survey_is_closed(survey: Survey, today: datetime.date | None = None) -> bool:
    """Closed by hand, or past its closing day."""
    today = today or timezone.localdate()
    return survey.status == Survey.Status.CLOSED or (
        survey.closes_on is not None and survey.closes_on < today
    )


@dataclass(frozen=True)
class AnswerInput:
    question_id: int
    choice_id: int | None = None
    text: str = ""


@transaction.atomic
def response_submit(
    *,
    actor: Actor,
    survey: Survey,
    mode: str,
    answers: list[AnswerInput],
    supporter_name: str = "",
) -> SurveyResponse:
    """A member's answers to a survey they were asked, in their own login.

    Raises ``ValidationError``: the survey is closed (nothing is kept),
    they have answered already, "do not keep my name" where the survey does
    not allow it, a helper without a name, an answer that is not one of the
    question's, or a required question left empty (under ``question_<id>``,
    so the page puts it next to the question). A survey they were not asked
    is ``Http404`` from the caller's access function, never reached here.
    """
    require(actor, Permission.ANSWER_SURVEYS)
    survey = Survey.objects.select_for_update().get(organisation=actor.organisation, pk=survey.pk)
    if survey.status == Survey.Status.DRAFT or survey_is_closed(survey):
        raise ValidationError(CLOSED, code="closed")
    invitation = (
        SurveyInvitation.objects.select_for_update()
        .filter(organisation=actor.organisation, survey=survey, member__user=actor.user)
        .select_related("member")
        .first()
    )
    if invitation is None:
        raise ValidationError("This survey was not sent to you.", code="not_invited")
    if invitation.answered_at is not None:
        raise ValidationError(ALREADY_ANSWERED, code="answered")
    errors = {}
    if mode not in SurveyResponse.Mode.values:
        errors["mode"] = "Say who is answering."
    elif mode == SurveyResponse.Mode.ANONYMOUS and not survey.allow_anonymous:
        errors["mode"] = "This survey keeps your name. Choose one of the other answers."
    elif mode == SurveyResponse.Mode.WITH_SUPPORTER and not supporter_name.strip():
        errors["supporter_name"] = "Write the name of the person helping you."
    questions = {q.pk: q for q in survey.questions.prefetch_related("choices")}
    given: dict[int, AnswerInput] = {}
    for answer in answers:
        question = questions.get(answer.question_id)
        if question is None:
            errors["answers"] = "Every answer must be to a question of this survey."
            continue
        key = f"question_{question.pk}"
        if question.kind == SurveyQuestion.Kind.TEXT:
            if answer.text.strip():
                given[question.pk] = answer
        elif answer.choice_id is not None:
            if answer.choice_id not in {c.pk for c in question.choices.all()}:
                errors[key] = "Choose one of the pictures."
            else:
                given[question.pk] = answer
    for question in questions.values():
        if question.required and question.pk not in given:
            key = f"question_{question.pk}"
            errors.setdefault(
                key,
                "Write your answer here."
                if question.kind == SurveyQuestion.Kind.TEXT
                else "Choose one of the pictures.",
            )
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    anonymous = mode == SurveyResponse.Mode.ANONYMOUS
    response = SurveyResponse(
        organisation=actor.organisation,
        survey=survey,
        network_id=invitation.network_id,
        member=None if anonymous else invitation.member,
        mode=mode,
        supporter_name=supporter_name.strip() if mode == SurveyResponse.Mode.WITH_SUPPORTER else "",
        submitted_at=_local_midnight(now) if anonymous else now,
    )
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as error:  # a second answer racing the first
        raise ValidationError(ALREADY_ANSWERED, code="answered") from error
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(
            organisation=actor.organisation,
            response=response,
            question_id=answer.question_id,
            choice_id=answer.choice_id if questions[answer.question_id].kind != "text" else None,
            text=answer.text.strip() if questions[answer.question_id].kind == "text" else "",
        )
        for answer in given.values()
    )
    # Only the day, for everyone, and no history row (an update, not a
    # save): the time and order in which invitations were answered would
    # otherwise match them to the anonymous responses.
    SurveyInvitation.objects.filter(organisation=actor.organisation, pk=invitation.pk).update(
        answered_at=_local_midnight(now)
    )
    return response
