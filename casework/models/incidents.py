"""Incidents and accidents: what happened, to whom, how bad it was, what
was done at once, the support manager's review, and the actions that
follow. Never deleted: an incident ends by being closed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from keyring_net import limits
from keyring_net.fields import part_of, record_date, record_time, staff_link, stamp
from keyring_net.tables import org_index
from keyring_net.tenancy import OrgOwnedModel

__all__ = ["Incident", "IncidentAction"]


class Incident(OrgOwnedModel):
    """An incident or accident in one network.

    A draft is being written (by the worker who saw it, or opened by a
    lone-working alert that was real); recorded, it waits for the support
    manager's review; reviewed, its actions are followed up; closed, it is
    kept as it is."""

    class Kind(models.TextChoices):
        FALL = "fall", _("A fall")
        INJURY = "injury", _("An injury")
        PROPERTY = "property", _("Damage to property, or a lost key")
        LONE_WORKING = "lone_working", _("A lone-working alert that was real")
        MEDICATION = "medication", _("Medication")
        BEHAVIOUR = "behaviour", _("Behaviour")
        NEAR_MISS = "near_miss", _("A near miss: nobody was hurt, but someone could have been")
        OTHER = "other", _("Something else")

    class Severity(models.TextChoices):
        NO_HARM = "no_harm", _("No harm")
        LOW = "low", _("Low")
        MODERATE = "moderate", _("Moderate")
        SEVERE = "severe", _("Severe")
        DEATH = "death", _("Death")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        RECORDED = "recorded", _("Waiting for review")
        REVIEWED = "reviewed", _("Reviewed")
        CLOSED = "closed", _("Closed")

    network = models.ForeignKey("networks.Network", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=15, choices=Kind.choices, blank=True)
    severity = models.CharField(max_length=10, choices=Severity.choices, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    happened_at = record_time()
    place = models.CharField(max_length=200, blank=True)
    members = models.ManyToManyField("members.Member", related_name="+", blank=True)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    others_involved = models.TextField(max_length=limits.REASON, blank=True)
    what_happened = models.TextField(max_length=limits.NOTE, blank=True)
    done_at_once = models.TextField(max_length=limits.NOTE, blank=True)
    # Who wrote it (empty when a lone-working alert opened the draft).
    started_by = staff_link(optional=True)
    started_at = stamp()
    recorded_by = staff_link(optional=True)
    recorded_at = record_time(optional=True)
    review_findings = models.TextField(max_length=limits.NOTE, blank=True)
    reviewed_by = staff_link(optional=True)
    reviewed_at = record_time(optional=True)
    closed_by = staff_link(optional=True)
    closed_at = record_time(optional=True)
    # The lone-working alert that opened this draft: at most one incident
    # for each alert, however often the alert is resolved or a task retried.
    source_alert = models.OneToOneField(
        "volunteers.LoneWorkingAlert",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-happened_at", "-pk"]
        indexes = [org_index("state", "happened_at"), org_index("network", "happened_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.happened_at:%d %B %Y}"


class IncidentAction(OrgOwnedModel):
    """Something to do after an incident: what, who, by when; then done."""

    incident = part_of(Incident, "actions")
    text = models.TextField(max_length=limits.NOTE)
    owner = staff_link(optional=True)
    due_on = record_date(optional=True)
    added_by = staff_link(optional=True)
    added_at = stamp()
    done_at = record_time(optional=True)
    done_by = staff_link(optional=True)

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
