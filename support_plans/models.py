"""Outcome stars, readings and co-produced support plans.

An organisation's star template lists the life areas a member and a worker
talk through together and score from 1 to 10 along a journey of change. A
support plan holds the member's goals (in their words), the actions that
follow, a personal budget, a positive risk plan and a crisis plan. Every
version of a plan is kept; each is agreed by the member and the worker.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from keyring_net import limits
from keyring_net.fields import member_link, optional_link, part_of, record_date, staff_link, stamp
from keyring_net.tables import (
    ShownBy,
    comes_after,
    not_negative,
    once_in_organisation,
    org_index,
    within,
)
from keyring_net.tenancy import OrgOwnedModel


class StarTemplate(OrgOwnedModel):
    """A star: its life areas, scale and journey stages. A template that
    has readings is never changed: changing it makes a new version."""

    name = models.CharField(max_length=120)
    description = models.TextField(max_length=limits.NOTE, blank=True)
    version = models.PositiveSmallIntegerField(default=1)
    scale_min = models.PositiveSmallIntegerField(default=1)
    scale_max = models.PositiveSmallIntegerField(default=10)
    is_active = models.BooleanField(default=True)
    previous = optional_link("self")
    created_at = stamp()

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            once_in_organisation("name", "version", name="star_template_version_unique"),
            comes_after("scale_max", "scale_min", name="star_scale_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class StarStage(OrgOwnedModel):
    """A stage on the journey of change, covering a band of scores."""

    template = part_of(StarTemplate, "stages")
    name = models.CharField(max_length=60)
    easy_read_name = models.CharField(max_length=60)
    low = models.PositiveSmallIntegerField()
    high = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["template", "low"]

    def __str__(self) -> str:
        return f"{self.name} ({self.low}-{self.high})"


class StarArea(ShownBy, OrgOwnedModel):
    """A life area on the star: its name, an easy-read name and picture."""

    template = part_of(StarTemplate, "areas")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=80)
    easy_read_name = models.CharField(max_length=80)
    description = models.CharField(max_length=250, blank=True)
    # An idea from keyring_net.pictograms (the same picture for the same idea).
    pictogram = models.CharField(max_length=30, default="star")

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "position"], name="star_area_position")
        ]


class StarReading(OrgOwnedModel):
    """A star filled in together: a score for each area, in the member's
    words, agreed between them."""

    member = member_link("star_readings")
    template = models.ForeignKey(StarTemplate, on_delete=models.PROTECT, related_name="readings")
    taken_on = record_date()
    worker = staff_link()
    who_was_there = models.CharField(max_length=250, blank=True)
    notes = models.TextField(max_length=limits.NOTE, blank=True)

    class Meta:
        ordering = ["member", "taken_on", "pk"]
        indexes = [org_index("member", "taken_on")]

    def __str__(self) -> str:
        return f"Star for {self.member} on {self.taken_on}"


class AreaScore(OrgOwnedModel):
    reading = part_of(StarReading, "scores")
    area = models.ForeignKey(StarArea, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()
    member_words = models.TextField(max_length=limits.NOTE, blank=True)
    worker_note = models.TextField(max_length=limits.NOTE, blank=True)

    class Meta:
        ordering = ["reading", "area__position"]
        constraints = [
            models.UniqueConstraint(fields=["reading", "area"], name="one_score_per_area"),
            within("score", 1, 10, name="score_one_to_ten"),
        ]


class SupportPlan(OrgOwnedModel):
    """One version of a member's plan. Changing an agreed plan starts a new
    version (``previous`` points back); versions are never deleted."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being written together")
        AGREED = "agreed", _("Agreed")
        REPLACED = "replaced", _("Replaced by a newer version")

    member = member_link("plans")
    version = models.PositiveSmallIntegerField(default=1)
    previous = optional_link("self")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    worker = staff_link()
    reading = optional_link(StarReading, help_text=_("The star reading this plan starts from."))
    created_at = stamp()
    member_agreed_at = models.DateTimeField(null=True, blank=True)
    worker_agreed_at = models.DateTimeField(null=True, blank=True)
    review_due = record_date(optional=True)
    # Who checked the easy-read version with the member (a name or role).
    easy_read_checked_by = models.CharField(max_length=120, blank=True)
    easy_read_checked_on = record_date(optional=True)
    # What changed from the previous version, kept when this one is agreed
    # (its goals, actions, budget, risks and crisis plan are fixed then):
    # [["added" | "removed", line], ...]. A draft's is worked out when shown.
    changes = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["member", "-version"]
        indexes = [
            org_index("member", "status"),
            org_index("review_due"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["member", "version"], name="plan_version_unique")
        ]

    def __str__(self) -> str:
        return f"Plan for {self.member}, version {self.version}"


class Goal(OrgOwnedModel):
    """Something the member wants, in their own words."""

    plan = part_of(SupportPlan, "goals")
    position = models.PositiveSmallIntegerField(default=1)
    in_own_words = models.TextField(max_length=limits.NOTE)
    area = optional_link(StarArea)

    class Meta:
        ordering = ["plan", "position", "pk"]

    def __str__(self) -> str:
        return self.in_own_words[:60]


class Action(OrgOwnedModel):
    """A step towards a goal, who takes it and by when."""

    class Term(models.TextChoices):
        SHORT = "short", _("Short term")
        LONG = "long", _("Long term")

    class Who(models.TextChoices):
        MEMBER = "member", _("The member")
        PEER = "peer", _("Another member")
        CLV = "clv", _("The CLV")
        ENABLER = "enabler", _("A community enabler")
        FAMILY = "family", _("Family")
        COMMUNITY = "community", _("Someone in the community")

    goal = part_of(Goal, "actions")
    text = models.TextField(max_length=limits.NOTE)
    term = models.CharField(max_length=5, choices=Term.choices, default=Term.SHORT)
    who = models.CharField(max_length=10, choices=Who.choices)
    who_name = models.CharField(max_length=120, blank=True)
    by_when = record_date(optional=True)
    done_on = record_date(optional=True)

    class Meta:
        ordering = ["goal", "term", "by_when", "pk"]


class ProgressNote(OrgOwnedModel):
    goal = part_of(Goal, "progress")
    text = models.TextField(max_length=limits.NOTE)
    written_by = staff_link()
    written_at = stamp()

    class Meta:
        ordering = ["goal", "written_at"]


class PersonalBudget(OrgOwnedModel):
    class Period(models.TextChoices):
        WEEK = "week", _("A week")
        MONTH = "month", _("A month")
        YEAR = "year", _("A year")

    class ManagedAs(models.TextChoices):
        NOTIONAL = "notional", _("Notional budget (held by the council)")
        THIRD_PARTY = "third_party", _("Managed by someone else for them")
        DIRECT_PAYMENT = "direct_payment", _("Direct payment to the member")

    plan = models.OneToOneField(SupportPlan, on_delete=models.CASCADE, related_name="budget")
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    period = models.CharField(max_length=5, choices=Period.choices)
    pays_for = models.TextField(max_length=limits.NOTE)
    managed_as = models.CharField(max_length=15, choices=ManagedAs.choices)

    class Meta:
        constraints = [not_negative("amount", name="budget_not_negative")]


class RiskItem(OrgOwnedModel):
    """One part of the Positive Risk Management Plan."""

    plan = part_of(SupportPlan, "risks")
    risk = models.TextField(max_length=limits.NOTE)
    what_could_go_well = models.TextField(max_length=limits.NOTE)
    strategies = models.TextField(
        max_length=limits.NOTE, help_text=_("What the member chose to do.")
    )
    who_helps = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["plan", "pk"]


class CrisisPlan(OrgOwnedModel):
    """What to do if things go wrong, in the member's own choices."""

    # Its parts, in the order the plan shows them.
    PARTS = (
        "early_signs",
        "what_helps",
        "what_does_not_help",
        "who_to_contact",
        "who_not_to_contact",
        "treatment_preferences",
        "treatment_refusals",
        "practical_arrangements",
    )

    plan = models.OneToOneField(SupportPlan, on_delete=models.CASCADE, related_name="crisis")
    early_signs = models.TextField(max_length=limits.NOTE, blank=True)
    what_helps = models.TextField(max_length=limits.NOTE, blank=True)
    what_does_not_help = models.TextField(max_length=limits.NOTE, blank=True)
    who_to_contact = models.TextField(max_length=limits.NOTE, blank=True)
    who_not_to_contact = models.TextField(max_length=limits.NOTE, blank=True)
    treatment_preferences = models.TextField(max_length=limits.NOTE, blank=True)
    treatment_refusals = models.TextField(max_length=limits.NOTE, blank=True)
    practical_arrangements = models.TextField(
        max_length=limits.NOTE,
        blank=True,
        help_text=_("Rent, bills, pets, keys, if they go into hospital."),
    )


class PlanComment(OrgOwnedModel):
    """The member's own comment on a part of the plan, or a record that they
    disagree with it. Kept and shown with the plan, never edited away."""

    class Part(models.TextChoices):
        WHOLE = "whole", _("The whole plan")
        GOALS = "goals", _("Goals and actions")
        BUDGET = "budget", _("Personal budget")
        RISK = "risk", _("Risk plan")
        CRISIS = "crisis", _("Crisis plan")

    plan = part_of(SupportPlan, "comments")
    part = models.CharField(max_length=10, choices=Part.choices, default=Part.WHOLE)
    text = models.TextField(max_length=limits.NOTE)
    disagrees = models.BooleanField(default=False)
    by_member = models.BooleanField(default=True)
    author = staff_link()
    written_at = stamp()

    class Meta:
        ordering = ["plan", "written_at"]


class PlanReview(OrgOwnedModel):
    """A review: yearly by default, or sooner when the member asks."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.PROTECT, related_name="reviews")
    due_on = record_date()
    asked_by_member = models.BooleanField(default=False)
    members_reason = models.TextField(max_length=limits.REASON, blank=True)
    asked_at = stamp()
    completed_on = record_date(optional=True)
    new_plan = optional_link(SupportPlan)

    class Meta:
        ordering = ["due_on"]
        indexes = [org_index("due_on", "completed_on")]
