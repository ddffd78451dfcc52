"""The member's record: who they are, who has looked at it, and their login cards."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyring_net import limits
from keyring_net.tenancy import AppendOnlyModel, OrgOwnedModel


class CommunicationNeed(models.TextChoices):
    """Information and communication needs, in the categories of the NHS
    Accessible Information Standard (DAPB1605)."""

    EASY_READ = "easy_read", _("Easy read")
    LARGE_PRINT = "large_print", _("Large print")
    READ_ALOUD = "read_aloud", _("Read aloud to them")
    BSL = "bsl", _("British Sign Language interpreter")
    SUPPORTER = "supporter", _("A supporter present")
    BRAILLE = "braille", _("Braille")
    AUDIO = "audio", _("Audio recording")
    PLAIN_TEXT_EMAIL = "plain_text_email", _("Plain-text e-mail")
    TELEPHONE = "telephone", _("Telephone rather than letters")
    INTERPRETER = "interpreter", _("A spoken-language interpreter")


class Member(OrgOwnedModel):
    """A person the organisation supports, living in their own tenancy."""

    class Status(models.TextChoices):
        REFERRED = "referred", _("Referred")
        ASSESSING = "assessing", _("Assessing")
        ACTIVE = "active", _("Active")
        MOVED_ON = "moved_on", _("Moved on")
        LEFT = "left", _("Left")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_record",
        help_text=_("Their own login, if they have one."),
    )
    full_name = models.CharField(max_length=200)
    preferred_name = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REFERRED)
    network = models.ForeignKey(
        "networks.Network", null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    home = models.ForeignKey(
        "networks.Home", null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    joined_on = models.DateField(validators=[limits.not_before_record_floor], null=True, blank=True)
    left_on = models.DateField(validators=[limits.not_before_record_floor], null=True, blank=True)
    # Paid support hours a week, flexed up or down over time
    # (``SupportLevelChange`` keeps every change and its reason).
    support_hours_per_week = models.DecimalField(
        max_digits=4, decimal_places=1, default=Decimal("2.0")
    )
    # The NHS Accessible Information Standard: how this member needs
    # information. Every page, PDF and message addressed to them honours it.
    communication_needs = models.JSONField(default=list, blank=True)
    communication_notes = models.CharField(max_length=250, blank=True)
    # Special-category data (health, disability). Never logged, never put in
    # task arguments; seen only by the roles in policy.FIELD_RULES.
    support_needs = models.TextField(
        max_length=limits.NOTE,
        blank=True,
        help_text=_("Health and support needs, in the member's own words if they wish."),
    )

    class Meta:
        ordering = ["full_name"]
        indexes = [models.Index(fields=["organisation", "network", "status"])]
        constraints = [
            models.CheckConstraint(
                name="member_leaves_after_joining",
                condition=models.Q(left_on__isnull=True)
                | models.Q(joined_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
            )
        ]

    def get_communication_needs_display(self) -> list[str]:
        """The member's communication needs in words, in the standard's order."""
        labels = dict(CommunicationNeed.choices)
        return [str(labels[need]) for need in self.communication_needs if need in labels]

    def __str__(self) -> str:
        return self.preferred_name or self.full_name


class RecordAccess(AppendOnlyModel):
    """Someone looked at a member's record, on its own or in a list.
    Append-only: written by ``services.record_member_access`` (one member)
    and ``services.record_members_access`` (a list) and never changed or
    deleted, so a member can always see who has looked at their record."""

    class Channel(models.TextChoices):
        PAGE = "page", _("Web page")
        API = "api", _("API")
        PDF = "pdf", _("PDF")
        EXPORT = "export", _("Export")
        # Platform staff opening the record in the Django admin.
        ADMIN = "admin", _("Service admin")

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="accesses")
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="record_accesses"
    )
    # The role they looked with, as it was then (roles change later).
    viewer_role = models.CharField(max_length=30)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    # Shown among other members in a list (a list page or an API list),
    # rather than on a page or call about this member alone.
    in_list = models.BooleanField(default=False)
    viewed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-viewed_at"]
        indexes = [models.Index(fields=["organisation", "member", "viewed_at"])]

    def __str__(self) -> str:
        return f"{self.viewer} viewed {self.member} ({self.channel})"


class LoginCard(OrgOwnedModel):
    """A printable card with a QR code that signs a member in once.

    Many members cannot manage passwords; a support manager prints a card,
    the member scans it with their phone. Only a hash of the card's secret
    is kept, so a card can be printed once and never shown again. Single
    use, short-lived, revocable; issuing a new card revokes unused old ones.
    """

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="login_cards")
    token_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["organisation", "member", "issued_at"])]

    def __str__(self) -> str:
        return f"Login card for {self.member} issued {self.issued_at:%d %b %Y}"

    @property
    def state(self) -> str:
        if self.revoked_at:
            return "revoked"
        if self.used_at:
            return "used"
        if self.expires_at <= timezone.now():
            return "expired"
        return "ready"
