"""Forms for networks. Errors are plain words next to the field; what was
typed stays in the form."""

from __future__ import annotations

from django import forms

from keyring_net import limits
from networks.geo.postcodes import POSTCODE_MESSAGE
from networks.models import CommunityAsset, CommunityHub, Home, HubEvent, Network

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


class ClusterForm(forms.Form):
    name = forms.CharField(
        label="Name of the cluster",
        help_text="For example: South Manchester.",
        max_length=120,
        error_messages={"required": "Enter the cluster's name."},
    )


# What a person is told about a network's details, on the page and in the
# API alike.
NETWORK_MESSAGES = {
    "name": "Enter the network's name.",
    "cluster": "Choose the cluster the network is in.",
    "status": "Choose forming, active or closing.",
    "capacity": "Enter the number of places as a whole number from 1 to 100.",
    "walking_threshold_minutes": "Enter the minutes as a whole number from 1 to 60.",
    "started_on": "Enter a real date, like 3 March 2026.",
}


def _whole_number(name: str, label: str, help_text: str, high: int) -> forms.IntegerField:
    message = NETWORK_MESSAGES[name]
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=1,
        max_value=high,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages=dict.fromkeys(("required", "invalid", "min_value", "max_value"), message),
    )


class NetworkForm(forms.Form):
    """A network's details. ``clusters`` are those the person may put it in;
    ``homes`` the network's own (none while it is being added: the CLV's home
    is chosen once it has homes), or None for people who may not see
    addresses."""

    name = forms.CharField(
        label="Name of the network",
        max_length=120,
        error_messages={"required": NETWORK_MESSAGES["name"]},
    )
    cluster = forms.ModelChoiceField(
        label="Cluster",
        queryset=None,
        empty_label="Choose a cluster",
        error_messages={
            "required": NETWORK_MESSAGES["cluster"],
            "invalid_choice": NETWORK_MESSAGES["cluster"],
        },
    )
    status = forms.ChoiceField(
        label="Status",
        help_text="Closing ends the network: it is kept, with its history, and never deleted.",
        choices=Network.Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": NETWORK_MESSAGES["status"],
            "invalid_choice": NETWORK_MESSAGES["status"],
        },
    )
    capacity = _whole_number(
        "capacity",
        "How many members it can support",
        "Usually 9 to 20.",
        100,
    )
    accept_capacity = forms.BooleanField(
        label="Save it anyway: I know this capacity is unusual for a network",
        required=False,
    )
    clv_home = forms.ModelChoiceField(
        label="The CLV's home (optional)",
        help_text="One of the network's own homes.",
        queryset=Home.objects.none(),
        required=False,
        empty_label="Not recorded",
        error_messages={"invalid_choice": "Choose one of this network's own homes."},
    )
    walking_threshold_minutes = _whole_number(
        "walking_threshold_minutes",
        "Walking distance, in minutes",
        "Homes further than this on foot from the others are flagged. Usually 15.",
        60,
    )
    started_on = forms.DateField(
        label="Started on (optional)",
        required=False,
        validators=[limits.not_before_record_floor],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": NETWORK_MESSAGES["started_on"]},
    )
    description = forms.CharField(
        label="Description (optional)",
        max_length=limits.NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, clusters, homes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = clusters
        if homes is None:
            del self.fields["clv_home"]
        else:
            self.fields["clv_home"].queryset = homes

    def details(self) -> dict:
        """The network's details for the service, without the tick."""
        return {k: v for k, v in self.cleaned_data.items() if k != "accept_capacity"}
