"""Demo notifications (called by keyring_net.demo.seed_all, after the
plans, rotas and volunteers they are about).

The apps' producers (``registry``) run over the demo's own records (plan
reviews due soon, DBS checks and training running out, visits tomorrow,
open shifts next week),
then a few messages are added so every state shows on the pages: sent and
read, sent and new, waiting, could not send (an e-mail the server refused)
and may not have been sent (an e-mail whose sending stopped part way).

Deliveries due before now are marked as sent in one go, as the worker
would have done (the demo sends no real e-mail). Does nothing when the
organisation already has notifications, so running it twice adds nothing.
"""

from __future__ import annotations

import datetime

from django.db.models import F
from django.utils import timezone

from keyring_net.clock import local_zone
from keyring_net.models import Organisation, Role, RoleAssignment
from notifications import registry
from notifications.models import Channel, Delivery, DeliveryAttempt, Kind, Notification
from notifications.services import create, sending

State = Delivery.State


def seed_notifications(organisation: Organisation, staff, today: datetime.date) -> int:
    # Other demo work sends its own notices first (a survey sent to members),
    # so the demo's own welcome marks whether this has run.
    if Notification.objects.filter(organisation=organisation, about="demo:welcome").exists():
        return 0
    now = timezone.now()
    zone = local_zone(organisation)

    def at(days: int, hour: int) -> datetime.datetime:
        day = today + datetime.timedelta(days=days)
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)

    member_user = registry.members().user_ids(organisation).order_by("pk").first()
    commissioner = (
        RoleAssignment.objects.filter(organisation=organisation, role=Role.COMMISSIONER)
        .order_by("pk")
        .values_list("user", flat=True)
        .first()
    )
    clv = next(iter(staff.clvs.values()), staff.enabler)

    def note(recipient_id, kind, about, due_at, context, link="") -> Notification:
        create.create_notifications(
            organisation=organisation,
            specs=[
                create.Spec(
                    recipient_id=recipient_id,
                    kind=kind,
                    about=about,
                    due_at=due_at,
                    context=context,
                    link=link,
                )
            ],
        )
        return Notification.objects.get(
            organisation=organisation,
            recipient_id=recipient_id,
            unique_key=create.make_key(kind, about, due_at),
        )

    welcome = note(
        staff.manager.pk,
        Kind.GENERAL,
        "demo:welcome",
        at(-3, 9),
        {
            "title": "Notifications are here",
            "text": "Reminders, plan reviews and alerts now come to this page, and by e-mail "
            "or text if you choose.",
        },
        link="/notifications/preferences/",
    )
    report = None
    if commissioner:
        report = note(
            commissioner,
            Kind.REPORT_READY,
            "demo:report",
            at(-1, 8),
            {
                "contract": f"Outcomes for {organisation.name}",
                "start": (at(-1, 8) - datetime.timedelta(days=91)).date(),
                "end": at(-1, 8).date(),
            },
        )
    survey = None
    if member_user:
        survey = note(
            member_user,
            Kind.SURVEY_INVITATION,
            "demo:survey",
            at(-1, 10),
            {"survey": "What do you think of KeyRing?", "minutes": 10},
        )
    rota = note(
        clv.pk,
        Kind.GENERAL,
        "demo:rota-change",
        at(0, 7),
        {"title": "Your rota has changed", "text": "Thursday's evening shift now starts at 18:30."},
    )
    note(
        staff.manager.pk,
        Kind.GENERAL,
        "demo:tomorrow",
        at(1, 9),
        {"title": "Team meeting tomorrow", "text": "10:00 at the hub. Bring the rota."},
    )
    registry.produce_all(organisation=organisation, now=now)

    # What the worker would have done with everything due by now.
    due = Delivery.objects.filter(
        organisation=organisation, state=State.WAITING, next_attempt_at__lte=now
    )
    ids = list(due.values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=ids).update(
        state=State.SENT, sent_at=F("next_attempt_at"), attempts=1
    )
    DeliveryAttempt.objects.bulk_create(
        DeliveryAttempt(organisation=organisation, delivery_id=pk, outcome="sent", at=now)
        for pk in ids
    )
    if survey is not None:
        _went_wrong(
            survey,
            State.FAILED,
            "SMTPRecipientsRefused: 550 mailbox unavailable",
            attempts=sending.MAX_ATTEMPTS,
        )
    _went_wrong(rota, State.UNKNOWN, "The worker stopped while sending.", attempts=1)
    Notification.objects.filter(pk__in=[welcome.pk, *([report.pk] if report else [])]).update(
        read_at=now
    )
    return Notification.objects.filter(organisation=organisation).count()


def _went_wrong(notification: Notification, state: str, error: str, *, attempts: int) -> None:
    email = Delivery.objects.filter(notification=notification, channel=Channel.EMAIL)
    email.update(state=state, sent_at=None, last_error=error, attempts=attempts)
    DeliveryAttempt.objects.filter(delivery__in=email).update(
        outcome="failed" if state == State.FAILED else "unknown", error=error
    )
