"""Members: people who live in their own homes in a network."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from keyring_net.tenancy import OrgOwnedModel


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

    class Meta:
        ordering = ["full_name"]
        indexes = [models.Index(fields=["organisation", "network", "status"])]

    def __str__(self) -> str:
        return self.preferred_name or self.full_name
