"""A member's journey: their referral, each step of their status, support
flexed up and down, and the workers allocated to support them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyring_net import limits
from keyring_net.tenancy import OrgOwnedModel
from members.models.record import Member


class Referral(OrgOwnedModel):
    """How someone came to the organisation, and what was decided.

    A referral makes a ``Member`` at once (status "referred"), so their
    journey has one record from the first day.
    """

    class Source(models.TextChoices):
        SOCIAL_WORK = "social_work", _("Social work team")
        MENTAL_HEALTH = "mental_health", _("Mental health team")
        GP = "gp", _("GP")
        SELF = "self", _("Themselves")
        FAMILY = "family", _("Family")
        OTHER = "other", _("Someone else")

    class Stage(models.TextChoices):
        NEW = "new", _("Waiting to be assessed")
        ASSESSING = "assessing", _("Being assessed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    member = models.OneToOneField(Member, on_delete=models.PROTECT, related_name="referral")
    source = models.CharField(max_length=20, choices=Source.choices)
    referrer = models.CharField(
        max_length=200, blank=True, help_text=_("Who referred them, and how to reach them.")
    )
    referred_on = models.DateField(validators=[limits.not_before_record_floor])
    reason_in_referrers_words = models.TextField(max_length=limits.NOTE)
    reason_in_own_words = models.TextField(
        max_length=limits.NOTE,
        blank=True,
        help_text=_("What the person themselves wants from KeyRing."),
    )
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.NEW)
    assessment_started_on = models.DateField(
        validators=[limits.not_before_record_floor], null=True, blank=True
    )
    assessment_notes = models.TextField(max_length=limits.NOTE, blank=True)
    decided_on = models.DateField(
        validators=[limits.not_before_record_floor], null=True, blank=True
    )
    decision_reason = models.TextField(max_length=limits.REASON, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["referred_on", "pk"]
        indexes = [models.Index(fields=["organisation", "stage", "referred_on"])]

    def __str__(self) -> str:
        return f"Referral of {self.member}"


class StatusChange(OrgOwnedModel):
    """A step in a member's journey: referred, assessing, active, moved on,
    left. Dates and reasons are kept for good."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=10, choices=Member.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Member.Status.choices)
    on = models.DateField(validators=[limits.not_before_record_floor])
    reason = models.TextField(max_length=limits.REASON, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on", "-recorded_at"]
        indexes = [models.Index(fields=["organisation", "member", "on"])]

    def __str__(self) -> str:
        return f"{self.member}: {self.from_status or 'new'} to {self.to_status}"


class SupportLevelChange(OrgOwnedModel):
    """Support flexed up or down, and why (a bereavement, a new job)."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="level_changes")
    from_hours = models.DecimalField(max_digits=4, decimal_places=1)
    to_hours = models.DecimalField(max_digits=4, decimal_places=1)
    reason = models.TextField(max_length=limits.REASON)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at"]
        indexes = [models.Index(fields=["organisation", "changed_at"])]

    def __str__(self) -> str:
        return f"{self.member}: {self.from_hours} to {self.to_hours} hours"

    @property
    def is_up(self) -> bool:
        return self.to_hours > self.from_hours


class Allocation(OrgOwnedModel):
    """A worker allocated to a member (their CLV, an enabler). When a worker
    leaves, the manager moves all their allocations to someone else in one
    step; the old rows end, so history shows who supported whom, when."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="allocations")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations"
    )
    started_on = models.DateField(validators=[limits.not_before_record_floor])
    ended_on = models.DateField(validators=[limits.not_before_record_floor], null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        indexes = [models.Index(fields=["organisation", "worker", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.worker} supports {self.member}"
