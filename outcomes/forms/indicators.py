"""Forms of a member's outcome indicators. Errors are plain words next to
the field."""

from __future__ import annotations

from django import forms

from keyring_net import limits
from members.forms import date_field
from outcomes.forms.fields import one_of, words
from outcomes.models import OutcomeIndicator


class IndicatorForm(forms.Form):
    kind = one_of(
        "What happened?",
        field=forms.ChoiceField,
        missing="Choose what happened.",
        wrong="Choose what happened.",
        choices=OutcomeIndicator.Kind.choices,
        widget=forms.RadioSelect,
    )
    happened_on = date_field("When did it happen?", "Enter the date it happened.")
    note = words(
        "Note (optional)",
        limits.NOTE,
        rows=3,
        help_text="What happened, in a few words. Seen by staff only.",
    )


class WithdrawForm(forms.Form):
    reason = words(
        "Why is it withdrawn?",
        250,
        missing="Say why it is withdrawn.",
        too_long="Keep the reason to 250 characters or fewer.",
    )
