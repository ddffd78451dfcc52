"""Tasks: something a worker has to do by a day ("Ring the housing officer
about the boiler by Friday"), owned by one person, about a member, a
network or neither, and made by hand or from another record (a contact, a
plan review, a safeguarding concern, an incident). A task is open, done or
cancelled (with who, when and why); it is never deleted."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from keyring_net import limits
from keyring_net.fields import optional_link, record_date, record_time, staff_link, stamp
from keyring_net.tables import org_index
from keyring_net.tenancy import OrgOwnedModel

__all__ = ["Task"]


class Task(OrgOwnedModel):
    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    class Source(models.TextChoices):
        BY_HAND = "", _("Made by hand")
        CONTACT = "contact", _("A contact")
        PLAN_REVIEW = "plan_review", _("A plan review")
        SAFEGUARDING = "safeguarding", _("A safeguarding concern")
        INCIDENT = "incident", _("An incident")

    title = models.CharField(max_length=200)
    details = models.TextField(max_length=limits.NOTE, blank=True)
    owner = staff_link("tasks_owned")
    due_on = record_date()
    member = optional_link("members.Member", "tasks")
    network = optional_link("networks.Network", "tasks")
    # Where it came from: a kind, the id of that record, and a link to it
    # (kept as written, so another area can make tasks without this one
    # knowing its pages).
    source_kind = models.CharField(max_length=20, choices=Source.choices, blank=True, default="")
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_link = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    created_by = staff_link()
    created_at = stamp()
    # Who closed it (done or cancelled), when, and why it was cancelled.
    closed_by = staff_link(optional=True)
    closed_at = record_time(optional=True)
    cancel_reason = models.TextField(max_length=limits.REASON, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [org_index("owner", "state", "due_on"), org_index("state", "due_on")]

    def __str__(self) -> str:
        return self.title
