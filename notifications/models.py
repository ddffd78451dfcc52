"""Notifications: one mechanism for every reminder, prompt and alert.

A ``Notification`` is one message for one person about one thing, due at one
time. Its ``unique_key`` (kind + object + due date) makes creating it twice
a no-op. Each channel it goes out on has a ``Delivery`` row (unique per
notification and channel): the database, not the broker, is the record of
what is due and what was delivered. Every attempt to send is logged in
``DeliveryAttempt`` with its outcome.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from keyring_net.fields import part_of, staff_link, stamp
from keyring_net.tables import once_in_organisation, org_index
from keyring_net.tenancy import AppendOnlyModel, OrgOwnedModel


class Kind(models.TextChoices):
    VISIT_REMINDER = "visit_reminder", _("Visit reminder")
    APPOINTMENT_REMINDER = "appointment_reminder", _("Appointment reminder")
    PLAN_REVIEW = "plan_review", _("Plan review coming up")
    PLAN_REVIEW_OVERDUE = "plan_review_overdue", _("Plan review overdue")
    DBS_EXPIRING = "dbs_expiring", _("DBS check running out")
    TRAINING_EXPIRING = "training_expiring", _("Training running out")
    ROTA_GAPS = "rota_gaps", _("Rota gaps next week")
    LONE_WORKING_OVERDUE = "lone_working_overdue", _("Lone-working check-out overdue")
    SURVEY_INVITATION = "survey_invitation", _("Survey invitation")
    SURVEY_REMINDER = "survey_reminder", _("Survey reminder")
    REPORT_READY = "report_ready", _("Report ready")
    PANEL_SEAT = "panel_seat", _("On an interview panel")
    TASK_OVERDUE = "task_overdue", _("Task overdue")  # casework: tasks
    INVITATION = "invitation", _("Invitation to join")
    ACCOUNT = "account", _("Sign-in and account e-mail")
    GENERAL = "general", _("Message")
    # Safeguarding (casework): a concern was raised; urgent ones come at once.
    SAFEGUARDING_CONCERN = "safeguarding_concern", _("Safeguarding concern raised")
    SAFEGUARDING_URGENT = "safeguarding_urgent", _("Urgent safeguarding concern raised")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("On KeyRing Net")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message")


class Notification(OrgOwnedModel):
    """One message for one person, or for an e-mail ``address`` that is
    nobody's account (an out-of-hours inbox: then ``recipient`` is empty
    and the message goes by e-mail only). Title and body are written when
    it is created (easy read for members), so what was sent can be shown
    later exactly as it was; an e-mail holding a secret is kept ``sealed``
    until it is sent, and its title and body say only what it was."""

    recipient = staff_link("notifications", optional=True)
    address = models.EmailField(blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    # What it is about, as "app_label.model:pk" (or any short key).
    about = models.CharField(max_length=100)
    due_at = models.DateTimeField()
    unique_key = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=200, blank=True)
    easy_read = models.BooleanField(default=False)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = stamp()
    # The e-mail itself when it holds a secret (a sign-in code, a link to
    # choose a password): subject, text and HTML, encrypted
    # (``keyring_net.encryption``), read by the sender and wiped once sent.
    # Title and body then only say what it was.
    sealed = models.TextField(blank=True)

    class Meta:
        ordering = ["-due_at", "-pk"]
        indexes = [org_index("recipient", "due_at")]
        constraints = [
            once_in_organisation(
                "unique_key", "recipient", name="notification_once_per_key_and_person"
            ),
            once_in_organisation(
                "unique_key",
                "address",
                condition=Q(recipient__isnull=True),
                name="notification_once_per_key_and_address",
            ),
            models.CheckConstraint(
                name="notification_to_someone",
                condition=Q(recipient__isnull=False) | ~Q(address=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (to {self.address or self.recipient_id})"


class Delivery(OrgOwnedModel):
    """One notification on one channel, and where its sending has got to.

    waiting -> queued (dispatcher) -> sending -> sent, or back to waiting
    with a later ``next_attempt_at`` after a failure, ending ``failed`` after
    ``MAX_ATTEMPTS``. E-mail or SMS left ``sending`` goes back to waiting
    if its worker died before handing it to the provider (``handed_at``
    empty), and otherwise (the provider may have accepted it) becomes
    ``unknown``, for a person to check: it is never sent again on its own. States move only by
    conditional updates (``filter(state=...).update(...)``); the
    ``DeliveryAttempt`` log keeps every try.
    """

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not send")
        UNKNOWN = "unknown", _("May not have been sent")

    notification = part_of(Notification, "deliveries")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    queued_at = models.DateTimeField(null=True, blank=True)
    sending_at = models.DateTimeField(null=True, blank=True)
    # When the worker handed it to the provider: a worker that died before
    # then sent nothing, so the sweeper sends it again.
    handed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    provider_id = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-next_attempt_at", "-pk"]
        verbose_name_plural = "deliveries"
        indexes = [
            org_index("state", "next_attempt_at"),
            org_index("state", "queued_at"),
        ]
        constraints = [
            once_in_organisation("notification", "channel", name="delivery_once_per_channel"),
            models.CheckConstraint(
                name="delivery_channel_known",
                condition=Q(channel__in=["in_app", "email", "sms"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.get_state_display()}"


class DeliveryAttempt(AppendOnlyModel):
    """Every try at sending, with its outcome: the record of what went out."""

    class Outcome(models.TextChoices):
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        UNKNOWN = "unknown", _("Not known")

    delivery = part_of(Delivery, "log")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    error = models.CharField(max_length=300, blank=True)
    provider_id = models.CharField(max_length=100, blank=True)
    at = stamp()

    class Meta:
        ordering = ["at", "pk"]


class NotificationPreference(OrgOwnedModel):
    """How one person wants to hear from us in one organisation.

    Quiet hours run from ``quiet_from`` to ``quiet_until``, both local times
    in the organisation's time zone; with ``quiet_overnight`` the end is the
    next morning (21:00 to 07:00). E-mail and texts due inside them wait for
    the end; the in-app message appears at once.
    """

    user = staff_link("notification_preferences")
    channels = models.JSONField(default=list, blank=True)
    quiet_from = models.TimeField(null=True, blank=True)
    quiet_until = models.TimeField(null=True, blank=True)
    quiet_overnight = models.BooleanField(default=True)
    sms_phone = models.CharField(max_length=13, blank=True)
    remind_day_before = models.BooleanField(default=True)
    remind_hour_before = models.BooleanField(default=False)

    class Meta:
        constraints = [once_in_organisation("user", name="notification_preference_once_per_person")]

    def __str__(self) -> str:
        return f"Notification choices of {self.user_id}"
