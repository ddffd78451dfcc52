"""State changes for satisfaction surveys. Each takes the acting person.

A survey is written as a draft, opened (one invitation for each active
member of its networks) and closed. Its questions change only while it is a
draft, so every answer means what it meant when it was given.

Members' answers are kept by ``outcomes.services.survey_answers``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor, audited, save_changes, save_new
from keyring_net.pictograms import PICTOGRAMS
from keyring_net.policy import Permission, network_reach
from members.models import Member
from networks.models import Network
from outcomes import reminders
from outcomes.models import (
    Survey,
    SurveyChoice,
    SurveyInvitation,
    SurveyQuestion,
)

# The five standard faces, happiest first. The vendored pictures have three
# faces, so the strongest answers share a picture with their neighbour; the
# words under each picture tell them apart.
FACES: tuple[tuple[str, str, int], ...] = (
    ("Very happy", "happy", 5),
    ("Happy", "happy", 4),
    ("Okay", "okay", 3),
    ("Sad", "sad", 2),
    ("Very sad", "sad", 1),
)

NO_QUESTIONS = "Add at least one question before you send this survey."
NO_NETWORKS = "Choose at least one network before you send this survey."
NOT_A_DRAFT = "This survey has been sent, so its questions cannot change."


@dataclass(frozen=True)
class ChoiceInput:
    label: str
    pictogram: str = "okay"
    score: int | None = None


@dataclass(frozen=True)
class QuestionInput:
    text: str
    easy_read_text: str
    kind: str = SurveyQuestion.Kind.FACES
    pictogram: str = "question"
    required: bool = False
    choices: tuple[ChoiceInput, ...] = field(default_factory=tuple)


def _long_sentences(text: str) -> bool:
    """True when a sentence is over the easy-read limit of 15 words."""
    return any(len(s.split()) > 15 for s in re.split(r"(?<=[.!?])\s+", text.strip()))


def _out_of_reach(actor: Actor, network_ids: list[int]) -> bool:
    """True when any of the networks is not one the actor works with."""
    reached = Network.objects.filter(organisation=actor.organisation, pk__in=network_ids).filter(
        network_reach(actor)
    )
    return reached.count() != len(set(network_ids))


def _require_draft(survey: Survey) -> None:
    if survey.status != Survey.Status.DRAFT:
        raise ValidationError(NOT_A_DRAFT)


def _details(
    *,
    title: str,
    easy_read_title: str,
    easy_read_intro: str = "",
    allow_anonymous: bool = True,
    closes_on: datetime.date | None = None,
) -> dict:
    """A survey's own details, trimmed, by field. Raises ``ValidationError``
    (by field) when one is missing, too wordy or in the past."""
    errors = {}
    if not title.strip():
        errors["title"] = "Enter a title for the survey."
    if not easy_read_title.strip():
        errors["easy_read_title"] = "Enter the title members see, in easy read."
    if _long_sentences(easy_read_intro):
        errors["easy_read_intro"] = "Keep each sentence to 15 words or fewer."
    if closes_on is not None and closes_on < timezone.localdate():
        errors["closes_on"] = "The closing day cannot be in the past."
    if errors:
        raise ValidationError(errors)
    return {
        "title": title.strip(),
        "easy_read_title": easy_read_title.strip(),
        "easy_read_intro": easy_read_intro.strip(),
        "allow_anonymous": allow_anonymous,
        "closes_on": closes_on,
    }


@transaction.atomic
def survey_create(
    *,
    actor: Actor,
    networks=(),
    questions: list[QuestionInput] | tuple = (),
    **details,
) -> Survey:
    """A new draft survey (``details``: its title, easy-read title and
    introduction, whether answers may be anonymous, the day it closes), with
    its questions if given. ``networks`` must be in the actor's reach (the
    caller's form or serializer chooses from ``network_reach``)."""
    require(actor, Permission.MANAGE_SURVEYS)
    details = _details(**details)
    survey = Survey(organisation=actor.organisation, created_by=actor.user, **details)
    networks = list(networks)
    if networks and _out_of_reach(actor, [n.pk for n in networks]):
        raise ValidationError({"networks": "Choose networks you work with."})
    audited(survey, actor).save()
    if networks:
        survey.networks.set(networks)
    for question in questions:
        question_add(actor=actor, survey=survey, question=question)
    return survey


@transaction.atomic
def survey_change(*, actor: Actor, survey: Survey, **details) -> Survey:
    require(actor, Permission.MANAGE_SURVEYS)
    _require_draft(survey)
    details = _details(**details)
    for name, value in details.items():
        setattr(survey, name, value)
    save_changes(survey, actor, *details)
    return survey


@transaction.atomic
def survey_set_networks(*, actor: Actor, survey: Survey, networks) -> Survey:
    """Choose who is asked. Networks must be in the actor's reach (the
    caller chooses them from ``network_reach``)."""
    require(actor, Permission.MANAGE_SURVEYS)
    _require_draft(survey)
    networks = list(networks)
    if _out_of_reach(actor, [n.pk for n in networks]):
        raise ValidationError({"networks": "Choose networks you work with."})
    survey.networks.set(networks)
    return survey


@transaction.atomic
def question_add(*, actor: Actor, survey: Survey, question: QuestionInput) -> SurveyQuestion:
    """Add a question at the end. A faces question gets the five standard
    faces (scores 1 to 5); a picture-answer question needs two answers or
    more; an own-words question has none."""
    require(actor, Permission.MANAGE_SURVEYS)
    _require_draft(survey)
    errors = {}
    if not question.text.strip():
        errors["text"] = "Enter the question."
    if not question.easy_read_text.strip():
        errors["easy_read_text"] = "Enter the question in easy read: one short sentence."
    elif len(question.easy_read_text.split()) > 15:
        errors["easy_read_text"] = "Keep the easy-read question to 15 words or fewer."
    if question.kind not in SurveyQuestion.Kind.values:
        errors["kind"] = "Choose how members answer."
    if question.pictogram not in PICTOGRAMS or any(
        c.pictogram not in PICTOGRAMS for c in question.choices
    ):
        errors["pictogram"] = "Choose one of our pictures."
    choices = [c for c in question.choices if c.label.strip()]
    if question.kind == SurveyQuestion.Kind.CHOICE and len(choices) < 2:
        errors["choices"] = "Give at least two picture answers to choose from."
    if errors:
        raise ValidationError(errors)
    last = survey.questions.order_by("-position").values_list("position", flat=True).first()
    row = save_new(
        actor,
        SurveyQuestion,
        survey=survey,
        position=(last or 0) + 1,
        text=question.text.strip(),
        easy_read_text=question.easy_read_text.strip(),
        kind=question.kind,
        pictogram=question.pictogram,
        required=question.required,
    )
    if question.kind == SurveyQuestion.Kind.FACES:
        choices = [ChoiceInput(label, picture, score) for label, picture, score in FACES]
    elif question.kind == SurveyQuestion.Kind.TEXT:
        choices = []
    SurveyChoice.objects.bulk_create(
        SurveyChoice(
            organisation=actor.organisation,
            question=row,
            position=position,
            label=choice.label.strip(),
            pictogram=choice.pictogram or "okay",
            score=choice.score,
        )
        for position, choice in enumerate(choices, start=1)
    )
    return row


@transaction.atomic
def question_remove(*, actor: Actor, question: SurveyQuestion) -> None:
    """Take a question out of a draft (nobody has answered a draft)."""
    require(actor, Permission.MANAGE_SURVEYS)
    _require_draft(question.survey)
    question.choices.all().delete()
    audited(question, actor).delete()


# The usual survey: what the organisation asks every year, in easy read.
USUAL_SURVEY = {
    "title": "Members' satisfaction survey",
    "easy_read_title": "Tell us what you think",
    "easy_read_intro": (
        "We want to know how your support is going. "
        "There are no right or wrong answers. "
        "You can ask someone to help you."
    ),
}
USUAL_QUESTIONS: tuple[QuestionInput, ...] = (
    QuestionInput(
        "How happy are you with the support you get?",
        "Are you happy with your support?",
        pictogram="heart",
        required=True,
    ),
    QuestionInput(
        "How happy are you with your Community Living Volunteer?",
        "Are you happy with your volunteer who lives nearby?",
        pictogram="handshake",
        required=True,
    ),
    QuestionInput(
        "Do you feel part of your community?",
        "Do you feel part of your community?",
        pictogram="people",
    ),
    QuestionInput(
        "Do you feel safe at home?", "Do you feel safe at home?", pictogram="safe", required=True
    ),
    QuestionInput(
        "Do you know who to call when you need help?",
        "Do you know who to call for help?",
        pictogram="phone",
    ),
    QuestionInput(
        "Is there anything else you want to tell us?",
        "Is there anything else you want to tell us?",
        kind=SurveyQuestion.Kind.TEXT,
        pictogram="question",
    ),
)


def usual_survey_create(*, actor: Actor, networks=()) -> Survey:
    """A draft of the standard easy-read satisfaction survey, to change or
    send as it is."""
    return survey_create(actor=actor, networks=networks, questions=USUAL_QUESTIONS, **USUAL_SURVEY)


@transaction.atomic
def survey_open(*, actor: Actor, survey: Survey) -> Survey:
    """Send the survey: one invitation for each active member of its
    networks (a fixed number of queries, however many members). Refused
    without questions or networks."""
    require(actor, Permission.MANAGE_SURVEYS)
    survey = Survey.objects.select_for_update().get(organisation=actor.organisation, pk=survey.pk)
    if survey.status != Survey.Status.DRAFT:
        raise ValidationError("This survey has already been sent.")
    if not survey.questions.exists():
        raise ValidationError(NO_QUESTIONS)
    network_ids = list(survey.networks.values_list("pk", flat=True))
    if not network_ids:
        raise ValidationError(NO_NETWORKS)
    if _out_of_reach(actor, network_ids):
        raise ValidationError(
            "This survey goes to networks you do not work with. "
            "Ask an organisation admin to send it."
        )
    if survey.closes_on is not None and survey.closes_on < timezone.localdate():
        raise ValidationError({"closes_on": "The closing day has passed. Choose a later day."})
    now = timezone.now()
    members = (
        Member.objects.filter(
            organisation=actor.organisation,
            network_id__in=network_ids,
            status=Member.Status.ACTIVE,
        )
        .order_by("pk")
        .values_list("pk", "network_id")
    )
    SurveyInvitation.objects.bulk_create(
        SurveyInvitation(
            organisation=actor.organisation,
            survey=survey,
            member_id=member_id,
            network_id=network_id,
            invited_at=now,
        )
        for member_id, network_id in members
    )
    survey.status = Survey.Status.OPEN
    survey.opened_at = now
    audited(survey, actor).save(update_fields=["status", "opened_at"])
    # Members with a login hear about it in their messages (easy read).
    reminders.survey_invitations(organisation=actor.organisation, survey=survey, now=now)
    return survey


@transaction.atomic
def survey_close(*, actor: Actor, survey: Survey) -> Survey:
    require(actor, Permission.MANAGE_SURVEYS)
    if survey.status != Survey.Status.OPEN:
        raise ValidationError("Only a survey that is open for answers can be closed.")
    survey.status = Survey.Status.CLOSED
    survey.closed_at = timezone.now()
    audited(survey, actor).save(update_fields=["status", "closed_at"])
    return survey
