"""The check-in form of the today page: who or where, and for how long."""

from __future__ import annotations

import datetime

from django import forms

from keyring_net.clock import local_zone
from keyring_net.models import Organisation

DURATIONS = [("30", "30 minutes"), ("60", "1 hour"), ("90", "1 hour 30 minutes")]


class CheckInForm(forms.Form):
    """Checking in before a visit alone: who or where, and for how long.
    Two taps and Check in."""

    member = forms.ModelChoiceField(
        label="Who are you visiting?",
        queryset=None,
        required=False,
        empty_label="Not visiting a member",
    )
    place = forms.CharField(
        label="Or where are you? (optional)",
        max_length=200,
        required=False,
        help_text="For example: the community centre.",
    )
    duration = forms.ChoiceField(
        label="How long will you be?",
        choices=DURATIONS,
        widget=forms.RadioSelect,
        required=False,
    )
    until = forms.TimeField(
        label="Or the time you will finish (optional)",
        required=False,
        help_text="If you enter a time, it is used instead.",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Enter a time, like 15:30."},
    )

    def __init__(self, *args, members, **kwargs):
        kwargs.setdefault("initial", {"duration": "60"})
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members

    def clean(self):
        data = super().clean()
        if not data.get("until") and not data.get("duration") and "until" not in self.errors:
            self.add_error("duration", "Choose how long you will be, or enter a finish time.")
        return data

    def expected_end(self, organisation: Organisation, now: datetime.datetime):
        """A typed time is today's (local); otherwise now plus the choice."""
        until = self.cleaned_data.get("until")
        if until:
            zone = local_zone(organisation)
            return datetime.datetime.combine(now.astimezone(zone).date(), until, tzinfo=zone)
        return now + datetime.timedelta(minutes=int(self.cleaned_data["duration"]))

    @property
    def ERRORS(self) -> dict[str, str]:
        """The service's name for the finish time is the field it came from."""
        return {"expected_end_at": "until" if self.cleaned_data.get("until") else "duration"}


class ResolveAlertForm(forms.Form):
    """What a lone-working alert turned out to be."""

    outcome = forms.ChoiceField(
        label="What was it?",
        choices=[
            ("false_alarm", "A false alarm: the worker was safe"),
            ("real", "Real: something happened"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it was a false alarm or real."},
    )
    outcome_note = forms.CharField(
        label="What happened? (needed when it was real)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="When it was real, an incident draft is opened for you to finish.",
    )

    def service_fields(self) -> dict:
        return {
            "outcome": self.cleaned_data["outcome"],
            "note": self.cleaned_data["outcome_note"],
        }
