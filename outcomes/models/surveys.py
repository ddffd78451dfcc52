"""Satisfaction surveys: an organisation's surveys, with easy-read wording
and picture answers, sent to the members of chosen networks; members answer
on their own, with a supporter, or anonymously."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from keyring_net import limits
from keyring_net.fields import member_link, optional_link, part_of, record_date, staff_link, stamp
from keyring_net.tables import ShownBy, once_in_organisation, org_index
from keyring_net.tenancy import AppendOnlyModel, OrgOwnedModel

__all__ = [
    "Survey",
    "SurveyAnswer",
    "SurveyChoice",
    "SurveyInvitation",
    "SurveyQuestion",
    "SurveyResponse",
]


class Survey(ShownBy, OrgOwnedModel):
    """A satisfaction survey. Written as a draft, then opened (sent to the
    members of its networks), then closed. An open or closed survey's
    questions never change, so every answer means what it meant when given."""

    shown_by = "title"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")

    title = models.CharField(max_length=150)
    easy_read_title = models.CharField(
        max_length=150, help_text=_("The title members see, in easy read.")
    )
    easy_read_intro = models.TextField(
        max_length=limits.REASON,
        blank=True,
        help_text=_("A few short sentences for members: what this is for."),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    networks = models.ManyToManyField("networks.Network", related_name="surveys", blank=True)
    allow_anonymous = models.BooleanField(
        default=True, help_text=_("Members may answer without their name kept.")
    )
    closes_on = record_date(optional=True, help_text=_("Answers are refused after this day."))
    created_by = staff_link()
    created_at = stamp()
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [org_index("status")]


class SurveyQuestion(ShownBy, OrgOwnedModel):
    """One question. ``faces`` and ``choice`` questions are answered by
    picking a picture answer (``SurveyChoice``); ``text`` in own words."""

    shown_by = "text"

    class Kind(models.TextChoices):
        FACES = "faces", _("Faces (happy to sad)")
        CHOICE = "choice", _("Picture answers")
        TEXT = "text", _("Own words")

    survey = part_of(Survey, "questions")
    position = models.PositiveSmallIntegerField(default=1)
    text = models.CharField(max_length=250, help_text=_("The question, as staff see it."))
    easy_read_text = models.CharField(
        max_length=250, help_text=_("The question in easy read: one short sentence.")
    )
    pictogram = models.CharField(max_length=30, default="question")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FACES)
    required = models.BooleanField(default=False)

    class Meta:
        ordering = ["survey", "position", "pk"]


class SurveyChoice(ShownBy, OrgOwnedModel):
    """A picture answer. ``score`` orders faces (higher is happier) so
    results can be averaged; other choices may leave it empty."""

    shown_by = "label"

    question = part_of(SurveyQuestion, "choices")
    position = models.PositiveSmallIntegerField(default=1)
    label = models.CharField(max_length=80)
    pictogram = models.CharField(max_length=30, default="okay")
    score = models.SmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["question", "position", "pk"]


class SurveyInvitation(OrgOwnedModel):
    """A member asked to answer a survey: the response rate's denominator.

    ``answered_at`` is set when they answer, however they answer. It never
    points at the response, so an anonymous answer cannot be traced back.
    """

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="invitations")
    member = member_link()
    # The network they were in when asked: results by network stay put
    # when a member moves.
    network = models.ForeignKey("networks.Network", on_delete=models.PROTECT, related_name="+")
    invited_at = stamp()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["survey", "member"]
        constraints = [once_in_organisation("survey", "member", name="survey_invitation_once")]

    def __str__(self) -> str:
        return f"{self.member} asked to answer {self.survey}"


class SurveyResponse(AppendOnlyModel):
    """One set of answers, final once given. ``member`` is empty when they
    chose to answer anonymously; ``network`` is always kept, for results by
    network.

    Append-only, so no change history: a history row would name the person
    signed in when it was saved, and so undo an anonymous answer. For the
    same reason an anonymous response keeps only the day it came in
    (``submitted_at`` at midnight), never the minute."""

    class Mode(models.TextChoices):
        OWN = "own", _("On their own")
        WITH_SUPPORTER = "supporter", _("With a supporter")
        ANONYMOUS = "anonymous", _("Anonymously")

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    network = models.ForeignKey("networks.Network", on_delete=models.PROTECT, related_name="+")
    member = optional_link("members.Member")
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.OWN)
    supporter_name = models.CharField(max_length=120, blank=True)
    submitted_at = stamp()

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [org_index("survey", "network")]
        constraints = [
            models.CheckConstraint(
                name="anonymous_response_has_no_member",
                condition=~Q(mode="anonymous") | Q(member__isnull=True),
            ),
            once_in_organisation(
                "survey",
                "member",
                condition=Q(member__isnull=False),
                name="survey_response_once_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"Answers to {self.survey}"


class SurveyAnswer(AppendOnlyModel):
    """The answer to one question: a picture answer, or own words."""

    response = part_of(SurveyResponse, "answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    choice = optional_link(SurveyChoice, "answers")
    # Free text: managers see it, commissioners never do.
    text = models.TextField(max_length=limits.NOTE, blank=True)

    class Meta:
        ordering = ["response", "question"]
        constraints = [once_in_organisation("response", "question", name="one_answer_per_question")]

    def __str__(self) -> str:
        return f"Answer to {self.question}"
