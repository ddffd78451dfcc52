"""Forms of a member's outcome indicators. Errors are plain words next to
the field."""

from __future__ import annotations

from django import forms

from keyring_net import limits
from members.forms import date_field
from outcomes.models import OutcomeIndicator


class IndicatorForm(forms.Form):
    kind = forms.ChoiceField(
        label="What happened?",
        choices=OutcomeIndicator.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what happened.",
            "invalid_choice": "Choose what happened.",
        },
    )
    happened_on = date_field("When did it happen?", "Enter the date it happened.")
    note = forms.CharField(
        max_length=limits.NOTE,
        label="Note (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What happened, in a few words. Seen by staff only.",
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is it withdrawn?",
        max_length=250,
        error_messages={
            "required": "Say why it is withdrawn.",
            "max_length": "Keep the reason to 250 characters or fewer.",
        },
    )
