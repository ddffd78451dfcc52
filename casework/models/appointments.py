"""A member's own appointments (the GP, the housing officer, court) and
workers' planned visits to members.

A repeating appointment is made as one row per date, up front, sharing a
``series`` id: each date can then be moved, marked or cancelled on its
own, and nothing changes the others unless asked ("and the later ones").
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from keyring_net import limits
from keyring_net.fields import member_link, record_time, staff_link, stamp
from keyring_net.tenancy import OrgOwnedModel


class Outcome(models.TextChoices):
    """What became of an appointment or a visit."""

    PLANNED = "planned", _("Planned")
    ATTENDED = "attended", _("Attended")
    MISSED = "missed", _("Missed")
    CANCELLED = "cancelled", _("Cancelled")


class Appointment(OrgOwnedModel):
    """A member's own appointment, with whoever goes with them: a worker, a
    named other person (a friend, a relative), or nobody."""

    class Kind(models.TextChoices):
        GP = "gp", _("Doctor (GP)")
        DENTIST = "dentist", _("Dentist")
        HOSPITAL = "hospital", _("Hospital")
        HOUSING = "housing", _("Housing officer")
        BENEFITS = "benefits", _("Benefits")
        COURT = "court", _("Court")
        OTHER = "other", _("Other")

    member = member_link("appointments")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    with_whom = models.CharField(max_length=200, blank=True)
    place = models.CharField(max_length=200, blank=True)
    starts_at = record_time()
    ends_at = record_time(optional=True)
    # Who goes with them: a worker, or a named other person, or nobody.
    companion = staff_link(optional=True)
    companion_name = models.CharField(max_length=200, blank=True)
    notes = models.TextField(max_length=limits.NOTE, blank=True)
    status = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PLANNED)
    reason = models.CharField(max_length=limits.REASON, blank=True)
    series = models.UUIDField(null=True, blank=True)
    created_by = staff_link()
    created_at = stamp()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["organisation", "starts_at"]),
            models.Index(fields=["organisation", "member", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="appointment_ends_after_start",
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"


class PlannedVisit(OrgOwnedModel):
    """A worker's planned visit to a member: who, when, how long, why. Once
    done it becomes its contact-log entry (``contact``), once."""

    member = member_link("planned_visits")
    worker = staff_link("planned_visits")
    starts_at = record_time()
    minutes = models.PositiveSmallIntegerField(default=60)
    purpose = models.CharField(max_length=200, blank=True)
    # Staff's own notes: never shown to the member.
    notes = models.TextField(max_length=limits.NOTE, blank=True)
    status = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PLANNED)
    reason = models.CharField(max_length=limits.REASON, blank=True)
    contact = models.OneToOneField(
        "members.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = staff_link()
    created_at = stamp()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["organisation", "worker", "starts_at"]),
            models.Index(fields=["organisation", "member", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(name="planned_visit_has_minutes", condition=Q(minutes__gt=0))
        ]

    def __str__(self) -> str:
        return f"Visit {self.starts_at:%Y-%m-%d %H:%M}"
