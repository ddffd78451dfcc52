"""Support around a member: what they consent to share, the people they
choose, the support given to them (contacts and their corrections), who
they know in the network and the places they use."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.utils.translation import gettext_lazy as _

from keyring_net import limits
from keyring_net.fields import member_link, record_date, record_time, staff_link, stamp
from keyring_net.tables import org_index
from keyring_net.tenancy import OrgOwnedModel


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

    member = member_link("consents")
    topic = models.CharField(max_length=20, choices=Topic.choices)
    shared_with = models.CharField(max_length=200, blank=True)
    details = models.TextField(max_length=limits.NOTE, blank=True)
    given = models.BooleanField(help_text=_("Yes if they agreed, no if they said no."))
    recorded_on = record_date()
    review_on = record_date(optional=True)
    withdrawn_on = record_date(optional=True)
    recorded_by = staff_link(null=True)

    class Meta:
        ordering = ["topic", "-recorded_on"]
        indexes = [org_index("member")]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_topic_display()}"


class ChosenPerson(OrgOwnedModel):
    """Someone the member chooses to involve: family, a friend, an advocate;
    and who to ring in an emergency."""

    member = member_link("chosen_people")
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
        indexes = [org_index("member")]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"


class PeerConnection(OrgOwnedModel):
    """Two members who know and help each other. Recorded only when both
    agree; ``member_a`` is always the one with the lower id."""

    member_a = member_link("+")
    member_b = member_link("+")
    a_agreed_on = record_date()
    b_agreed_on = record_date()
    started_on = record_date()
    ended_on = record_date(optional=True)
    note = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["-started_on"]
        indexes = [org_index("started_on")]
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

    member = member_link("community_connections")
    asset = models.ForeignKey(
        "networks.CommunityAsset", on_delete=models.PROTECT, related_name="connections"
    )
    started_on = record_date()
    ended_on = record_date(optional=True)
    note = models.CharField(max_length=250, blank=True)
    introduced_by = staff_link(optional=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-started_on"]
        indexes = [org_index("member", "started_on")]

    def __str__(self) -> str:
        return f"{self.member} and {self.asset}"


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

    member = member_link("contacts")
    worker = staff_link("contacts_given")
    # For peer support: the member who helped.
    peer = member_link("peer_contacts", null=True, blank=True)
    happened_at = record_time()
    minutes = models.PositiveSmallIntegerField()
    method = models.CharField(max_length=20, choices=Method.choices)
    topics = models.JSONField(default=list, blank=True)
    notes = models.TextField(max_length=limits.NOTE, blank=True)
    created_at = stamp()
    # Out-of-hours calls land on the support manager's handover list.
    handed_over_at = models.DateTimeField(null=True, blank=True)
    handed_over_to = staff_link(optional=True)

    class Meta:
        ordering = ["-happened_at"]
        indexes = [
            org_index("member", "happened_at"),
            org_index("method", "handed_over_at"),
            # Full-text search of the notes (search/), built on PostgreSQL
            # only (migration 0011); SQLite searches without it.
            GinIndex(SearchVector("notes", config="english"), name="contact_notes_search"),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} with {self.member}"


class ContactCorrection(OrgOwnedModel):
    """A correction to a contact record after its 24 hours: the original
    stays as written, and the correction and its reason sit beside it."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="corrections")
    text = models.TextField(max_length=limits.NOTE)
    reason = models.CharField(max_length=250)
    corrected_by = staff_link()
    corrected_at = stamp()

    class Meta:
        ordering = ["corrected_at"]

    def __str__(self) -> str:
        return f"Correction to {self.contact_id}"
