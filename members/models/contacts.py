"""Support given: contact records and their later corrections."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyring_net import limits
from keyring_net.tenancy import OrgOwnedModel
from members.models.record import Member


class Contact(OrgOwnedModel):
    """Support given: who supported whom, when, for how long, how, about what.

    The raw material of hours and outcomes. Its author can edit it for 24
    hours; after that it changes only by an added ``ContactCorrection``.
    """

    class Method(models.TextChoices):
        VISIT = "visit", _("Visit")
        PHONE = "phone", _("Phone or message")
        HUB = "hub", _("At the hub")
        PEER = "peer", _("Peer support")
        COMMUNITY = "community", _("Out in the community")
        OUT_OF_HOURS = "out_of_hours", _("Out-of-hours helpline")

    class Topic(models.TextChoices):
        BILLS = "bills", _("Bills and letters")
        MONEY = "money", _("Money")
        HEALTH = "health", _("Health")
        WORK = "work", _("Work and learning")
        RELATIONSHIPS = "relationships", _("Relationships")
        HOUSING = "housing", _("Housing")
        COMMUNITY = "community", _("Community")
        WELLBEING = "wellbeing", _("How they are feeling")

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="contacts")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contacts_given"
    )
    # For peer support: the member who helped.
    peer = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="peer_contacts"
    )
    happened_at = models.DateTimeField(validators=[limits.not_before_record_floor])
    minutes = models.PositiveSmallIntegerField()
    method = models.CharField(max_length=20, choices=Method.choices)
    topics = models.JSONField(default=list, blank=True)
    notes = models.TextField(max_length=limits.NOTE, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Out-of-hours calls land on the support manager's handover list.
    handed_over_at = models.DateTimeField(null=True, blank=True)
    handed_over_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-happened_at"]
        indexes = [
            models.Index(fields=["organisation", "member", "happened_at"]),
            models.Index(fields=["organisation", "method", "handed_over_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} with {self.member}"


class ContactCorrection(OrgOwnedModel):
    """A correction to a contact record after its 24 hours: the original
    stays as written, and the correction and its reason sit beside it."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="corrections")
    text = models.TextField(max_length=limits.NOTE)
    reason = models.CharField(max_length=250)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["corrected_at"]

    def __str__(self) -> str:
        return f"Correction to {self.contact_id}"
