"""A member's own surveys, in easy read: the ones they were asked, and
answering one. Always in the member's own login; a supporter may sit with
them and say so."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from keyring_net.access import requires
from keyring_net.policy import Permission
from members.selectors import own_member_record
from outcomes.models import Survey, SurveyQuestion
from outcomes.selectors import surveys as selectors
from outcomes.services import survey_answers as answering


@requires(Permission.ANSWER_SURVEYS)
def my_surveys(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "outcomes/surveys/my_list.html",
        {
            "member": own_member_record(request.actor),
            "surveys": selectors.surveys_to_answer(request.actor),
        },
    )


def _answers(post, questions) -> list[answering.AnswerInput]:
    answers = []
    for question in questions:
        value = post.get(f"question_{question.pk}", "")
        if question.kind == SurveyQuestion.Kind.TEXT:
            answers.append(answering.AnswerInput(question.pk, text=value))
        elif value.isdigit():
            answers.append(answering.AnswerInput(question.pk, choice_id=int(value)))
    return answers


# Pictures beside the sentences of a survey's introduction, in turn.
INTRO_PICTURES = ("listen", "happy", "people", "question")


def _sentences(text: str) -> list[tuple[str, str]]:
    """One row per sentence, each with its picture."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]
    return [(INTRO_PICTURES[i % len(INTRO_PICTURES)], s) for i, s in enumerate(sentences)]


@login_required
def my_survey(request: HttpRequest, survey_id: int) -> HttpResponse:
    actor = request.actor
    survey, invitation = selectors.survey_get_for_member(actor=actor, survey_id=survey_id)
    member = invitation.member
    questions = list(survey.questions.all())
    closed = survey.status != Survey.Status.OPEN or answering.survey_is_closed(survey)
    errors: dict[str, str] = {}
    if request.method == "POST" and not closed and invitation.answered_at is None:
        try:
            answering.response_submit(
                actor=actor,
                survey=survey,
                mode=request.POST.get("mode", ""),
                supporter_name=request.POST.get("supporter_name", ""),
                answers=_answers(request.POST, questions),
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, error.messages[0])
                return redirect("surveys:my-list")
            errors = {key: texts[0] for key, texts in error.message_dict.items()}
        else:
            messages.success(request, "Thank you. We have kept your answers.")
            return redirect("surveys:my-list")
    elif request.method == "POST":
        messages.error(request, answering.CLOSED if closed else answering.ALREADY_ANSWERED)
        return redirect("surveys:my-list")
    given = request.POST if request.method == "POST" else {}
    rows = [
        {
            "question": question,
            "error": errors.get(f"question_{question.pk}", ""),
            "value": given.get(f"question_{question.pk}", ""),
        }
        for question in questions
    ]
    return render(
        request,
        "outcomes/surveys/my_answer.html",
        {
            "member": member,
            "survey": survey,
            "intro": _sentences(survey.easy_read_intro),
            "rows": rows,
            "closed": closed,
            "answered": invitation.answered_at is not None,
            "errors": errors,
            "mode": given.get("mode", ""),
            "supporter_name": given.get("supporter_name", ""),
        },
    )
