"""Forms for contracts and for asking for a report. They read what was
typed; the services hold the rules, and their errors are put next to the
fields (``keyring_net.forms.apply_service_errors``). What was typed stays."""

from __future__ import annotations

from django import forms

from members.forms import date_field
from outcomes.forms.fields import one_of, words


class ContractForm(forms.Form):
    local_authority = one_of(
        "Council",
        missing="Choose the council that pays for the contract.",
        wrong="Choose a council from the list.",
        empty_label="Choose the council",
    )
    name = words(
        "Contract name",
        150,
        missing="Enter the contract's name.",
        too_long="Keep the name to 150 characters or fewer.",
    )
    reference = words(
        "The council's reference (optional)",
        60,
        too_long="Keep the reference to 60 characters or fewer.",
    )
    starts_on = date_field("Starts on", "Enter the day the contract starts.")
    ends_on = date_field("Ends on", "Enter the day the contract ends.")
    networks = one_of(
        "Networks it covers",
        field=forms.ModelMultipleChoiceField,
        missing="Choose at least one network.",
        wrong="Choose networks from the list.",
        not_an_id="Choose networks from the list.",
        widget=forms.CheckboxSelectMultiple,
    )
    report_every_months = one_of(
        "Make a report every",
        field=forms.TypedChoiceField,
        missing="Choose how often a report is made.",
        wrong="Choose from the list.",
        choices=[(1, "month"), (3, "3 months (quarterly)"), (6, "6 months"), (12, "12 months")],
        coerce=int,
        initial=3,
    )
    is_active = forms.BooleanField(
        label="Make reports on schedule (the contract is active)", required=False, initial=True
    )

    def __init__(self, *args, councils, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].queryset = councils
        self.fields["networks"].queryset = networks

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", "The end date must be after the start date.")
        return data


class ReportRequestForm(forms.Form):
    period_start = date_field("From", "Enter the first day of the period.")
    period_end = date_field("To", "Enter the last day of the period.")

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The end of the period must be on or after its start.")
        return data
