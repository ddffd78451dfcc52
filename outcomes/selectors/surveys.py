"""Reads of satisfaction surveys: the list, one survey and a member's own
surveys. Their results are read in ``outcomes.selectors.survey_results``."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from keyring_net.access import not_found, require
from keyring_net.actors import Actor
from keyring_net.policy import Permission
from members.selectors import own_member_record
from networks.selectors import networks_for_viewer
from outcomes.models import (
    Survey,
    SurveyAnswer,
    SurveyChoice,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)


def surveys_for_manager(actor: Actor) -> QuerySet[Survey]:
    """The organisation's surveys with what the list shows: how many
    questions, networks, invitations and answers. One query."""
    require(actor, Permission.MANAGE_SURVEYS)
    return (
        Survey.objects.filter(organisation=actor.organisation)
        .annotate(
            questions_count=Count("questions", distinct=True),
            networks_count=Count("networks", distinct=True),
            invited_count=Count("invitations", distinct=True),
            answered_count=Count(
                "invitations", filter=Q(invitations__answered_at__isnull=False), distinct=True
            ),
        )
        .order_by("-created_at", "-pk")
    )


def _questions_prefetch() -> Prefetch:
    return Prefetch(
        "questions",
        queryset=SurveyQuestion.objects.order_by("position", "pk").prefetch_related(
            Prefetch("choices", queryset=SurveyChoice.objects.order_by("position", "pk"))
        ),
    )


def surveys_in_full(actor: Actor) -> QuerySet[Survey]:
    """The organisation's surveys with their networks, questions and
    picture answers: the API's list."""
    return Survey.objects.filter(organisation=actor.organisation).prefetch_related(
        "networks", _questions_prefetch()
    )


def surveys_asked(actor: Actor) -> QuerySet[Survey]:
    """The surveys the signed-in person was asked: the only ones they may
    answer (anyone else's, and another organisation's, are not found)."""
    asked = SurveyInvitation.objects.filter(
        organisation=actor.organisation, member__user=actor.user
    ).values("survey_id")
    return Survey.objects.filter(organisation=actor.organisation, pk__in=asked)


def responses_for_viewer(actor: Actor) -> QuerySet[SurveyResponse]:
    """The answers given in the networks ``actor`` reaches, with their
    network and answers (newest first)."""
    return (
        SurveyResponse.objects.filter(
            organisation=actor.organisation,
            network__in=networks_for_viewer(actor).values("pk"),
        )
        .select_related("network")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=SurveyAnswer.objects.select_related("choice").order_by(
                    "question__position", "pk"
                ),
            )
        )
        .order_by("-submitted_at", "-pk")
    )


def survey_get_for_viewer(
    *, actor: Actor, survey_id: int, permission: Permission = Permission.MANAGE_SURVEYS
) -> Survey:
    """One of the organisation's surveys with its questions, picture answers
    and networks: 404 for another organisation's, then 403 for a role
    without ``permission``."""
    survey = (
        Survey.objects.filter(organisation=actor.organisation, pk=survey_id)
        .prefetch_related(_questions_prefetch(), "networks")
        .first()
    )
    if survey is None:
        raise not_found()
    require(actor, permission)
    return survey


def question_get_for_manager(*, actor: Actor, survey: Survey, question_id) -> SurveyQuestion:
    question = (
        SurveyQuestion.objects.filter(
            organisation=actor.organisation, survey=survey, pk=question_id
        )
        .select_related("survey")
        .first()
    )
    if question is None:
        raise not_found()
    return question


# --- A member's own surveys ---------------------------------------------------------------


def surveys_to_answer(actor: Actor) -> list[Survey]:
    """Open surveys the signed-in member was asked and has not answered."""
    require(actor, Permission.ANSWER_SURVEYS)
    member = own_member_record(actor)
    today = timezone.localdate()
    return list(
        Survey.objects.filter(
            organisation=actor.organisation,
            status=Survey.Status.OPEN,
            invitations__member=member,
            invitations__answered_at__isnull=True,
        )
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        .order_by("closes_on", "pk")
        .distinct()
    )


def survey_get_for_member(*, actor: Actor, survey_id: int) -> tuple[Survey, SurveyInvitation]:
    """A survey for the member to answer, with their invitation: 404 for
    another organisation's, 403 for anyone who is not a member answering,
    then 404 when it was not sent to them."""
    survey = survey_get_for_viewer(
        actor=actor, survey_id=survey_id, permission=Permission.ANSWER_SURVEYS
    )
    member = own_member_record(actor)
    invitation = SurveyInvitation.objects.filter(
        organisation=actor.organisation, survey=survey, member=member
    ).first()
    if invitation is None:
        raise not_found()
    return survey, invitation
