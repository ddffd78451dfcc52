"""Outcomes: what members say about the service, what quality checkers find,
what changes in members' lives, what it costs and saves, and the reports
commissioners receive.

Four parts, one app:

* **Surveys** - an organisation's satisfaction surveys, with easy-read
  wording and picture answers, sent to the members of chosen networks.
  Members answer on their own, with a supporter, or anonymously.
* **Quality checks** - visits by quality checkers with lived experience,
  with a checklist, findings and actions whose follow-up is tracked.
* **Outcome indicators** - events in a member's life the rest of the
  product does not already record (a tenancy lost, an admission avoided,
  starting work). Tenancy sustained, moving on, connections, support
  intensity and star progress are worked out from the other apps' records.
* **Contracts and reports** - a council's contract covers some networks for
  a period; reports for it are aggregates only, with small counts
  suppressed, rendered to PDF and CSV and kept.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyring_net import limits
from keyring_net.tenancy import AppendOnlyModel, OrgOwnedModel

# --------------------------------------------------------------------------
# Surveys


class Survey(OrgOwnedModel):
    """A satisfaction survey. Written as a draft, then opened (sent to the
    members of its networks), then closed. An open or closed survey's
    questions never change, so every answer means what it meant when given."""

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
    closes_on = models.DateField(
        validators=[limits.not_before_record_floor],
        null=True,
        blank=True,
        help_text=_("Answers are refused after this day."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(OrgOwnedModel):
    """One question. ``faces`` and ``choice`` questions are answered by
    picking a picture answer (``SurveyChoice``); ``text`` in own words."""

    class Kind(models.TextChoices):
        FACES = "faces", _("Faces (happy to sad)")
        CHOICE = "choice", _("Picture answers")
        TEXT = "text", _("Own words")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
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

    def __str__(self) -> str:
        return self.text


class SurveyChoice(OrgOwnedModel):
    """A picture answer. ``score`` orders faces (higher is happier) so
    results can be averaged; other choices may leave it empty."""

    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(default=1)
    label = models.CharField(max_length=80)
    pictogram = models.CharField(max_length=30, default="okay")
    score = models.SmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["question", "position", "pk"]

    def __str__(self) -> str:
        return self.label


class SurveyInvitation(OrgOwnedModel):
    """A member asked to answer a survey: the response rate's denominator.

    ``answered_at`` is set when they answer, however they answer. It never
    points at the response, so an anonymous answer cannot be traced back.
    """

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="invitations")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    # The network they were in when asked: results by network stay put
    # when a member moves.
    network = models.ForeignKey("networks.Network", on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["survey", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "survey", "member"], name="survey_invitation_once"
            )
        ]

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
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.OWN)
    supporter_name = models.CharField(max_length=120, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["organisation", "survey", "network"])]
        constraints = [
            models.CheckConstraint(
                name="anonymous_response_has_no_member",
                condition=~Q(mode="anonymous") | Q(member__isnull=True),
            ),
            models.UniqueConstraint(
                fields=["organisation", "survey", "member"],
                condition=Q(member__isnull=False),
                name="survey_response_once_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"Answers to {self.survey}"


class SurveyAnswer(AppendOnlyModel):
    """The answer to one question: a picture answer, or own words."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    choice = models.ForeignKey(
        SurveyChoice, null=True, blank=True, on_delete=models.PROTECT, related_name="answers"
    )
    # Free text: managers see it, commissioners never do.
    text = models.TextField(max_length=limits.NOTE, blank=True)

    class Meta:
        ordering = ["response", "question"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "response", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question}"


# --------------------------------------------------------------------------
# Quality checks


class QualityChecklist(OrgOwnedModel):
    """What quality checkers look at on a visit, item by item."""

    name = models.CharField(max_length=120)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ChecklistItem(OrgOwnedModel):
    checklist = models.ForeignKey(QualityChecklist, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=1)
    text = models.CharField(max_length=250)
    easy_read_text = models.CharField(max_length=250, blank=True)
    pictogram = models.CharField(max_length=30, default="look")

    class Meta:
        ordering = ["checklist", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class QualityCheck(OrgOwnedModel):
    """A quality checkers' visit to one network."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Visit done")

    network = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="quality_checks"
    )
    checklist = models.ForeignKey(QualityChecklist, on_delete=models.PROTECT, related_name="+")
    visit_on = models.DateField(validators=[limits.not_before_record_floor])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    checkers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    # Checkers without a login (a visiting checker from another scheme).
    other_checkers = models.CharField(max_length=200, blank=True)
    summary = models.TextField(max_length=limits.NOTE, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-visit_on"]
        indexes = [models.Index(fields=["organisation", "network", "visit_on"])]

    def __str__(self) -> str:
        return f"Quality check of {self.network} on {self.visit_on:%d %B %Y}"


class QualityFinding(OrgOwnedModel):
    """What the checkers found about one checklist item (or anything else)."""

    class Rating(models.TextChoices):
        GOOD = "good", _("Good")
        OKAY = "okay", _("Okay")
        NEEDS_WORK = "needs_work", _("Needs to get better")

    visit = models.ForeignKey(QualityCheck, on_delete=models.CASCADE, related_name="findings")
    item = models.ForeignKey(
        ChecklistItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rating = models.CharField(max_length=12, choices=Rating.choices)
    note = models.TextField(max_length=limits.NOTE, blank=True)

    class Meta:
        ordering = ["visit", "item__position", "pk"]

    def __str__(self) -> str:
        return f"{self.get_rating_display()}: {self.item or self.note[:40]}"


class QualityAction(OrgOwnedModel):
    """Something to put right after a check, and its follow-up."""

    visit = models.ForeignKey(QualityCheck, on_delete=models.CASCADE, related_name="actions")
    finding = models.ForeignKey(
        QualityFinding, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    text = models.TextField(max_length=limits.NOTE)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(validators=[limits.not_before_record_floor], null=True, blank=True)
    done_on = models.DateField(validators=[limits.not_before_record_floor], null=True, blank=True)
    follow_up = models.TextField(
        max_length=limits.NOTE, blank=True, help_text=_("What was done, and what changed.")
    )

    class Meta:
        ordering = ["done_on", "due_on", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


# --------------------------------------------------------------------------
# Outcome indicators


class OutcomeIndicator(OrgOwnedModel):
    """Something that happened in a member's life, recorded by a worker.

    Only what no other record holds: moving on comes from the member's
    status history, connections from their community and peer links,
    support intensity from their support-level history, star progress from
    their readings. A tenancy counts as sustained unless ``tenancy_lost``
    is recorded.
    """

    class Kind(models.TextChoices):
        TENANCY_LOST = "tenancy_lost", _("Tenancy lost")
        ADMISSION_AVOIDED = "admission_avoided", _("Hospital admission avoided")
        ADMISSION = "admission", _("Admitted to hospital")
        HOMELESSNESS_AVOIDED = "homelessness_avoided", _("Homelessness avoided")
        HOMELESSNESS = "homelessness", _("Became homeless")
        WORK = "work", _("Started work")
        LEARNING = "learning", _("Started learning")
        VOLUNTEERING = "volunteering", _("Started volunteering")
        VISITS_ENDED = "visits_ended", _("No longer needs weekly professional visits")

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="outcome_indicators"
    )
    kind = models.CharField(max_length=25, choices=Kind.choices)
    happened_on = models.DateField(validators=[limits.not_before_record_floor])
    note = models.TextField(max_length=limits.NOTE, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    # Recorded by mistake: kept for the record, left out of every figure.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "kind", "happened_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.happened_on}"


# --------------------------------------------------------------------------
# Cost model


class UnitCost(OrgOwnedModel):
    """One editable unit cost of the organisation's cost model, with where
    the figure comes from. Defaults are in ``outcomes/costs.py``."""

    class Item(models.TextChoices):
        SUPPORT_PER_MEMBER_YEAR = "support_year", _("Support for one member for a year")
        INPATIENT_STAY = "inpatient_stay", _("A psychiatric inpatient stay of three weeks")
        HOMELESSNESS_EPISODE = "homelessness", _("An episode of homelessness")
        WEEKLY_VISITS_YEAR = (
            "weekly_visits_year",
            _("A year of weekly community psychiatric nurse or social worker visits"),
        )

    item = models.CharField(max_length=25, choices=Item.choices)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    source = models.CharField(max_length=300)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["item"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "item"], name="one_unit_cost_per_item"),
            models.CheckConstraint(name="unit_cost_not_negative", condition=Q(amount__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.get_item_display()}: £{self.amount}"


# --------------------------------------------------------------------------
# Contracts and commissioner reports


class Contract(OrgOwnedModel):
    """A council pays the organisation for some networks for a period.
    Its commissioners see only these networks, only as aggregates."""

    local_authority = models.ForeignKey(
        "keyring_net.LocalAuthority", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=150)
    reference = models.CharField(max_length=60, blank=True)
    starts_on = models.DateField(validators=[limits.not_before_record_floor])
    ends_on = models.DateField(validators=[limits.not_before_record_floor])
    networks = models.ManyToManyField("networks.Network", related_name="contracts")
    # How often a report is made on schedule (quarterly by default).
    report_every_months = models.PositiveSmallIntegerField(default=3)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="contract_ends_after_start", condition=Q(ends_on__gt=F("starts_on"))
            ),
            models.CheckConstraint(
                name="contract_reports_at_least_yearly",
                condition=Q(report_every_months__gte=1) & Q(report_every_months__lte=12),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CommissionerReport(OrgOwnedModel):
    """One outcome report for a contract and a period, kept once made.

    Made by a background task: waiting, then rendering, then ready (its PDF
    and CSV in ``ReportFile``) or failed (with the reason). ``figures``
    holds the aggregates exactly as printed, small counts already
    suppressed.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting to be made")
        RENDERING = "rendering", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be made")

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="reports")
    period_start = models.DateField(validators=[limits.not_before_record_floor])
    period_end = models.DateField(validators=[limits.not_before_record_floor])
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    scheduled = models.BooleanField(default=False, help_text=_("Made on the contract's schedule."))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    figures = models.JSONField(default=dict, blank=True)
    pages = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-period_end", "-version"]
        indexes = [models.Index(fields=["organisation", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "contract", "period_start", "period_end", "version"],
                name="report_version_unique",
            ),
            models.CheckConstraint(
                name="report_period_ordered", condition=Q(period_end__gte=F("period_start"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract}: {self.period_start} to {self.period_end}"


class ReportFile(AppendOnlyModel):
    """A ready report's PDF and CSV, written once. Kept apart from the
    report so its change history does not copy the files each time."""

    report = models.OneToOneField(CommissionerReport, on_delete=models.PROTECT, related_name="file")
    pdf = models.BinaryField()
    csv = models.TextField()
    made_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Files of {self.report}"


class ReportDownload(AppendOnlyModel):
    """Someone downloaded a report's PDF or CSV: the access log of reports,
    and how a commissioner's "a new report is ready" notice knows to go."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        CSV = "csv", "CSV"

    report = models.ForeignKey(
        CommissionerReport, on_delete=models.PROTECT, related_name="downloads"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    format = models.CharField(max_length=3, choices=Format.choices)
    downloaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-downloaded_at"]
        indexes = [models.Index(fields=["organisation", "user", "report"])]

    def __str__(self) -> str:
        return f"{self.user} downloaded {self.report} ({self.format})"
