"""Reminders of appointments and planned visits, built as notification
specs and handed to notifications, which creates, sends and records them
on each person's chosen channels, after their quiet hours (registered in
``casework/apps.py``; run by the notifications beat like every app's).

- An appointment: to the member, in easy read, and to the worker going
  with them.
- A planned visit: to the worker, and to the member in easy read, as the
  same "visit reminder" the rota's visits send (``volunteers/reminders.py``),
  with the same wording and timing.

Each is due the day before at 17:00, and an hour before for whoever chose
that (the day before unless they said otherwise); once each (the unique
key names the row and which reminder). Only rows still planned, starting
within the next two days, are read.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from casework.models import Appointment, Outcome, PlannedVisit
from keyring_net.clock import local_zone
from keyring_net.models import Organisation
from notifications import producing
from notifications.models import Kind
from notifications.selectors import preferences_by_user
from notifications.services.create import Spec, create_notifications
from volunteers.reminders import DAY_BEFORE_HOUR

AHEAD = datetime.timedelta(days=2)


def produce(*, organisation: Organisation, now: datetime.datetime, today: datetime.date) -> int:
    """Everything casework's appointments remind people of (the beat's producer)."""
    return appointment_reminders(organisation=organisation, now=now) + visit_reminders(
        organisation=organisation, now=now
    )


def _wanted(organisation, starts_at, choice) -> list[tuple[str, datetime.datetime]]:
    """Which reminders a person gets, and when: as they chose."""
    zone = local_zone(organisation)
    wanted = []
    if choice is None or choice.remind_day_before:
        day_before = starts_at.astimezone(zone).date() - datetime.timedelta(days=1)
        wanted.append(("day", producing.at_local(organisation, day_before, DAY_BEFORE_HOUR)))
    if choice is not None and choice.remind_hour_before:
        wanted.append(("hour", starts_at - datetime.timedelta(hours=1)))
    return wanted


def _specs(organisation, row, people, choices, *, kind, context, links) -> list[Spec]:
    """A spec for each (person, easy read) in ``people`` and each reminder
    they want of ``row``."""
    about = f"casework.{row._meta.model_name}:{row.pk}"
    return [
        Spec(
            recipient_id=user_id,
            kind=kind,
            about=f"{about}:{when}",
            due_at=due_at,
            context={**context, "when": when},
            link=links[easy],
            easy_read=easy,
        )
        for user_id, easy in people
        for when, due_at in _wanted(organisation, row.starts_at, choices.get(user_id))
    ]


def _coming(model, organisation, now):
    return model.objects.filter(
        organisation=organisation,
        status=Outcome.PLANNED,
        starts_at__gt=now,
        starts_at__lte=now + AHEAD,
    )


def appointment_reminders(
    *, organisation: Organisation, now: datetime.datetime | None = None, batch=producing.BATCH
) -> int:
    """Appointments in the next two days: to the member (easy read) and to
    the worker going with them."""
    now = now or timezone.now()
    zone = local_zone(organisation)
    rows_of = _coming(Appointment, organisation, now).select_related("member", "companion")
    added = 0
    for rows in producing.batches(rows_of, batch):
        people = {r.member.user_id for r in rows} | {r.companion_id for r in rows}
        choices = preferences_by_user(organisation, people - {None})
        specs = []
        for row in rows:
            starts = row.starts_at.astimezone(zone)
            context = {
                "kind": row.kind,
                "what": row.get_kind_display(),
                "with_whom": row.with_whom,
                "place": row.place,
                "member": row.member.full_name,
                "companion": row.companion.get_short_name()
                if row.companion
                else row.companion_name,
                "time": f"{starts:%H:%M}",
                "day": producing.day_words(starts.date()),
            }
            people = [(row.member.user_id, True), (row.companion_id, False)]
            links = {
                True: reverse("casework_appointments:my"),
                False: reverse("casework_appointments:appointment", args=[row.pk]),
            }
            specs += _specs(
                organisation,
                row,
                [(pk, easy) for pk, easy in people if pk is not None],
                choices,
                kind=Kind.APPOINTMENT_REMINDER,
                context=context,
                links=links,
            )
        added += create_notifications(organisation=organisation, specs=specs)
    return added


def visit_reminders(
    *, organisation: Organisation, now: datetime.datetime | None = None, batch=producing.BATCH
) -> int:
    """Planned visits in the next two days: to the worker, and to the
    member in easy read."""
    now = now or timezone.now()
    zone = local_zone(organisation)
    rows_of = _coming(PlannedVisit, organisation, now).select_related("member", "worker")
    added = 0
    for rows in producing.batches(rows_of, batch):
        people = {r.member.user_id for r in rows} | {r.worker_id for r in rows}
        choices = preferences_by_user(organisation, people - {None})
        specs = []
        for row in rows:
            starts = row.starts_at.astimezone(zone)
            context = {
                "worker": row.worker.get_short_name(),
                "member": row.member.full_name,
                "time": f"{starts:%H:%M}",
                "day": producing.day_words(starts.date()),
            }
            people = [(row.worker_id, False)]
            if row.member.user_id is not None:
                people.append((row.member.user_id, True))
            links = {
                True: reverse("casework_appointments:my"),
                False: reverse("casework_appointments:visit", args=[row.pk]),
            }
            specs += _specs(
                organisation,
                row,
                people,
                choices,
                kind=Kind.VISIT_REMINDER,
                context=context,
                links=links,
            )
        added += create_notifications(organisation=organisation, specs=specs)
    return added
