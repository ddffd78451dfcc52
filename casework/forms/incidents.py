"""Forms for incidents and accidents, made to be filled in on a phone.
Errors in plain words, next to the field; nothing typed is lost."""

from __future__ import annotations

from django import forms

from casework.models import Incident
from casework.services.incidents import IncidentDetails
from keyring_net import limits
from keyring_net.forms import HintedRadioSelect
from members.forms import date_field, text_field

SEVERITY_HINTS = {
    "no_harm": "Nobody was hurt and nothing was lost.",
    "low": "A small hurt or loss, put right at once: a bruise, a lost key.",
    "moderate": "Needed a doctor, a nurse or a repair, but no lasting harm.",
    "severe": "Lasting harm, a stay in hospital, or a home that cannot be lived in.",
    "death": "Someone died.",
}
KIND_HINTS = {
    "property": "Including a lost or stolen key.",
    "lone_working": "Someone working alone did not check out and was not safe.",
}
WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class Named(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return getattr(obj, "full_name", "") or str(obj)


class Place(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class IncidentForm(forms.Form):
    """What happened, who to, how bad, and what was done at once."""

    kind = forms.ChoiceField(
        label="What kind of incident?",
        choices=Incident.Kind.choices,
        required=False,
        widget=HintedRadioSelect(hints=KIND_HINTS),
    )
    severity = forms.ChoiceField(
        label="How bad was it?",
        choices=Incident.Severity.choices,
        required=False,
        widget=HintedRadioSelect(hints=SEVERITY_HINTS),
    )
    happened_at = forms.DateTimeField(
        validators=[limits.not_before_record_floor],
        label="When did it happen?",
        widget=WHEN,
        error_messages={
            "required": "Enter when it happened.",
            "invalid": "Enter a date and time, like 3 March 2026 at 2pm.",
        },
    )
    place = text_field(
        "Where? (optional)", max_length=200, help_text="For example: Alan's kitchen."
    )
    members = Named(
        label="Members involved (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose members from the list."},
    )
    network = Place(
        label="Network (only if no member was involved)",
        queryset=None,
        required=False,
        empty_label="The members' network",
        error_messages={"invalid_choice": "Choose a network from the list."},
    )
    staff = Named(
        label="Staff or volunteers involved (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose staff from the list."},
    )
    others_involved = text_field(
        "Anyone else involved (optional)",
        max_length=limits.REASON,
        rows=2,
        help_text="Describe them in words: a neighbour, a visitor, a contractor.",
    )
    what_happened = text_field("What happened?", max_length=limits.NOTE, rows=4)
    done_at_once = text_field("What was done at once? (optional)", max_length=limits.NOTE, rows=3)

    def __init__(self, *args, members, staff, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members
        self.fields["staff"].queryset = staff
        self.fields["network"].queryset = networks

    def details(self) -> IncidentDetails:
        data = self.cleaned_data
        return IncidentDetails(
            happened_at=data["happened_at"],
            kind=data["kind"],
            severity=data["severity"],
            place=data["place"],
            members=list(data["members"]),
            staff=list(data["staff"]),
            others_involved=data["others_involved"],
            what_happened=data["what_happened"],
            done_at_once=data["done_at_once"],
            network=data["network"],
        )


def initial_of(incident: Incident) -> dict:
    """A draft's values, to carry on writing it."""
    return {
        "kind": incident.kind,
        "severity": incident.severity,
        "happened_at": incident.happened_at,
        "place": incident.place,
        "members": list(incident.members.all()),
        "network": None if incident.members.all() else incident.network,
        "staff": list(incident.staff.all()),
        "others_involved": incident.others_involved,
        "what_happened": incident.what_happened,
        "done_at_once": incident.done_at_once,
    }


class ReviewForm(forms.Form):
    findings = text_field(
        "What did the review find?",
        max_length=limits.NOTE,
        rows=4,
        required_message="Write what the review found.",
        help_text="What went well, what went wrong, and what will change.",
    )


class ActionForm(forms.Form):
    text = text_field(
        "What needs to be done?",
        max_length=limits.NOTE,
        rows=2,
        required_message="Write what needs to be done.",
    )
    owner = forms.ModelChoiceField(
        label="Who will do it? (optional)",
        queryset=None,
        required=False,
        empty_label="Not decided yet",
        error_messages={"invalid_choice": "Choose who will do it from the list."},
    )
    due_on = date_field("By when? (optional)", "", required=False)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda u: u.full_name or u.email


class FilterForm(forms.Form):
    """The list's filters (GET): state, type and severity."""

    state = forms.ChoiceField(
        label="State", choices=[("", "Any state"), *Incident.State.choices], required=False
    )
    kind = forms.ChoiceField(
        label="Type", choices=[("", "Any type"), *Incident.Kind.choices], required=False
    )
    severity = forms.ChoiceField(
        label="Severity", choices=[("", "Any severity"), *Incident.Severity.choices], required=False
    )

    def chosen(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}
