"""Forms for rotas. Times are typed in Europe/London local time; errors are
plain words next to the field, and what was typed stays in the form."""

from __future__ import annotations

import datetime

from django import forms

from members.forms import date_field
from volunteers.forms.fields import one_of, radios, short_note, whole_number
from volunteers.models import Availability, Shift
from volunteers.selectors.rota import WEEKDAYS
from volunteers.wording import at_local, ends_at_midnight

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def time_field(label: str, required_message: str, **kwargs) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        widget=TIME,
        error_messages={"required": required_message, "invalid": "Enter a time, like 18:00."},
        **kwargs,
    )


def _kind_field() -> forms.ChoiceField:
    return radios("Kind of shift", Shift.Kind.choices, "Choose the kind of shift.")


def _worker_field(workers) -> forms.ModelChoiceField:
    return one_of(
        "Who is on",
        "Choose someone who works in this network.",
        queryset=workers,
        empty_label="Nobody yet: an open shift someone can pick up",
    )


def _lone_visits_field() -> forms.BooleanField:
    return forms.BooleanField(
        label="Involves visiting members alone",
        required=False,
        initial=True,
        help_text="Only people with an in-date DBS check and the four mandatory courses.",
    )


class ShiftForm(forms.Form):
    kind = _kind_field()
    day = date_field("Day", "Enter the day of the shift.")
    start_time = time_field("Starts at", "Enter when the shift starts.")
    end_time = time_field("Ends at", "Enter when the shift ends.")
    ends_next_day = forms.BooleanField(label="It ends the next day (a night shift)", required=False)
    worker = forms.ModelChoiceField(queryset=None)  # set in __init__
    lone_visits = _lone_visits_field()
    notes = short_note("Notes (optional)")

    ERRORS = {"starts_at": "start_time", "ends_at": "end_time"}

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"] = _worker_field(workers)
        # Keep the order above (the replaced field moves to the end otherwise).
        self.order_fields(list(self.declared_fields))

    def times(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Start and end in UTC. Ending at 00:00 means midnight at the end
        of the day (no need to tick "the next day" for 6pm to midnight)."""
        data = self.cleaned_data
        next_day = data["ends_next_day"] or ends_at_midnight(data["start_time"], data["end_time"])
        end_day = data["day"] + datetime.timedelta(days=1 if next_day else 0)
        return at_local(data["day"], data["start_time"]), at_local(end_day, data["end_time"])

    def service_fields(self) -> dict:
        starts_at, ends_at = self.times()
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "starts_at": starts_at,
            "ends_at": ends_at,
            "worker": data["worker"],
            "lone_visits": data["lone_visits"],
            "notes": data["notes"],
        }


class PatternForm(forms.Form):
    kind = _kind_field()
    weekdays = forms.MultipleChoiceField(
        label="Which days",
        choices=list(WEEKDAYS.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one day."},
    )
    start_time = time_field("Starts at", "Enter when the shifts start.")
    end_time = time_field("Ends at", "Enter when the shifts end.")
    starts_on = date_field("From", "Enter the first day.")
    ends_on = date_field("Until (optional)", "", required=False)
    worker = forms.ModelChoiceField(queryset=None)
    lone_visits = _lone_visits_field()
    weeks = whole_number(
        "Put this many weeks on the rota now",
        {
            "required": "Enter how many weeks.",
            "invalid": "Enter a whole number of weeks, like 8.",
            "min_value": "Choose between 1 and 26 weeks.",
            "max_value": "Choose between 1 and 26 weeks.",
        },
        min_value=1,
        max_value=26,
        initial=8,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"] = _worker_field(workers)
        self.order_fields(list(self.declared_fields))


class ExtendForm(forms.Form):
    weeks = forms.IntegerField(min_value=1, max_value=26, initial=8)


class CancelForm(forms.Form):
    reason = short_note("Why (optional)")


class AvailabilityForm(forms.Form):
    kind = radios(
        "What is it?",
        [(Availability.Kind.TIME_OFF, "Time off"), (Availability.Kind.AVAILABLE, "I can work")],
        "Choose time off or when you can work.",
    )
    starts_on = date_field("From", "Enter the first day.")
    start_time = time_field(
        "From time (optional)", "", required=False, help_text="Leave empty for the whole day."
    )
    ends_on = date_field("Until", "Enter the last day.")
    end_time = time_field(
        "Until time (optional)", "", required=False, help_text="Leave empty for the whole day."
    )
    note = short_note("Note (optional)")

    ERRORS = {"ends_at": "ends_on", "starts_at": "starts_on"}

    def service_fields(self) -> dict:
        data = self.cleaned_data
        starts_at = at_local(data["starts_on"], data["start_time"] or datetime.time(0))
        if data["end_time"] is None:
            ends_at = at_local(data["ends_on"] + datetime.timedelta(days=1), datetime.time(0))
        else:
            ends_at = at_local(data["ends_on"], data["end_time"])
        return {
            "kind": data["kind"],
            "starts_at": starts_at,
            "ends_at": ends_at,
            "note": data["note"],
        }


class SwapForm(forms.Form):
    to_worker = forms.ModelChoiceField(queryset=None)
    reason = short_note("Why (optional)")

    ERRORS = {"worker": "to_worker"}

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_worker"] = forms.ModelChoiceField(
            label="Who would you like to take it?",
            queryset=colleagues,
            empty_label="Choose a colleague",
            error_messages={
                "required": "Choose a colleague to offer it to.",
                "invalid_choice": "Choose a colleague who works in this network.",
            },
        )
        self.order_fields(["to_worker", "reason"])


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("decline", "Decline")],
        error_messages={"required": "Choose approve or decline."},
    )
