"""The people and places around a member: what they consent to share, the
people they choose, who they know in the network, and the places they use."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from keyring_net import limits
from keyring_net.tenancy import OrgOwnedModel
from members.models.record import Member


class Consent(OrgOwnedModel):
    """What a member agreed to share, with whom, and when."""

    class Topic(models.TextChoices):
        SHARE_WITH_GP = "gp", _("Share information with my GP")
        SHARE_WITH_SOCIAL_WORKER = "social_worker", _("Share information with my social worker")
        SHARE_WITH_FAMILY = "family", _("Share information with my family")
        SHARE_WITH_NETWORK = "network", _("Tell my network neighbours my name and number")
        PHOTOS = "photos", _("Photos of me in newsletters")
        OUTCOME_REPORTS = "reports", _("My information in reports (without my name)")
        OTHER = "other", _("Something else")

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="consents")
    topic = models.CharField(max_length=20, choices=Topic.choices)
    shared_with = models.CharField(max_length=200, blank=True)
    details = models.TextField(max_length=limits.NOTE, blank=True)
    given = models.BooleanField(help_text=_("Yes if they agreed, no if they said no."))
    recorded_on = models.DateField(validators=[limits.not_before_record_floor])
    review_on = models.DateField(validators=[limits.not_before_record_floor], null=True, blank=True)
    withdrawn_on = models.DateField(
        validators=[limits.not_before_record_floor], null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["topic", "-recorded_on"]
        indexes = [models.Index(fields=["organisation", "member"])]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_topic_display()}"


class ChosenPerson(OrgOwnedModel):
    """Someone the member chooses to involve: family, a friend, an advocate;
    and who to ring in an emergency."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="chosen_people")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=100)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    is_emergency_contact = models.BooleanField(default=False)
    may_be_told = models.CharField(
        max_length=250, blank=True, help_text=_("What the member is happy for them to know.")
    )
    do_not_contact = models.BooleanField(
        default=False, help_text=_("The member asks that this person is never contacted.")
    )

    class Meta:
        ordering = ["-is_emergency_contact", "name"]
        indexes = [models.Index(fields=["organisation", "member"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"


class PeerConnection(OrgOwnedModel):
    """Two members who know and help each other. Recorded only when both
    agree; ``member_a`` is always the one with the lower id."""

    member_a = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    member_b = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    a_agreed_on = models.DateField(validators=[limits.not_before_record_floor])
    b_agreed_on = models.DateField(validators=[limits.not_before_record_floor])
    started_on = models.DateField(validators=[limits.not_before_record_floor])
    ended_on = models.DateField(validators=[limits.not_before_record_floor], null=True, blank=True)
    note = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["-started_on"]
        indexes = [models.Index(fields=["organisation", "started_on"])]
        constraints = [
            models.CheckConstraint(
                name="peer_connection_ordered",
                condition=models.Q(member_a__lt=models.F("member_b")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_a} and {self.member_b}"


class CommunityConnection(OrgOwnedModel):
    """A member's link with a place or person in the neighbourhood."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="community_connections"
    )
    asset = models.ForeignKey(
        "networks.CommunityAsset", on_delete=models.PROTECT, related_name="connections"
    )
    started_on = models.DateField(validators=[limits.not_before_record_floor])
    ended_on = models.DateField(validators=[limits.not_before_record_floor], null=True, blank=True)
    note = models.CharField(max_length=250, blank=True)
    introduced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-started_on"]
        indexes = [models.Index(fields=["organisation", "member", "started_on"])]

    def __str__(self) -> str:
        return f"{self.member} and {self.asset}"
