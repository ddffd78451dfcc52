"""Forms for subject access. Errors are plain words next to the field;
what was typed stays in the form."""

from __future__ import annotations

from django import forms

from keyring_net import limits
from members.forms import GivenRowsForm, date_field, radio_field, row_field, text_field
from privacy.models import AccessRequest

STAFF_WAYS = [
    (value, text)
    for value, text in AccessRequest.Received.choices
    if value != AccessRequest.Received.OWN_PAGES
]


class RequestForm(GivenRowsForm):
    """Staff log a request a member made some other way than their own
    pages; its deadline follows from the day it came in."""

    rows_from = {"member": "members"}

    member = row_field("Whose records?", "Choose a member", "Choose the member.")
    received_on = date_field(
        "When did the request come in?",
        "Enter the day the request came in.",
        help_text="The copy is due one calendar month after this day.",
    )
    received_how = radio_field("How did it come in?", STAFF_WAYS, "Choose how it came in.")

    def service_fields(self) -> dict:
        return {
            "member_id": self.cleaned_data["member"].pk,
            "received_on": self.cleaned_data["received_on"],
            "received_how": self.cleaned_data["received_how"],
        }


class RedactionForm(forms.Form):
    """Remove one field of one item from the copy, with the reason that
    shows in its place."""

    section = forms.CharField(max_length=100, widget=forms.HiddenInput)
    item_id = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    field = forms.CharField(
        label="What to remove",
        max_length=100,
        error_messages={"required": "Choose what to remove."},
    )
    reason = text_field(
        "Why it is removed (the member sees this)",
        max_length=limits.REASON,
        required_message="Say why this is removed, in a few words.",
    )
