"""Forms for safeguarding: the short form to raise a concern (one screen on
a phone), the lead's forms (wishes, triage, referral, an action, closing)
and naming a lead. A member's "I am worried" is written out in its
easy-read template."""

from __future__ import annotations

from django import forms

from casework.models import SafeguardingConcern as Concern
from keyring_net import limits
from keyring_net.forms import apply_service_errors

SOMEONE_ELSE = "other"


def _text(label: str, required: str = "", rows: int = 3, max_length: int = limits.REASON, **kw):
    errors = {"max_length": f"This is too long. Use {max_length} letters or fewer."}
    if required:
        errors["required"] = required
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=bool(required),
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=errors,
        **kw,
    )


def _radios(label: str, choices, required: str, **kw) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required, "invalid_choice": required},
        **kw,
    )


class RaiseForm(forms.Form):
    """Who, what happened, what you did, how urgent: under a minute."""

    about = forms.ChoiceField(
        label="Who are you worried about?",
        error_messages={
            "required": "Choose who you are worried about.",
            "invalid_choice": "Choose someone from the list.",
        },
    )
    other_person = forms.CharField(
        label="If it is someone else, who?",
        max_length=200,
        required=False,
        help_text="A name or a few words, like: the member's neighbour.",
        error_messages={"max_length": "Use 200 letters or fewer."},
    )
    what_happened = _text(
        "What happened, or what did you see or hear?",
        "Say what happened, or what you saw or heard.",
        rows=4,
        max_length=limits.NOTE,
    )
    done_at_once = _text(
        "What have you done so far?",
        help_text="For example: called 999, told the manager, stayed with them.",
        rows=2,
    )
    urgency = _radios("How urgent is it?", Concern.Urgency.choices, "Choose how urgent it is.")

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(m.pk): m for m in members}
        self.fields["about"].choices = [
            ("", "Choose"),
            *[(pk, str(m)) for pk, m in self.members.items()],
            (SOMEONE_ELSE, "Someone else"),
        ]

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        about = data.pop("about")
        data["member"] = self.members.get(about)
        return data

    def add_service_error(self, error) -> None:
        apply_service_errors(self, error, rename={"member": "about"})


class WishesForm(forms.Form):
    wishes_asked = _radios(
        "Were they asked what they want to happen?",
        Concern.WishesAsked.choices,
        "Choose whether they were asked.",
    )
    wishes = _text("What they want, in their own words", rows=4)
    wishes_not_asked_why = _text("If they were not asked, why not?", rows=2)


class TriageForm(forms.Form):
    kind = _radios("Kind of concern", Concern.Kind.choices, "Choose the kind of concern.")
    urgency = _radios("How urgent is it?", Concern.Urgency.choices, "Choose how urgent it is.")
    decision = _radios("Decision", Concern.Decision.choices, "Choose a decision.")
    reasons = _text("Reasons", "Give the reasons for the decision.", rows=4)


class ReferForm(forms.Form):
    referred_on = forms.DateField(
        label="Date the referral was made",
        help_text="For example, 27 11 2026 or 2026-11-27.",
        input_formats=["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y"],
        validators=[limits.not_before_record_floor],
        error_messages={
            "required": "Enter the date of the referral.",
            "invalid": "Enter the date like 27 11 2026.",
        },
    )
    referred_to = forms.CharField(
        label="Who it went to",
        max_length=200,
        help_text="The council's adult safeguarding team, and the person if you know.",
        error_messages={"required": "Say who at the council it went to."},
    )
    council_reference = forms.CharField(
        label="The council's reference (if you have it)", max_length=60, required=False
    )
    council_decision = _text("The council's decision (when you know it)", rows=3)


class ActionForm(forms.Form):
    what = _text("What was done", "Say what was done.", rows=3)


class CloseForm(forms.Form):
    outcome = _radios("Outcome", Concern.Outcome.choices, "Choose the outcome.")
    reasons = _text("Reasons", "Give the reasons for closing it.", rows=4)


class LeadForm(forms.Form):
    person = forms.ModelChoiceField(
        label="Who becomes a safeguarding lead",
        queryset=None,
        empty_label="Choose someone",
        help_text="People with a staff role who are not a lead already.",
        error_messages={
            "required": "Choose who becomes a lead.",
            "invalid_choice": "Choose someone from the list.",
        },
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
