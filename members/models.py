"""Members: people who live in their own homes in a network."""

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
