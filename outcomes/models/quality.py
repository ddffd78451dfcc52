"""Quality checks: visits by quality checkers with lived experience, with a
checklist, findings and actions whose follow-up is tracked."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from keyring_net import limits
from keyring_net.fields import optional_link, part_of, record_date, staff_link, stamp
from keyring_net.tables import ShownBy, org_index
from keyring_net.tenancy import OrgOwnedModel

__all__ = ["ChecklistItem", "QualityAction", "QualityCheck", "QualityChecklist", "QualityFinding"]


class QualityChecklist(ShownBy, OrgOwnedModel):
    """What quality checkers look at on a visit, item by item."""

    name = models.CharField(max_length=120)
    is_active = models.BooleanField(default=True)
    created_at = stamp()

    class Meta:
        ordering = ["name"]


class ChecklistItem(ShownBy, OrgOwnedModel):
    shown_by = "text"

    checklist = part_of(QualityChecklist, "items")
    position = models.PositiveSmallIntegerField(default=1)
    text = models.CharField(max_length=250)
    easy_read_text = models.CharField(max_length=250, blank=True)
    pictogram = models.CharField(max_length=30, default="look")

    class Meta:
        ordering = ["checklist", "position", "pk"]


class QualityCheck(OrgOwnedModel):
    """A quality checkers' visit to one network."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Visit done")

    network = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="quality_checks"
    )
    checklist = models.ForeignKey(QualityChecklist, on_delete=models.PROTECT, related_name="+")
    visit_on = record_date()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    checkers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    # Checkers without a login (a visiting checker from another scheme).
    other_checkers = models.CharField(max_length=200, blank=True)
    summary = models.TextField(max_length=limits.NOTE, blank=True)
    created_by = staff_link()
    created_at = stamp()

    class Meta:
        ordering = ["-visit_on"]
        indexes = [org_index("network", "visit_on")]

    def __str__(self) -> str:
        return f"Quality check of {self.network} on {self.visit_on:%d %B %Y}"


class QualityFinding(OrgOwnedModel):
    """What the checkers found about one checklist item (or anything else)."""

    class Rating(models.TextChoices):
        GOOD = "good", _("Good")
        OKAY = "okay", _("Okay")
        NEEDS_WORK = "needs_work", _("Needs to get better")

    visit = part_of(QualityCheck, "findings")
    item = optional_link(ChecklistItem)
    rating = models.CharField(max_length=12, choices=Rating.choices)
    note = models.TextField(max_length=limits.NOTE, blank=True)

    class Meta:
        ordering = ["visit", "item__position", "pk"]

    def __str__(self) -> str:
        return f"{self.get_rating_display()}: {self.item or self.note[:40]}"


class QualityAction(OrgOwnedModel):
    """Something to put right after a check, and its follow-up."""

    visit = part_of(QualityCheck, "actions")
    finding = optional_link(QualityFinding, "actions", on_delete=models.SET_NULL)
    text = models.TextField(max_length=limits.NOTE)
    owner = staff_link(optional=True)
    due_on = record_date(optional=True)
    done_on = record_date(optional=True)
    follow_up = models.TextField(
        max_length=limits.NOTE, blank=True, help_text=_("What was done, and what changed.")
    )

    class Meta:
        ordering = ["done_on", "due_on", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
