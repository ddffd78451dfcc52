"""Rotas: shift patterns, shifts, planned visits, availability, swaps and
calendar feeds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyring_net import limits
from keyring_net.tenancy import OrgOwnedModel


class ShiftPattern(OrgOwnedModel):
    """A repeating shift ("every Tuesday and Thursday, 6pm to 9pm"), as an
    iCalendar RRULE in Europe/London local time. Its shifts are made ahead
    as rows, so one can be changed or cancelled without touching the rest."""

    network = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="shift_patterns"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(max_length=20)
    rrule = models.CharField(max_length=200, help_text=_("For example FREQ=WEEKLY;BYDAY=TU,TH."))
    start_time = models.TimeField()
    minutes = models.PositiveSmallIntegerField()
    starts_on = models.DateField(validators=[limits.not_before_record_floor])
    ends_on = models.DateField(validators=[limits.not_before_record_floor], null=True, blank=True)
    lone_visits = models.BooleanField(default=True)

    class Meta:
        ordering = ["network", "start_time"]


class Shift(OrgOwnedModel):
    """A stretch of time someone is on for a network. No worker: an open
    shift anyone cleared can pick up. Stored in UTC; shown in Europe/London."""

    class Kind(models.TextChoices):
        CLV = "clv", _("CLV support")
        EVENING = "evening", _("Evening enabler")
        WEEKEND = "weekend", _("Weekend enabler")
        HUB = "hub", _("Hub session")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        WORKED = "worked", _("Worked")
        CANCELLED = "cancelled", _("Cancelled")

    network = models.ForeignKey("networks.Network", on_delete=models.PROTECT, related_name="shifts")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shifts",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    starts_at = models.DateTimeField(validators=[limits.not_before_record_floor])
    ends_at = models.DateTimeField(validators=[limits.not_before_record_floor])
    lone_visits = models.BooleanField(default=True, help_text=_("Involves visiting members alone."))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    pattern = models.ForeignKey(
        ShiftPattern, null=True, blank=True, on_delete=models.SET_NULL, related_name="shifts"
    )
    notes = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["organisation", "network", "starts_at"]),
            models.Index(fields=["organisation", "worker", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="shift_ends_after_start", condition=Q(ends_at__gt=F("starts_at"))
            ),
            models.UniqueConstraint(
                fields=["pattern", "starts_at"], name="shift_once_per_pattern_occurrence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"


class PlannedVisit(OrgOwnedModel):
    """A member someone means to see during a shift."""

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="visits")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["shift", "pk"]


class Availability(OrgOwnedModel):
    """When someone can work, or is away."""

    class Kind(models.TextChoices):
        AVAILABLE = "available", _("Available")
        TIME_OFF = "time_off", _("Time off")

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="availability"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    starts_at = models.DateTimeField(validators=[limits.not_before_record_floor])
    ends_at = models.DateTimeField(validators=[limits.not_before_record_floor])
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["organisation", "worker", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                name="availability_ends_after_start", condition=Q(ends_at__gt=F("starts_at"))
            )
        ]


class SwapRequest(OrgOwnedModel):
    """Someone asks to give a shift to a colleague; a support manager decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="swap_requests")
    from_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    to_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=250, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["organisation", "status"])]


class CalendarFeed(OrgOwnedModel):
    """A private, revocable iCalendar link to someone's shifts. Only a hash
    of its secret is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
