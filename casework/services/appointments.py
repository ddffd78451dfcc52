"""Recording members' appointments and planning workers' visits; marking
what became of them; turning a done visit into its contact-log entry.

Each takes the acting person and is audited (the change history names
them). Refusals are ``ValidationError``s keyed by field, in plain words.
"""

from __future__ import annotations

import calendar
import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework.models import Appointment, Outcome, PlannedVisit
from keyring_net.access import require
from keyring_net.actors import Actor, save_changes, save_new
from keyring_net.clock import local_zone
from keyring_net.models import User
from keyring_net.policy import Permission
from members.models import Contact, Member
from members.selectors import members_for_viewer, workers_in_reach
from members.services.support import contact_record

# How often a repeating appointment comes round, and the most dates made at once.
REPEATS = {"weekly": "Every week", "fortnightly": "Every 2 weeks", "monthly": "Every month"}
MOST_REPEATS = 52

REASON_NEEDED = "Say why it was missed or cancelled."
NOT_YET = "It has not happened yet. You can mark it after it starts."
DONE_OUTCOMES = (Outcome.ATTENDED, Outcome.MISSED, Outcome.CANCELLED)


def _check_member(actor: Actor, member: Member) -> None:
    if not members_for_viewer(actor).filter(pk=member.pk).exists():
        raise ValidationError({"member": "Choose a member you support."})


def _next_date(moment: datetime.datetime, repeat: str) -> datetime.datetime:
    """The next date of a repeating appointment, at the same local time."""
    if repeat == "weekly":
        return moment + datetime.timedelta(days=7)
    if repeat == "fortnightly":
        return moment + datetime.timedelta(days=14)
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def repeat_dates(
    starts_at: datetime.datetime, repeat: str, until: datetime.date | None, zone
) -> list[datetime.datetime]:
    """Every start of a series from ``starts_at`` to ``until`` (at most
    ``MOST_REPEATS``), the same local time each day, clocks changing or not."""
    local = starts_at.astimezone(zone).replace(tzinfo=None)
    dates = [local]
    while repeat and until is not None and len(dates) < MOST_REPEATS:
        following = _next_date(dates[-1], repeat)
        if following.date() > until:
            break
        dates.append(following)
    return [moment.replace(tzinfo=zone) for moment in dates]


def _check_times(starts_at, ends_at, repeat: str, repeat_until) -> None:
    errors = {}
    if ends_at is not None and ends_at <= starts_at:
        errors["ends_at"] = "The end must be after the start."
    if repeat and repeat not in REPEATS:
        errors["repeat"] = "Choose how often it repeats."
    elif repeat and repeat_until is None:
        errors["repeat_until"] = "Say until when it repeats."
    elif repeat and repeat_until <= timezone.localdate(starts_at):
        errors["repeat_until"] = "The last date must be after the first."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def appointment_add(
    *,
    actor: Actor,
    member: Member,
    kind: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime | None = None,
    with_whom: str = "",
    place: str = "",
    companion: User | None = None,
    companion_name: str = "",
    notes: str = "",
    repeat: str = "",
    repeat_until: datetime.date | None = None,
) -> list[Appointment]:
    """Record a member's appointment; a repeating one is made as one row
    per date, up front, sharing a series id. Returns the rows, first first."""
    require(actor, Permission.RECORD_APPOINTMENTS)
    _check_member(actor, member)
    _check_times(starts_at, ends_at, repeat, repeat_until)
    _check_companion(actor, companion, companion_name)
    zone = local_zone(actor.organisation)
    starts = repeat_dates(starts_at, repeat, repeat_until, zone)
    length = ends_at - starts_at if ends_at else None
    series = uuid.uuid4() if len(starts) > 1 else None
    return [
        save_new(
            actor,
            Appointment,
            member=member,
            kind=kind,
            starts_at=start,
            ends_at=start + length if length else None,
            with_whom=with_whom,
            place=place,
            companion=companion,
            companion_name=companion_name.strip(),
            notes=notes,
            series=series,
            created_by=actor.user,
        )
        for start in starts
    ]


NOT_PLANNED = (
    "It is already marked {status}, so it can no longer be changed. "
    "Add a new one if it is happening again."
)


def _still_planned(row) -> None:
    """Only a row not yet marked attended, missed or cancelled changes."""
    if row.status != Outcome.PLANNED:
        status = row.get_status_display().lower()
        raise ValidationError({"__all__": NOT_PLANNED.format(status=status)})


def _check_companion(actor: Actor, companion: User | None, companion_name: str) -> None:
    if companion is not None and companion_name.strip():
        raise ValidationError({"companion_name": "Choose a worker or name someone else, not both."})
    if companion is not None and not workers_in_reach(actor).filter(pk=companion.pk).exists():
        raise ValidationError({"companion": "Choose a worker from the list."})


@transaction.atomic
def appointment_change(
    *,
    actor: Actor,
    appointment: Appointment,
    kind: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime | None = None,
    with_whom: str = "",
    place: str = "",
    companion: User | None = None,
    companion_name: str = "",
    notes: str = "",
) -> Appointment:
    """Change an appointment that is still planned: what, when, with whom,
    where, who goes with them, notes. The member stays (another member's
    appointment is a new one). A date of a repeating appointment changes
    on its own: the series' other dates stay as they are. Every change is
    in its history, naming who made it."""
    require(actor, Permission.RECORD_APPOINTMENTS)
    _still_planned(appointment)
    if kind not in Appointment.Kind.values:
        raise ValidationError({"kind": "Choose what it is."})
    _check_times(starts_at, ends_at, "", None)
    _check_companion(actor, companion, companion_name)
    appointment.kind, appointment.starts_at, appointment.ends_at = kind, starts_at, ends_at
    appointment.with_whom, appointment.place = with_whom.strip(), place.strip()
    appointment.companion, appointment.companion_name = companion, companion_name.strip()
    appointment.notes = notes
    save_changes(
        appointment,
        actor,
        "kind",
        "starts_at",
        "ends_at",
        "with_whom",
        "place",
        "companion",
        "companion_name",
        "notes",
    )
    return appointment


@transaction.atomic
def visit_change(
    *,
    actor: Actor,
    visit: PlannedVisit,
    worker: User,
    starts_at: datetime.datetime,
    minutes: int = 60,
    purpose: str = "",
    notes: str = "",
) -> PlannedVisit:
    """Change a visit that is still planned: who visits, when, how long,
    why, the staff's notes. The member stays. Every change is in its
    history, naming who made it."""
    require(actor, Permission.PLAN_VISITS)
    _still_planned(visit)
    _check_visit(actor, worker, minutes)
    visit.worker, visit.starts_at, visit.minutes = worker, starts_at, minutes
    visit.purpose, visit.notes = purpose.strip(), notes
    save_changes(visit, actor, "worker", "starts_at", "minutes", "purpose", "notes")
    return visit


def _check_outcome(row, status: str, reason: str) -> str:
    if status not in DONE_OUTCOMES and status != Outcome.PLANNED:
        raise ValidationError({"status": "Choose what happened."})
    if status in (Outcome.MISSED, Outcome.CANCELLED) and not reason.strip():
        raise ValidationError({"reason": REASON_NEEDED})
    if status in (Outcome.ATTENDED, Outcome.MISSED) and row.starts_at > timezone.now():
        raise ValidationError({"status": NOT_YET})
    return reason.strip() if status in (Outcome.MISSED, Outcome.CANCELLED) else ""


@transaction.atomic
def appointment_mark(
    *, actor: Actor, appointment: Appointment, status: str, reason: str = "", and_later=False
) -> Appointment:
    """Mark an appointment attended, missed or cancelled (with a reason),
    or planned again. Only this date changes, unless ``and_later`` asks to
    cancel the later dates of its series too."""
    require(actor, Permission.RECORD_APPOINTMENTS)
    reason = _check_outcome(appointment, status, reason)
    appointment.status, appointment.reason = status, reason
    save_changes(appointment, actor, "status", "reason")
    if and_later and status == Outcome.CANCELLED and appointment.series:
        later = Appointment.objects.filter(
            organisation=actor.organisation,
            series=appointment.series,
            starts_at__gt=appointment.starts_at,
            status=Outcome.PLANNED,
        )
        for row in later:
            row.status, row.reason = status, reason
            save_changes(row, actor, "status", "reason")
    return appointment


def _check_visit(actor: Actor, worker: User, minutes: int) -> None:
    if not workers_in_reach(actor).filter(pk=worker.pk).exists():
        raise ValidationError({"worker": "Choose a worker from the list."})
    if not 0 < minutes <= 24 * 60:
        raise ValidationError({"minutes": "Choose how long."})


@transaction.atomic
def visit_plan(
    *,
    actor: Actor,
    member: Member,
    worker: User,
    starts_at: datetime.datetime,
    minutes: int = 60,
    purpose: str = "",
    notes: str = "",
) -> PlannedVisit:
    """Plan a worker's visit to a member."""
    require(actor, Permission.PLAN_VISITS)
    _check_member(actor, member)
    _check_visit(actor, worker, minutes)
    return save_new(
        actor,
        PlannedVisit,
        member=member,
        worker=worker,
        starts_at=starts_at,
        minutes=minutes,
        purpose=purpose,
        notes=notes,
        created_by=actor.user,
    )


@transaction.atomic
def visit_mark(*, actor: Actor, visit: PlannedVisit, status: str, reason: str = "") -> PlannedVisit:
    """Mark a visit attended, missed or cancelled (with a reason). A visit
    logged as a contact stays attended."""
    require(actor, Permission.PLAN_VISITS)
    if visit.contact_id is not None and status != Outcome.ATTENDED:
        raise ValidationError(
            {"status": "This visit is logged as a contact, so it stays attended."}
        )
    visit.reason = _check_outcome(visit, status, reason)
    visit.status = status
    save_changes(visit, actor, "status", "reason")
    return visit


@transaction.atomic
def visit_log_contact(*, actor: Actor, visit: PlannedVisit) -> Contact:
    """Turn a done visit into its contact-log entry, in one tap: a visit
    contact by the person tapping, at the visit's time and length, about
    its purpose, linked back to the visit, which is then attended. Asked
    again (a second tap, or two at once), it returns the same contact and
    makes no other: the visit's row is locked while it is checked."""
    require(actor, Permission.RECORD_CONTACTS)
    locked = PlannedVisit.objects.select_for_update().get(
        organisation=actor.organisation, pk=visit.pk
    )
    if locked.contact_id is not None:
        return Contact.objects.get(organisation=actor.organisation, pk=locked.contact_id)
    if locked.status in (Outcome.MISSED, Outcome.CANCELLED):
        raise ValidationError({"status": "This visit did not happen, so it has no contact."})
    if locked.starts_at > timezone.now():
        raise ValidationError({"status": NOT_YET})
    contact = contact_record(
        actor=actor,
        member=locked.member,
        happened_at=locked.starts_at,
        minutes=locked.minutes,
        method=Contact.Method.VISIT,
        topics=[],
        notes=locked.purpose,
    )
    locked.contact, locked.status, locked.reason = contact, Outcome.ATTENDED, ""
    save_changes(locked, actor, "contact", "status", "reason")
    visit.contact, visit.status, visit.reason = contact, Outcome.ATTENDED, ""
    return contact
