"""Forms for values-based recruitment: a value the organisation recruits
on, a person for an interview's panel, and the panel's decision. (The
panel member's own easy-read scoring form is written out in its template.)"""

from __future__ import annotations

from django import forms

from keyring_net import limits
from keyring_net.pictograms import PICTOGRAMS
from volunteers.forms.fields import one_of, radios, whole_number, words
from volunteers.models import Interview


class ValueForm(forms.Form):
    name = words("Name of the value", 80, "Enter the value's name, like Respect.")
    meaning = forms.CharField(
        label="What it means, in plain words",
        max_length=limits.REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what it means, in plain words."},
    )
    easy_read = words(
        "One short sentence for the easy-read form",
        150,
        "Write one short sentence for the easy-read form.",
        help_text="15 words or fewer, like: They listen to people and take them seriously.",
    )
    pictogram = radios(
        "Picture beside it",
        list(PICTOGRAMS.items()),
        "Choose a picture.",
        "Choose a picture.",
        initial="heart",
    )
    order = whole_number(
        "Place in the list",
        {
            "required": "Enter its place in the list, like 1.",
            "invalid": "Enter its place in the list, like 1.",
            "min_value": "Enter its place in the list, like 1.",
            "max_value": "Enter a place of 99 or lower.",
        },
        min_value=0,
        max_value=99,
        required=False,
        help_text="Values show in this order. Leave empty to put it last.",
    )


class SeatForm(forms.Form):
    person = one_of(
        "Who joins the panel",
        "Choose someone from the list.",
        required="Choose who joins the panel.",
        empty_label="Choose someone",
        help_text="Staff and members of the organisation. Members sit with an equal say.",
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class DecisionForm(forms.Form):
    outcome = radios(
        "The decision",
        [
            (Interview.Outcome.OFFER, "Appointed: offer them the role"),
            (Interview.Outcome.NO_OFFER, "Not appointed"),
        ],
        "Choose whether to offer them the role.",
        "Choose whether to offer them the role.",
    )
    reasons = forms.CharField(
        label="The reasons",
        max_length=limits.REASON,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Say how the panel's views led to the decision.",
        error_messages={"required": "Give the reasons for the decision."},
    )
