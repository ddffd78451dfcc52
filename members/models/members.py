"""A member: their record, who has looked at it, their login cards, and
their journey (referral, status steps, support flexed up and down, the
workers allocated to support them)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyring_net import limits
from keyring_net.fields import member_link, optional_link, record_date, staff_link, stamp
from keyring_net.tables import comes_after, once_in_organisation, org_index
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
    # The organisation's own reference for them (from its older system or
    # spreadsheets): how an import finds them again, so importing the same
    # file twice changes nothing. Unique in the organisation when given.
    reference = models.CharField(max_length=50, blank=True)
    date_of_birth = models.DateField(
        null=True, blank=True, validators=[limits.not_before_birth_floor]
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REFERRED)
    network = optional_link("networks.Network", "members")
    home = optional_link("networks.Home", "members")
    joined_on = record_date(optional=True)
    left_on = record_date(optional=True)
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
        indexes = [org_index("network", "status")]
        constraints = [
            once_in_organisation(
                "reference", name="member_reference_unique", condition=~models.Q(reference="")
            ),
            comes_after(
                "left_on",
                "joined_on",
                name="member_leaves_after_joining",
                or_same=True,
                optional=True,
            ),
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

    member = member_link("accesses")
    viewer = staff_link("record_accesses")
    # The role they looked with, as it was then (roles change later).
    viewer_role = models.CharField(max_length=30)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    # Shown among other members in a list (a list page or an API list),
    # rather than on a page or call about this member alone.
    in_list = models.BooleanField(default=False)
    viewed_at = stamp(db_index=True)

    class Meta:
        ordering = ["-viewed_at"]
        indexes = [org_index("member", "viewed_at")]

    def __str__(self) -> str:
        return f"{self.viewer} viewed {self.member} ({self.channel})"


class LoginCard(OrgOwnedModel):
    """A printable card with a QR code that signs a member in once.

    Many members cannot manage passwords; a support manager prints a card,
    the member scans it with their phone. Only a hash of the card's secret
    is kept, so a card can be printed once and never shown again. Single
    use, short-lived, revocable; issuing a new card revokes unused old ones.
    """

    member = member_link("login_cards")
    token_hash = models.CharField(max_length=64, unique=True)
    issued_by = staff_link()
    issued_at = stamp()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        indexes = [org_index("member", "issued_at")]

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
    referred_on = record_date()
    reason_in_referrers_words = models.TextField(max_length=limits.NOTE)
    reason_in_own_words = models.TextField(
        max_length=limits.NOTE,
        blank=True,
        help_text=_("What the person themselves wants from KeyRing."),
    )
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.NEW)
    assessment_started_on = record_date(optional=True)
    assessment_notes = models.TextField(max_length=limits.NOTE, blank=True)
    decided_on = record_date(optional=True)
    decision_reason = models.TextField(max_length=limits.REASON, blank=True)
    decided_by = staff_link(optional=True)

    class Meta:
        ordering = ["referred_on", "pk"]
        indexes = [org_index("stage", "referred_on")]

    def __str__(self) -> str:
        return f"Referral of {self.member}"


class StatusChange(OrgOwnedModel):
    """A step in a member's journey: referred, assessing, active, moved on,
    left. Dates and reasons are kept for good."""

    member = member_link("status_changes")
    from_status = models.CharField(max_length=10, choices=Member.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Member.Status.choices)
    on = record_date()
    reason = models.TextField(max_length=limits.REASON, blank=True)
    changed_by = staff_link(null=True)
    recorded_at = stamp()

    class Meta:
        ordering = ["-on", "-recorded_at"]
        indexes = [org_index("member", "on")]

    def __str__(self) -> str:
        return f"{self.member}: {self.from_status or 'new'} to {self.to_status}"


class SupportLevelChange(OrgOwnedModel):
    """Support flexed up or down, and why (a bereavement, a new job)."""

    member = member_link("level_changes")
    from_hours = models.DecimalField(max_digits=4, decimal_places=1)
    to_hours = models.DecimalField(max_digits=4, decimal_places=1)
    reason = models.TextField(max_length=limits.REASON)
    changed_by = staff_link(null=True)
    changed_at = stamp()

    class Meta:
        ordering = ["-changed_at"]
        indexes = [org_index("changed_at")]

    def __str__(self) -> str:
        return f"{self.member}: {self.from_hours} to {self.to_hours} hours"

    @property
    def is_up(self) -> bool:
        return self.to_hours > self.from_hours


class Allocation(OrgOwnedModel):
    """A worker allocated to a member (their CLV, an enabler). When a worker
    leaves, the manager moves all their allocations to someone else in one
    step; the old rows end, so history shows who supported whom, when."""

    member = member_link("allocations")
    worker = staff_link("allocations")
    started_on = record_date()
    ended_on = record_date(optional=True)

    class Meta:
        ordering = ["-started_on"]
        indexes = [org_index("worker", "ended_on")]

    def __str__(self) -> str:
        return f"{self.worker} supports {self.member}"
