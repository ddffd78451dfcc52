"""Lone working: sessions and their alerts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyring_net import limits
from keyring_net.tenancy import OrgOwnedModel


class LoneWorkingSession(OrgOwnedModel):
    """Checked in at the start of a visit alone, with when it should end."""

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="lone_working"
    )
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    expected_end_at = models.DateTimeField(validators=[limits.not_before_record_floor])
    checked_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["organisation", "checked_out_at", "expected_end_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="lone_working_ends_after_start",
                condition=Q(expected_end_at__gt=F("started_at")),
            )
        ]


class LoneWorkingAlert(OrgOwnedModel):
    """An overdue check-out, raised once per level: first the support
    manager, then the out-of-hours contact. The unique constraint makes a
    second raise (a task run twice) a no-op."""

    class Level(models.TextChoices):
        MANAGER = "manager", _("Support manager")
        OUT_OF_HOURS = "out_of_hours", _("Out-of-hours contact")

    session = models.ForeignKey(LoneWorkingSession, on_delete=models.PROTECT, related_name="alerts")
    level = models.CharField(max_length=15, choices=Level.choices)
    raised_at = models.DateTimeField(default=timezone.now)
    recipients = models.CharField(max_length=500, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Outcome(models.TextChoices):
        FALSE_ALARM = "false_alarm", _("A false alarm: the worker was safe")
        REAL = "real", _("Real: something happened")

    # Resolved: what it turned out to be, by whom, when. Resolving one alert
    # resolves every alert about the same visit.
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(max_length=limits.REASON, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "level"], name="lone_alert_once_per_level")
        ]
