"""Forms for contracts and for asking for a report. They read what was
typed; the services hold the rules, and their errors are put next to the
fields (``keyring_net.forms.apply_service_errors``). What was typed stays."""

from __future__ import annotations

from django import forms

from members.forms import date_field


class ContractForm(forms.Form):
    local_authority = forms.ModelChoiceField(
        label="Council",
        queryset=None,
        empty_label="Choose the council",
        error_messages={
            "required": "Choose the council that pays for the contract.",
            "invalid_choice": "Choose a council from the list.",
        },
    )
    name = forms.CharField(
        label="Contract name",
        max_length=150,
        error_messages={
            "required": "Enter the contract's name.",
            "max_length": "Keep the name to 150 characters or fewer.",
        },
    )
    reference = forms.CharField(
        label="The council's reference (optional)",
        max_length=60,
        required=False,
        error_messages={"max_length": "Keep the reference to 60 characters or fewer."},
    )
    starts_on = date_field("Starts on", "Enter the day the contract starts.")
    ends_on = date_field("Ends on", "Enter the day the contract ends.")
    networks = forms.ModelMultipleChoiceField(
        label="Networks it covers",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one network.",
            "invalid_choice": "Choose networks from the list.",
            "invalid_pk_value": "Choose networks from the list.",
        },
    )
    report_every_months = forms.TypedChoiceField(
        label="Make a report every",
        choices=[(1, "month"), (3, "3 months (quarterly)"), (6, "6 months"), (12, "12 months")],
        coerce=int,
        initial=3,
        error_messages={
            "required": "Choose how often a report is made.",
            "invalid_choice": "Choose from the list.",
        },
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
