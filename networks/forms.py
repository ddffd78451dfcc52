"""Forms for networks. Errors are plain words next to the field; what was
typed stays in the form."""

from __future__ import annotations

from django import forms

from networks.geo.postcodes import POSTCODE_MESSAGE
from networks.models import CommunityAsset, CommunityHub, Home, HubEvent

# What a person is told when a home's details are missing, on the page and
# in the API alike.
HOME_MISSING = {
    "address_line_1": "Enter the first line of the address.",
    "town": "Enter the town or city.",
    "postcode": "Enter the postcode.",
    "tenure": "Choose the kind of tenancy.",
}
# Latitude and longitude typed in: where in the UK they may be, and an example.
COORDINATES = {"latitude": (49, 61, "53.444200"), "longitude": (-9, 2, "-2.192300")}


def coordinate_invalid(name: str) -> str:
    return f"Enter the {name} as a number, like {COORDINATES[name][2]}."


def _coordinate(name: str, help_text: str) -> forms.DecimalField:
    low, high, _example = COORDINATES[name]
    return forms.DecimalField(
        label=f"{name.capitalize()} (optional)",
        max_digits=9,
        decimal_places=6,
        required=False,
        min_value=low,
        max_value=high,
        help_text=help_text,
        error_messages={"invalid": coordinate_invalid(name)},
    )


class HomeForm(forms.Form):
    address_line_1 = forms.CharField(
        label="Address", max_length=200, error_messages={"required": HOME_MISSING["address_line_1"]}
    )
    address_line_2 = forms.CharField(
        label="Address line 2 (optional)", max_length=200, required=False
    )
    town = forms.CharField(
        label="Town or city", max_length=100, error_messages={"required": HOME_MISSING["town"]}
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        error_messages={"required": HOME_MISSING["postcode"], "max_length": POSTCODE_MESSAGE},
    )
    tenure = forms.ChoiceField(
        label="Whose tenancy is it?",
        help_text="The tenancy is always in the member's own name, never the organisation's.",
        choices=Home.Tenure.choices,
        widget=forms.RadioSelect,
        error_messages={"required": HOME_MISSING["tenure"]},
    )
    latitude = _coordinate(
        "latitude", help_text="Only if the postcode cannot be found. For example 53.444200."
    )
    longitude = _coordinate("longitude", help_text="For example -2.192300.")
    accept_far = forms.BooleanField(
        label="Add it anyway: I know it is further than the network's walking distance",
        required=False,
    )


class HubForm(forms.ModelForm):
    class Meta:
        model = CommunityHub
        fields = ["name", "address", "postcode", "drop_in_times"]
        error_messages = {"name": {"required": "Enter the hub's name, like St Mary's Hall."}}


class AssetForm(forms.ModelForm):
    class Meta:
        model = CommunityAsset
        fields = ["name", "category", "address", "postcode", "opening_times", "contact", "notes"]
        labels = {"name": "Name of the place or person", "notes": "Notes (optional)"}
        error_messages = {
            "name": {"required": "Enter the name of the place or person."},
            "category": {"required": "Choose what kind of place it is."},
        }
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class EventForm(forms.ModelForm):
    class Meta:
        model = HubEvent
        fields = ["title", "kind", "starts_at", "ends_at", "speaker", "description"]
        labels = {
            "starts_at": "Starts",
            "ends_at": "Ends (optional)",
            "speaker": "Guest speaker (optional)",
        }
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": "Enter what the event is called."},
            "starts_at": {
                "required": "Enter when it starts.",
                "invalid": "Enter a date and time, like 3 March 2026 at 2pm.",
            },
        }
