"""Creating, sending and reading notifications.

Public entry point for other apps: ``notify()`` (one) and
``create_notifications()`` (many, a constant number of queries). Both are
no-ops for a notification whose unique key the person already has.

Sending follows REFERENCE §6: the database is the record. The dispatcher
moves due ``waiting`` deliveries to ``queued`` and enqueues one task each
after commit; the sweeper re-enqueues ``queued`` rows nobody picked up (a
dead worker, a lost publish, a flushed Redis) and moves e-mail or SMS left
``sending`` to ``unknown``. A delivery task claims its row with a
conditional update, so a repeated message sends nothing.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone

from keyring_net.actors import Actor, audited
from keyring_net.clock import local_zone
from keyring_net.models import Organisation, User
from notifications import rules
from notifications.models import (
    Channel,
    Delivery,
    DeliveryAttempt,
    Kind,
    Notification,
    NotificationPreference,
)
from notifications.sms import SmsError, get_sms_backend

logger = logging.getLogger(__name__)

BATCH = 200
MAX_ATTEMPTS = 5
# A queued delivery nobody has started after this long is queued again.
QUEUED_STALE = datetime.timedelta(minutes=2)
# An e-mail or text still "sending" after this long may or may not have gone.
SENDING_STALE = datetime.timedelta(minutes=10)
State = Delivery.State


def make_key(kind: str, about: str, due: datetime.date | datetime.datetime) -> str:
    """kind + object + due date: the same reminder twice has the same key."""
    day = due.date() if isinstance(due, datetime.datetime) else due
    return f"{kind}:{about}:{day.isoformat()}"


@dataclass
class Spec:
    """One notification to create. ``easy_read`` ``None``: decided from
    whether the recipient is a member of the organisation."""

    recipient_id: int
    kind: str
    about: str
    due_at: datetime.datetime
    context: dict = field(default_factory=dict)
    link: str = ""
    unique_key: str = ""
    easy_read: bool | None = None
    # Channels not to use even if the person chose them (sent another way).
    skip_channels: frozenset[str] = frozenset()
    # Channels to use even if the person did not choose them (a message that
    # has always gone by e-mail, like a lone-working alert).
    always_channels: frozenset[str] = frozenset()

    def key(self) -> str:
        return self.unique_key or make_key(self.kind, self.about, self.due_at)


def render_message(kind: str, context: dict, *, easy_read: bool) -> tuple[str, str]:
    """Title (first line) and body of ``notifications/messages/<kind>.txt``."""
    text = render_to_string(
        f"notifications/messages/{kind}.txt", {**context, "easy_read": easy_read}
    ).strip()
    title, _, body = text.partition("\n")
    lines = [line.strip() for line in body.strip().splitlines()]
    return title.strip()[:200], "\n".join(line for line in lines if line)


def notify(
    *,
    organisation: Organisation,
    recipient: User,
    kind: str,
    about: str,
    due_at: datetime.datetime,
    unique_key: str = "",
    context: dict | None = None,
    link: str = "",
) -> Notification:
    """Tell ``recipient`` about ``about`` at ``due_at`` on the channels they
    chose. A no-op (returning the existing notification) when they already
    have one with this key; ``unique_key`` defaults to kind + about + the
    due date. Run inside the organisation's scope. Sent after commit."""
    spec = Spec(
        recipient_id=recipient.pk,
        kind=kind,
        about=about,
        due_at=due_at,
        context=context or {},
        link=link,
        unique_key=unique_key,
    )
    create_notifications(organisation=organisation, specs=[spec])
    return Notification.objects.get(
        organisation=organisation, recipient_id=recipient.pk, unique_key=spec.key()
    )


def create_notifications(*, organisation: Organisation, specs: list[Spec]) -> int:
    """Create the notifications in ``specs`` that do not exist yet, with a
    delivery for each channel their recipient chose. Returns how many
    deliveries were added. Five queries (six when easy read must be looked
    up), however many specs: callers batch.

    Safe to run twice or at once: the unique constraints refuse repeats
    (``ignore_conflicts``), and a notification gets its deliveries only
    while it has none.
    """
    if not specs:
        return 0
    from members.models import Member

    unknown = [s for s in specs if s.kind not in Kind.values]
    if unknown:
        raise ValidationError(f"Unknown kind of notification: {unknown[0].kind}.")
    recipient_ids = {s.recipient_id for s in specs}
    if any(s.easy_read is None for s in specs):
        members = set(
            Member.objects.filter(organisation=organisation, user_id__in=recipient_ids).values_list(
                "user_id", flat=True
            )
        )
    else:
        members = set()
    now = timezone.now()
    rows, seen = [], {}
    for spec in specs:
        key = (spec.key(), spec.recipient_id)
        if key in seen:
            continue
        seen[key] = spec
        easy = spec.easy_read if spec.easy_read is not None else spec.recipient_id in members
        title, body = render_message(spec.kind, spec.context, easy_read=easy)
        rows.append(
            Notification(
                organisation=organisation,
                recipient_id=spec.recipient_id,
                kind=spec.kind,
                about=spec.about[:100],
                due_at=spec.due_at,
                unique_key=key[0],
                title=title,
                body=body,
                link=spec.link,
                easy_read=easy,
                created_at=now,
            )
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    fresh = [
        n
        for n in Notification.objects.filter(
            organisation=organisation,
            recipient_id__in=recipient_ids,
            unique_key__in={k for k, _ in seen},
            deliveries__isnull=True,
        ).only("pk", "recipient_id", "unique_key", "due_at")
        if (n.unique_key, n.recipient_id) in seen
    ]
    if not fresh:
        return 0
    preferences = {
        p.user_id: p
        for p in NotificationPreference.objects.filter(
            organisation=organisation, user_id__in={n.recipient_id for n in fresh}
        )
    }
    zone = local_zone(organisation)
    deliveries = []
    for notification in fresh:
        preference = preferences.get(notification.recipient_id)
        channels = preference.channels if preference and preference.channels else None
        spec = seen[(notification.unique_key, notification.recipient_id)]
        chosen = set(channels or rules.DEFAULT_CHANNELS) | spec.always_channels
        for channel in [c for c in rules.CHANNELS if c in chosen]:
            if channel in spec.skip_channels:
                continue
            if channel == Channel.SMS and not (preference and preference.sms_phone):
                continue
            due = notification.due_at
            if channel != Channel.IN_APP and spec.kind not in rules.IMMEDIATE_KINDS:
                due = _after_quiet_hours(due, preference, zone)
            deliveries.append(
                Delivery(
                    organisation=organisation,
                    notification_id=notification.pk,
                    channel=channel,
                    next_attempt_at=due,
                )
            )
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    return len(deliveries)


def _after_quiet_hours(
    at: datetime.datetime, preference: NotificationPreference | None, zone: ZoneInfo
) -> datetime.datetime:
    if preference is None:
        return at
    end = rules.quiet_hours_end(
        at,
        zone=zone,
        quiet_from=preference.quiet_from,
        quiet_until=preference.quiet_until,
        overnight=preference.quiet_overnight,
    )
    return end or at


# --- Preferences ------------------------------------------------------------------


@transaction.atomic
def preference_update(
    *,
    actor: Actor,
    channels: list[str],
    quiet_from: datetime.time | None = None,
    quiet_until: datetime.time | None = None,
    quiet_overnight: bool = True,
    sms_phone: str = "",
    remind_day_before: bool = True,
    remind_hour_before: bool = False,
) -> NotificationPreference:
    """Save the acting person's own choices. Raises ``ValidationError``
    keyed by field: an unknown channel, a phone that is not a UK mobile, a
    text message chosen with no phone, quiet hours that end before they
    start (see ``rules``)."""
    errors: dict[str, list[str]] = {}
    try:
        channels = rules.clean_channels(channels)
    except ValidationError as error:
        errors["channels"] = error.messages
    phone = ""
    if sms_phone and sms_phone.strip():
        try:
            phone = rules.normalise_uk_mobile(sms_phone)
        except ValidationError as error:
            errors["sms_phone"] = error.messages
    elif "channels" not in errors and Channel.SMS in channels:
        errors["sms_phone"] = [rules.SMS_NEEDS_PHONE_MESSAGE]
    try:
        rules.check_quiet_hours(quiet_from, quiet_until, quiet_overnight)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    preference = NotificationPreference.objects.filter(
        organisation=actor.organisation, user=actor.user
    ).first() or NotificationPreference(organisation=actor.organisation, user=actor.user)
    preference.channels = channels
    preference.quiet_from = quiet_from
    preference.quiet_until = quiet_until
    preference.quiet_overnight = quiet_overnight
    preference.sms_phone = phone
    preference.remind_day_before = remind_day_before
    preference.remind_hour_before = remind_hour_before
    audited(preference, actor).save()
    return preference


# --- Reading ----------------------------------------------------------------------


@transaction.atomic
def notification_mark_read(*, actor: Actor, notification: Notification) -> Notification:
    """Mark one of the acting person's own notifications read (once)."""
    if notification.recipient_id != actor.user.pk:
        raise ValidationError("This is not your notification.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        audited(notification, actor).save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor: Actor) -> int:
    """Mark every unread notification in the acting person's inbox read.
    One update (no change history per row: reading is not a change of
    substance)."""
    delivered = Delivery.objects.filter(
        notification_id=OuterRef("pk"), channel=Channel.IN_APP, state=State.SENT
    )
    return (
        Notification.objects.filter(
            organisation=actor.organisation, recipient=actor.user, read_at__isnull=True
        )
        .filter(Exists(delivered))
        .update(read_at=timezone.now())
    )


@transaction.atomic
def delivery_retry(*, actor: Actor, delivery: Delivery) -> Delivery:
    """A manager sends a failed (or possibly unsent) delivery again."""
    from keyring_net.access import require
    from keyring_net.policy import Permission

    require(actor, Permission.VIEW_SENT_NOTIFICATIONS)
    changed = Delivery.objects.filter(
        pk=delivery.pk, organisation=actor.organisation, state__in=[State.FAILED, State.UNKNOWN]
    ).update(state=State.WAITING, attempts=0, next_attempt_at=timezone.now(), last_error="")
    if not changed:
        raise ValidationError("Only a message that could not be sent can be tried again.")
    delivery.refresh_from_db()
    return delivery


# --- Dispatching and sweeping (beat) --------------------------------------------------


def _enqueue(delivery_ids: list[int], organisation_id: int) -> None:
    from notifications.tasks import deliver_notification_task

    for delivery_id in delivery_ids:
        deliver_notification_task.delay_on_commit(delivery_id, organisation_id)


def dispatch_due_batch(
    *, organisation: Organisation, now: datetime.datetime | None = None, batch: int = BATCH
) -> int:
    """Queue up to ``batch`` due waiting deliveries and enqueue their tasks
    after this transaction commits. Two queries. Rows another dispatcher
    holds are skipped (``skip_locked``, PostgreSQL), so two beats never
    take the same row. Returns how many were queued."""
    now = now or timezone.now()
    ids = list(
        Delivery.objects.select_for_update(skip_locked=True)
        .filter(organisation=organisation, state=State.WAITING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:batch]
    )
    if ids:
        Delivery.objects.filter(pk__in=ids, state=State.WAITING).update(
            state=State.QUEUED, queued_at=now
        )
        _enqueue(ids, organisation.pk)
    return len(ids)


def requeue_stale_batch(
    *, organisation: Organisation, now: datetime.datetime | None = None, batch: int = BATCH
) -> int:
    """Enqueue again up to ``batch`` deliveries left ``queued`` for longer
    than ``QUEUED_STALE``. Two queries. Redoing work is harmless: the task
    claims its row, so a delivery already made is not made again."""
    now = now or timezone.now()
    ids = list(
        Delivery.objects.select_for_update(skip_locked=True)
        .filter(organisation=organisation, state=State.QUEUED, queued_at__lt=now - QUEUED_STALE)
        .order_by("queued_at")
        .values_list("pk", flat=True)[:batch]
    )
    if ids:
        Delivery.objects.filter(pk__in=ids, state=State.QUEUED).update(queued_at=now)
        _enqueue(ids, organisation.pk)
    return len(ids)


def mark_stuck_unknown_batch(
    *, organisation: Organisation, now: datetime.datetime | None = None, batch: int = BATCH
) -> int:
    """E-mail or SMS still ``sending`` after ``SENDING_STALE``: the provider
    may have taken it before the worker died. Mark it ``unknown`` for a
    person to check, never send it again on its own. Three queries."""
    now = now or timezone.now()
    ids = list(
        Delivery.objects.select_for_update(skip_locked=True)
        .filter(organisation=organisation, state=State.SENDING, sending_at__lt=now - SENDING_STALE)
        .order_by("pk")
        .values_list("pk", flat=True)[:batch]
    )
    if ids:
        Delivery.objects.filter(pk__in=ids, state=State.SENDING).update(
            state=State.UNKNOWN, last_error="The worker stopped while sending."
        )
        DeliveryAttempt.objects.bulk_create(
            DeliveryAttempt(
                organisation=organisation,
                delivery_id=pk,
                outcome=DeliveryAttempt.Outcome.UNKNOWN,
                error="The worker stopped while sending.",
                at=now,
            )
            for pk in ids
        )
    return len(ids)


# --- Delivering one ---------------------------------------------------------------


@dataclass
class Job:
    delivery_id: int
    channel: str
    to: str
    title: str
    body: str
    provider_id: str = ""


def deliver(*, organisation_id: int, delivery_id: int) -> str:
    """Deliver one queued delivery; returns what happened.

    In-app: claimed and marked sent in one transaction, so it can never
    happen twice. E-mail and SMS: ``sending`` is committed before the
    provider is called (its own transaction), and the outcome recorded in
    another; a crash between leaves ``sending``, which the sweeper turns
    into ``unknown``. Not atomic as a whole on purpose: the provider call
    must not sit inside a transaction that could still roll back.
    """
    from keyring_net.tasks import in_organisation

    with in_organisation(organisation_id) as organisation:
        job = _claim(organisation=organisation, delivery_id=delivery_id)
    if isinstance(job, str):
        return job
    outcome = _send(job)
    with in_organisation(organisation_id) as organisation:
        _record(organisation=organisation, job=job, outcome=outcome)
    return "sent" if outcome is None else "failed"


def _claim(*, organisation: Organisation, delivery_id: int) -> Job | str:
    delivery = (
        Delivery.objects.filter(organisation=organisation, pk=delivery_id)
        .select_related("notification__recipient")
        .first()
    )
    if delivery is None or delivery.state != State.QUEUED:
        return "nothing to do"
    now = timezone.now()
    if delivery.channel == Channel.IN_APP:
        claimed = Delivery.objects.filter(pk=delivery_id, state=State.QUEUED).update(
            state=State.SENT, sent_at=now, attempts=F("attempts") + 1
        )
        if claimed:
            DeliveryAttempt.objects.create(
                organisation=organisation,
                delivery_id=delivery_id,
                outcome=DeliveryAttempt.Outcome.SENT,
                at=now,
            )
        return "sent" if claimed else "nothing to do"
    notification = delivery.notification
    preference = NotificationPreference.objects.filter(
        organisation=organisation, user_id=notification.recipient_id
    ).first()
    later = now
    if notification.kind not in rules.IMMEDIATE_KINDS:
        later = _after_quiet_hours(now, preference, local_zone(organisation))
    if later > now:  # chosen quiet hours began after it was queued
        Delivery.objects.filter(pk=delivery_id, state=State.QUEUED).update(
            state=State.WAITING, next_attempt_at=later, queued_at=None
        )
        return "deferred"
    to = notification.recipient.email
    if delivery.channel == Channel.SMS:
        to = preference.sms_phone if preference else ""
    claimed = Delivery.objects.filter(pk=delivery_id, state=State.QUEUED).update(
        state=State.SENDING, sending_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return "nothing to do"
    body = notification.body
    if notification.link:
        body = f"{body}\n\n{settings.SITE_URL}{notification.link}"
    return Job(delivery_id, delivery.channel, to, notification.title, body)


@dataclass
class Failure:
    error: str
    permanent: bool = False


def _send(job: Job) -> Failure | None:
    """Call the outside world. No database work here."""
    if not job.to:
        return Failure("No address to send to.", permanent=True)
    try:
        if job.channel == Channel.EMAIL:
            send_mail(job.title, job.body, None, [job.to])
        else:
            result = get_sms_backend().send(
                to=job.to,
                body=f"{job.title}\n{job.body}"[:600],
                idempotency_key=str(job.delivery_id),
            )
            job.provider_id = result.provider_id
    except SmsError as error:
        return Failure(str(error)[:300], permanent=error.permanent)
    except Exception as error:  # the mail server refused or is down: try again later
        logger.warning("sending delivery %s failed: %s", job.delivery_id, error)
        return Failure(f"{type(error).__name__}: {error}"[:300])
    return None


def backoff(attempts: int) -> datetime.timedelta:
    """1, 2, 4, 8 ... minutes after the attempt, at most an hour."""
    return datetime.timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


def _record(*, organisation: Organisation, job: Job, outcome: Failure | None) -> None:
    now = timezone.now()
    live = Delivery.objects.filter(pk=job.delivery_id, state__in=[State.SENDING, State.UNKNOWN])
    provider_id = job.provider_id
    if outcome is None:
        live.update(state=State.SENT, sent_at=now, provider_id=provider_id, last_error="")
        result = DeliveryAttempt.Outcome.SENT
    else:
        attempts = Delivery.objects.filter(pk=job.delivery_id).values_list("attempts", flat=True)
        attempts = attempts.first() or MAX_ATTEMPTS
        if outcome.permanent or attempts >= MAX_ATTEMPTS:
            live.update(state=State.FAILED, last_error=outcome.error)
        else:
            live.update(
                state=State.WAITING,
                next_attempt_at=now + backoff(attempts),
                queued_at=None,
                last_error=outcome.error,
            )
        result = DeliveryAttempt.Outcome.FAILED
    DeliveryAttempt.objects.create(
        organisation=organisation,
        delivery_id=job.delivery_id,
        outcome=result,
        error="" if outcome is None else outcome.error,
        provider_id=provider_id,
        at=now,
    )
