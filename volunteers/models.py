"""Volunteers and enablers: profiles and recruitment, DBS checks, training,
rotas (shifts, patterns, open shifts, swaps), availability, lone working and
calendar feeds."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyring_net import limits
from keyring_net.tenancy import OrgOwnedModel


class VolunteerProfile(OrgOwnedModel):
    """A CLV, community enabler or community connections volunteer.

    Recruitment is values-based: applied, an interview with a panel that can
    include members, references, a DBS check, induction, then active.
    """

    class Kind(models.TextChoices):
        CLV = "clv", _("Community Living Volunteer")
        ENABLER = "community_enabler", _("Community enabler")
        CONNECTIONS = "connections_volunteer", _("Community connections volunteer")

    class Stage(models.TextChoices):
        APPLIED = "applied", _("Applied")
        INTERVIEW = "interview", _("Interview")
        REFERENCES = "references", _("References")
        DBS = "dbs", _("DBS check")
        INDUCTION = "induction", _("Induction")
        ACTIVE = "active", _("Active")
        LEFT = "left", _("Left")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="volunteer_profiles"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    network = models.ForeignKey(
        "networks.Network", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.APPLIED)
    started_on = models.DateField(
        validators=[limits.not_before_record_floor], null=True, blank=True
    )
    weekly_commitment_hours = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=Decimal("12.0"),
        help_text=_("A CLV gives at least 12 hours a week."),
    )
    # A CLV lives in the network: their home and how its rent is met.
    home = models.ForeignKey(
        "networks.Home", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rent_arrangement = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("For example: rent paid by the organisation in return for 12 hours a week."),
    )
    notes = models.TextField(max_length=limits.NOTE, blank=True)

    class Meta:
        ordering = ["user__full_name"]
        indexes = [models.Index(fields=["organisation", "stage"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user", "kind"], name="volunteer_profile_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_kind_display()})"


class Interview(OrgOwnedModel):
    """A values-based interview. Members sit on panels with an equal say."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Not decided yet")
        OFFER = "offer", _("Offer")
        NO_OFFER = "no_offer", _("No offer")

    profile = models.ForeignKey(
        VolunteerProfile, on_delete=models.PROTECT, related_name="interviews"
    )
    held_on = models.DateField(validators=[limits.not_before_record_floor])
    panel = models.CharField(max_length=250, help_text=_("Who sat on the panel."))
    members_on_panel = models.PositiveSmallIntegerField(default=0)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    notes = models.TextField(max_length=limits.NOTE, blank=True)

    class Meta:
        ordering = ["-held_on"]


class Reference(OrgOwnedModel):
    profile = models.ForeignKey(
        VolunteerProfile, on_delete=models.PROTECT, related_name="references"
    )
    referee = models.CharField(max_length=200)
    received_on = models.DateField(
        validators=[limits.not_before_record_floor], null=True, blank=True
    )
    satisfactory = models.BooleanField(null=True)

    class Meta:
        ordering = ["referee"]


class DBSCheck(OrgOwnedModel):
    """A Disclosure and Barring Service certificate."""

    class Level(models.TextChoices):
        BASIC = "basic", _("Basic")
        STANDARD = "standard", _("Standard")
        ENHANCED = "enhanced", _("Enhanced")
        ENHANCED_BARRED = "enhanced_barred", _("Enhanced with barred lists")

    profile = models.ForeignKey(
        VolunteerProfile, on_delete=models.PROTECT, related_name="dbs_checks"
    )
    level = models.CharField(max_length=20, choices=Level.choices)
    certificate_number = models.CharField(max_length=12)
    issued_on = models.DateField(validators=[limits.not_before_record_floor])
    on_update_service = models.BooleanField(default=False)
    renewal_due = models.DateField(validators=[limits.not_before_record_floor])

    class Meta:
        ordering = ["-issued_on"]
        indexes = [models.Index(fields=["organisation", "renewal_due"])]

    def __str__(self) -> str:
        return f"{self.get_level_display()} DBS for {self.profile}"


class TrainingModule(OrgOwnedModel):
    """A training course. Four are mandatory for everyone who visits alone:
    Health and Safety, Lone Working, Safeguarding, Supporting Equality and
    Diversity. Organisations add their own."""

    name = models.CharField(max_length=120)
    mandatory = models.BooleanField(default=False)
    valid_for_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Leave empty if it never needs renewing.")
    )

    class Meta:
        ordering = ["-mandatory", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="training_module_unique")
        ]

    def __str__(self) -> str:
        return self.name


class TrainingRecord(OrgOwnedModel):
    profile = models.ForeignKey(VolunteerProfile, on_delete=models.PROTECT, related_name="training")
    module = models.ForeignKey(TrainingModule, on_delete=models.PROTECT, related_name="records")
    completed_on = models.DateField(validators=[limits.not_before_record_floor])
    expires_on = models.DateField(
        validators=[limits.not_before_record_floor], null=True, blank=True
    )

    class Meta:
        ordering = ["module__name", "-completed_on"]
        indexes = [models.Index(fields=["organisation", "expires_on"])]


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

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "level"], name="lone_alert_once_per_level")
        ]


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
