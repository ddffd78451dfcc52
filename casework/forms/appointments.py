"""Forms for appointments and planned visits: one short form each, quick
on a phone, with today and the next half hour filled in. Errors are plain
words next to the field; what was typed stays in the form."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from casework.models import Appointment, Outcome
from casework.services.appointments import REPEATS
from keyring_net import limits
from members.forms import GivenRowsForm, date_field, radio_field, row_field, text_field

WHEN_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
VISIT_MINUTES = [(30, "30 minutes"), (60, "1 hour"), (90, "1 and a half hours"), (120, "2 hours")]
OUTCOMES = [
    (Outcome.ATTENDED, "Attended"),
    (Outcome.MISSED, "Missed"),
    (Outcome.CANCELLED, "Cancelled"),
]


def next_half_hour(now: datetime.datetime | None = None) -> datetime.datetime:
    """The next whole or half hour, local time: the form's first guess."""
    now = timezone.localtime(now)
    later = now + datetime.timedelta(minutes=30 - now.minute % 30)
    return later.replace(second=0, microsecond=0)


def when_field(label: str, required_message: str = "", **kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=bool(required_message),
        validators=[limits.not_before_record_floor],
        widget=WHEN_WIDGET,
        error_messages={
            "required": required_message,
            "invalid": "Enter a date and time, like 3 March 2026 at 2pm.",
        },
        **kwargs,
    )


class AppointmentForm(GivenRowsForm):
    """A member's appointment: who, what, when; the rest if known."""

    member = row_field("Whose appointment?", "Choose a member", "Choose the member.")
    kind = radio_field("What is it?", Appointment.Kind.choices, "Choose what it is.")
    starts_at = when_field("When does it start?", "Enter when it starts.")
    with_whom = text_field("With whom (optional)", max_length=200)
    place = text_field("Where (optional)", max_length=200)
    companion = row_field("Which worker goes with them? (optional)", "Nobody from us")
    companion_name = text_field("Or someone else who goes with them (optional)", max_length=200)
    ends_at = when_field("When does it end? (optional)")
    notes = text_field("Notes: the member sees these (optional)", max_length=limits.NOTE, rows=2)
    repeat = radio_field(
        "Does it repeat?",
        [("", "No"), *REPEATS.items()],
        "Choose whether it repeats.",
        required=False,
    )
    repeat_until = date_field("Repeat until (if it repeats)", "", required=False)

    rows_from = {"member": "members", "companion": "workers"}
    people = ("companion",)


class VisitForm(GivenRowsForm):
    """A planned visit: who, who visits, when, how long, why."""

    member = row_field("Who is the visit to?", "Choose a member", "Choose the member.")
    worker = row_field("Who visits?", "Choose a worker", "Choose who visits.")
    starts_at = when_field("When?", "Enter when the visit starts.")
    minutes = radio_field(
        "How long?", VISIT_MINUTES, "Choose how long.", field=forms.TypedChoiceField, coerce=int
    )
    purpose = text_field("What is it for? (optional)", max_length=200)
    notes = text_field("Notes for staff (optional)", max_length=limits.NOTE, rows=2)

    rows_from = {"member": "members", "worker": "workers"}
    people = ("worker",)


class OutcomeForm(forms.Form):
    status = radio_field("What happened?", OUTCOMES, "Choose what happened.")
    reason = text_field("Why? (if missed or cancelled)", max_length=limits.REASON)


class AppointmentOutcomeForm(OutcomeForm):
    and_later = forms.BooleanField(
        label="Cancel the later dates of this repeating appointment too", required=False
    )


class AppointmentChangeForm(AppointmentForm):
    """Changing one appointment that is still planned: the member stays, and
    a repeating appointment's date changes on its own (no repeat fields)."""

    rows_from = {"companion": "workers"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("member", "repeat", "repeat_until"):
            del self.fields[name]


class VisitChangeForm(VisitForm):
    """Changing a visit that is still planned: the member stays."""

    rows_from = {"worker": "workers"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["member"]


def appointment_initial(appointment: Appointment) -> dict:
    names = ("kind", "starts_at", "ends_at", "with_whom", "place", "companion_name", "notes")
    return {
        **{name: getattr(appointment, name) for name in names},
        "companion": appointment.companion_id,
        "starts_at": timezone.localtime(appointment.starts_at),
        "ends_at": timezone.localtime(appointment.ends_at) if appointment.ends_at else None,
    }


def visit_initial(visit) -> dict:
    return {
        "worker": visit.worker_id,
        "starts_at": timezone.localtime(visit.starts_at),
        "minutes": visit.minutes,
        "purpose": visit.purpose,
        "notes": visit.notes,
    }
