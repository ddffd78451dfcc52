"""Members: people who live in their own homes in a network."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyring_net.tenancy import AppendOnlyModel, OrgOwnedModel


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
    joined_on = models.DateField(null=True, blank=True)
    # Special-category data (health, disability). Never logged, never put in
    # task arguments; seen only by the roles in policy.FIELD_RULES.
    support_needs = models.TextField(
        blank=True, help_text=_("Health and support needs, in the member's own words if they wish.")
    )

    class Meta:
        ordering = ["full_name"]
        indexes = [models.Index(fields=["organisation", "network", "status"])]

    def __str__(self) -> str:
        return self.preferred_name or self.full_name


class RecordAccess(AppendOnlyModel):
    """Someone looked at a member's record. Append-only: written by
    ``services.record_member_access`` and never changed or deleted, so a
    member can always see who has looked at their record."""

    class Channel(models.TextChoices):
        PAGE = "page", _("Web page")
        API = "api", _("API")
        PDF = "pdf", _("PDF")
        EXPORT = "export", _("Export")

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="accesses")
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="record_accesses"
    )
    # The role they looked with, as it was then (roles change later).
    viewer_role = models.CharField(max_length=30)
    channel = models.CharField(max_length=10, choices=Channel.choices)
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
