"""Sending notifications (REFERENCE §6): the database is the record.

The dispatcher moves due ``waiting`` deliveries to ``queued`` and enqueues
one task each after commit; the sweeper queues again ``queued`` rows nobody
picked up (a dead worker, a lost publish, a flushed Redis), and settles
e-mail or SMS left ``sending``: one its worker never handed to the provider
goes back to ``waiting`` to be sent again, one it did becomes ``unknown``
(never sent again on its own). A delivery task claims its row with a
conditional update, so a repeated message sends nothing.
"""

from __future__ import annotations

import datetime
import json
import logging
from dataclasses import dataclass

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from keyring_net import encryption
from keyring_net.actors import Actor
from keyring_net.clock import local_zone
from keyring_net.models import Organisation
from notifications import rules
from notifications.models import (
    Channel,
    Delivery,
    DeliveryAttempt,
    Notification,
    NotificationPreference,
)
from notifications.services.create import after_quiet_hours
from notifications.sms import SmsError, get_sms_backend

logger = logging.getLogger(__name__)

BATCH = 200
MAX_ATTEMPTS = 5
# A queued delivery nobody has started after this long is queued again.
QUEUED_STALE = datetime.timedelta(minutes=2)
# An e-mail or text still "sending" after this long: its worker has gone.
SENDING_STALE = datetime.timedelta(minutes=10)
# The task that delivers one (notifications/tasks.py), found by its name.
DELIVER_TASK = "notifications.tasks.deliver_notification_task"
STOPPED = "The worker stopped while sending."
STOPPED_BEFORE = "The worker stopped before sending."
State = Delivery.State


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
    task = current_app.tasks[DELIVER_TASK]
    for delivery_id in delivery_ids:
        task.delay_on_commit(delivery_id, organisation_id)


def _locked_ids(rows: QuerySet, order: str, batch: int) -> list[int]:
    """Up to ``batch`` of ``rows``, locked; rows another sweep holds are
    skipped (``skip_locked``, PostgreSQL), so two never take the same row."""
    return list(
        rows.select_for_update(skip_locked=True)
        .order_by(order)
        .values_list("pk", flat=True)[:batch]
    )


def dispatch_due_batch(
    *, organisation: Organisation, now: datetime.datetime | None = None, batch: int = BATCH
) -> int:
    """Queue up to ``batch`` due waiting deliveries and enqueue their tasks
    after this transaction commits. Two queries. Returns how many were
    queued."""
    now = now or timezone.now()
    due = Delivery.objects.filter(
        organisation=organisation, state=State.WAITING, next_attempt_at__lte=now
    )
    ids = _locked_ids(due, "next_attempt_at", batch)
    if ids:
        Delivery.objects.filter(pk__in=ids, state=State.WAITING).update(
            state=State.QUEUED, queued_at=now
        )
        _enqueue(ids, organisation.pk)
    return len(ids)


def dispatch_now(*, organisation: Organisation, notification_ids: list[int]) -> int:
    """Queue the waiting deliveries of these notifications at once, without
    waiting for the dispatcher's next run, and enqueue their tasks after
    this transaction commits: for an e-mail someone is waiting for (a
    sign-in code). Rows the dispatcher holds are left to it. Two queries."""
    waiting = Delivery.objects.filter(
        organisation=organisation, notification_id__in=notification_ids, state=State.WAITING
    )
    ids = _locked_ids(waiting, "pk", BATCH)
    if ids:
        Delivery.objects.filter(pk__in=ids, state=State.WAITING).update(
            state=State.QUEUED, queued_at=timezone.now()
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
    stale = Delivery.objects.filter(
        organisation=organisation, state=State.QUEUED, queued_at__lt=now - QUEUED_STALE
    )
    ids = _locked_ids(stale, "queued_at", batch)
    if ids:
        Delivery.objects.filter(pk__in=ids, state=State.QUEUED).update(queued_at=now)
        _enqueue(ids, organisation.pk)
    return len(ids)


def settle_stuck_sending_batch(
    *, organisation: Organisation, now: datetime.datetime | None = None, batch: int = BATCH
) -> int:
    """E-mail or SMS still ``sending`` after ``SENDING_STALE``: its worker
    died. Never handed to the provider (``handed_at`` empty): back to
    ``waiting``, to be sent again now (or ``failed`` after the last try).
    Handed over: the provider may have taken it, so ``unknown``, for a
    person to check, never sent again on its own. One query when nothing is
    stuck, three when all were handed over; each try is logged."""
    now = now or timezone.now()
    stuck = Delivery.objects.filter(
        organisation=organisation, state=State.SENDING, sending_at__lt=now - SENDING_STALE
    )
    found = dict(
        stuck.select_for_update(skip_locked=True)
        .order_by("pk")
        .values_list("pk", "handed_at")[:batch]
    )
    handed = [pk for pk, at in found.items() if at is not None]
    unsent = [pk for pk, at in found.items() if at is None]
    sending = Delivery.objects.filter(state=State.SENDING)
    if handed:
        sending.filter(pk__in=handed).update(state=State.UNKNOWN, last_error=STOPPED)
    if unsent:
        sending.filter(pk__in=unsent, attempts__gte=MAX_ATTEMPTS).update(
            state=State.FAILED, last_error=STOPPED_BEFORE
        )
        sending.filter(pk__in=unsent).update(
            state=State.WAITING, next_attempt_at=now, queued_at=None, last_error=STOPPED_BEFORE
        )
    Outcome = DeliveryAttempt.Outcome
    DeliveryAttempt.objects.bulk_create(
        DeliveryAttempt(
            organisation=organisation,
            delivery_id=pk,
            outcome=Outcome.FAILED if at is None else Outcome.UNKNOWN,
            error=STOPPED_BEFORE if at is None else STOPPED,
            at=now,
        )
        for pk, at in found.items()
    )
    return len(found)


# --- Delivering one ---------------------------------------------------------------


@dataclass
class Job:
    delivery_id: int
    channel: str
    to: str
    title: str
    body: str
    provider_id: str = ""
    html: str = ""
    # Set when the message was sealed: wiped once it is sent.
    sealed_id: int | None = None


def deliver(*, organisation_id: int, delivery_id: int) -> str:
    """Deliver one queued delivery; returns what happened.

    In-app: claimed and marked sent in one transaction, so it can never
    happen twice. E-mail and SMS: ``sending`` is committed when it is
    claimed, ``handed_at`` just before the provider is called, and the
    outcome recorded after; each in its own transaction. A crash before the
    hand-over leaves it to be sent again by the sweeper; a crash after it
    leaves ``unknown``. Not atomic as a whole on purpose: the provider call
    must not sit inside a transaction that could still roll back.
    """
    from keyring_net.tasks import in_organisation

    with in_organisation(organisation_id) as organisation:
        job = _claim(organisation=organisation, delivery_id=delivery_id)
    if isinstance(job, str):
        return job
    _before_hand_over(job)
    with in_organisation(organisation_id):
        handing = Delivery.objects.filter(pk=delivery_id, state=State.SENDING, handed_at=None)
        if not handing.update(handed_at=timezone.now()):
            return "nothing to do"  # the sweeper took it back meanwhile
    outcome = _send(job)
    with in_organisation(organisation_id) as organisation:
        _record(organisation=organisation, job=job, outcome=outcome)
    return "sent" if outcome is None else "failed"


def _before_hand_over(job: Job) -> None:
    """``NOTIFICATIONS_BEFORE_HAND_OVER`` (tests only: a worker held, then
    killed, between claiming a delivery and handing it to the provider)."""
    hook = getattr(settings, "NOTIFICATIONS_BEFORE_HAND_OVER", "")
    if hook:
        import_string(hook)(job)


def _claim_in_app(organisation: Organisation, delivery_id: int, now) -> str:
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
        return _claim_in_app(organisation, delivery_id, now)
    notification = delivery.notification
    preference = None
    if notification.recipient_id:
        preference = NotificationPreference.objects.filter(
            organisation=organisation, user_id=notification.recipient_id
        ).first()
    later = now
    if notification.kind not in rules.IMMEDIATE_KINDS:
        later = after_quiet_hours(now, preference, local_zone(organisation))
    if later > now:  # chosen quiet hours began after it was queued
        Delivery.objects.filter(pk=delivery_id, state=State.QUEUED).update(
            state=State.WAITING, next_attempt_at=later, queued_at=None
        )
        return "deferred"
    to = notification.address or notification.recipient.email
    if delivery.channel == Channel.SMS:
        to = preference.sms_phone if preference else ""
    claimed = Delivery.objects.filter(pk=delivery_id, state=State.QUEUED).update(
        state=State.SENDING, sending_at=now, handed_at=None, attempts=F("attempts") + 1
    )
    if not claimed:
        return "nothing to do"
    if notification.sealed:
        return _opened(delivery, to, notification)
    body = notification.body
    if notification.link:
        body = f"{body}\n\n{settings.SITE_URL}{notification.link}"
    return Job(delivery_id, delivery.channel, to, notification.title, body)


def _opened(delivery: Delivery, to: str, notification: Notification) -> Job:
    """The e-mail kept sealed (``services.mail``), opened to be sent."""
    message = json.loads(encryption.decrypt(notification.sealed))
    return Job(
        delivery.pk,
        delivery.channel,
        to,
        message["subject"],
        message["text"],
        html=message.get("html", ""),
        sealed_id=notification.pk,
    )


@dataclass
class Failure:
    error: str
    permanent: bool = False


def _send(job: Job) -> Failure | None:
    """Call the outside world. No database work here."""
    if not job.to:
        return Failure("No address to send to.", permanent=True)
    try:
        if job.channel == Channel.EMAIL and job.html:
            message = EmailMultiAlternatives(job.title, job.body, None, [job.to])
            message.attach_alternative(job.html, "text/html")
            message.send()
        elif job.channel == Channel.EMAIL:
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
        if job.sealed_id:  # sent: its secret is kept no longer
            Notification.objects.filter(pk=job.sealed_id).update(sealed="")
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
