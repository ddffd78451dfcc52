"""Volunteers and enablers: profiles and recruitment (interviews, references,
DBS checks) and training."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from keyring_net import limits
from keyring_net.fields import staff_link
from keyring_net.tables import once_in_organisation
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
    # The organisation's own reference for them (from its older system or
    # spreadsheets): how an import finds them again, so importing the same
    # file twice changes nothing. Unique in the organisation when given.
    reference = models.CharField(max_length=50, blank=True)
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
            ),
            once_in_organisation(
                "reference",
                name="volunteer_reference_unique",
                condition=~models.Q(reference=""),
            ),
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
    # The panel's decision (``volunteers.services.panels.interview_decide``):
    # why, who made it and when. Every panel member's scores stay as they were.
    decision_reasons = models.TextField(max_length=limits.REASON, blank=True)
    decided_by = staff_link(optional=True)
    decided_at = models.DateTimeField(null=True, blank=True)

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
