"""Forms for members, referrals, contacts and connections. Errors are plain
words next to the field; what was typed stays in the form."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from keyring_net import limits
from members import login_cards
from members.models import ChosenPerson, CommunicationNeed, Consent, Contact, Member, Referral

# Browsers read only ISO dates in <input type="date">, whatever the locale.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_field(label: str, required_message: str, **kwargs) -> forms.DateField:
    kwargs.setdefault("validators", [limits.not_before_record_floor])
    return forms.DateField(
        label=label,
        widget=DATE,
        error_messages={
            "required": required_message,
            "invalid": "Enter a real date, like 3 March 2026.",
        },
        **kwargs,
    )


class ReferralForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter the person's full name."},
    )
    preferred_name = forms.CharField(
        label="What they like to be called (optional)", max_length=100, required=False
    )
    source = forms.ChoiceField(
        label="Who referred them?",
        choices=Referral.Source.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who referred them."},
    )
    referrer = forms.CharField(
        label="Referrer's name and contact (optional)", max_length=200, required=False
    )
    referred_on = date_field("Date of the referral", "Enter the date of the referral.")
    reason_in_referrers_words = forms.CharField(
        max_length=limits.NOTE,
        label="Why they were referred, in the referrer's words",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why they were referred."},
    )
    reason_in_own_words = forms.CharField(
        max_length=limits.NOTE,
        label="What they want, in their own words (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def clean_referred_on(self):
        day = self.cleaned_data["referred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The referral date cannot be in the future.")
        return day


class AssessmentForm(forms.Form):
    on = date_field("Assessment started on", "Enter when the assessment started.")
    notes = forms.CharField(
        max_length=limits.NOTE,
        label="Assessment notes",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[
            (Referral.Stage.ACCEPTED, "Accept"),
            (Referral.Stage.DECLINED, "Decline"),
            (Referral.Stage.WITHDRAWN, "They withdrew"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a decision."},
    )
    on = date_field("Date of the decision", "Enter the date of the decision.")
    reason = forms.CharField(
        max_length=limits.REASON,
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Needed when declining.",
    )


class AllocationForm(forms.Form):
    network = forms.ModelChoiceField(
        label="Network",
        queryset=None,
        empty_label="Choose a network",
        error_messages={"required": "Choose a network."},
    )
    home = forms.ModelChoiceField(
        label="Their home (optional)", queryset=None, required=False, empty_label="Not yet"
    )
    workers = forms.ModelMultipleChoiceField(
        label="Who will support them",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    on = date_field("Joining date", "Enter the date they join.")

    def __init__(self, *args, networks, homes, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        self.fields["home"].queryset = homes
        self.fields["workers"].queryset = workers
        self.fields["workers"].label_from_instance = lambda user: user.full_name


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(
        label="What has happened?",
        widget=forms.RadioSelect,
        choices=[
            (Member.Status.MOVED_ON, "Moved on from support (still welcome in the network)"),
            (Member.Status.LEFT, "Left the network"),
            (Member.Status.ACTIVE, "Back to active support"),
        ],
        error_messages={"required": "Choose what has happened."},
    )
    on = date_field("Date", "Enter the date.")
    reason = forms.CharField(
        max_length=limits.REASON,
        label="Why",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why, in a few words."},
    )


class SupportLevelForm(forms.Form):
    hours = forms.DecimalField(
        label="Support hours a week",
        min_value=0,
        max_value=60,
        max_digits=4,
        decimal_places=1,
        error_messages={
            "required": "Enter the hours of support a week.",
            "invalid": "Enter a number of hours, like 3 or 2.5.",
        },
    )
    reason = forms.CharField(
        max_length=limits.REASON,
        label="Why is support changing?",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why support is changing."},
    )


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["topic", "shared_with", "given", "recorded_on", "review_on", "details"]
        labels = {
            "given": "They agreed",
            "shared_with": "With whom (optional)",
            "review_on": "Check again on (optional)",
            "details": "Details (optional)",
        }
        widgets = {
            "recorded_on": DATE,
            "review_on": DATE,
            "details": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "topic": {"required": "Choose what the consent is about."},
            "recorded_on": {"required": "Enter the date they said it."},
        }


class ChosenPersonForm(forms.ModelForm):
    class Meta:
        model = ChosenPerson
        fields = [
            "name",
            "relationship",
            "phone",
            "email",
            "is_emergency_contact",
            "may_be_told",
            "do_not_contact",
        ]
        labels = {
            "is_emergency_contact": "Call them in an emergency",
            "phone": "Phone (optional)",
            "email": "E-mail (optional)",
            "may_be_told": "What they may be told (optional)",
        }
        error_messages = {
            "name": {"required": "Enter their name."},
            "relationship": {"required": "Enter how they know the member, like sister or friend."},
        }


MINUTES = [
    (15, "15 minutes"),
    (30, "30 minutes"),
    (45, "45 minutes"),
    (60, "1 hour"),
    (90, "1 hour 30"),
    (120, "2 hours"),
]


class ContactForm(forms.Form):
    """The quick contact log: three taps and Save, on a phone."""

    member = forms.ModelChoiceField(
        label="Who did you support?",
        queryset=None,
        empty_label="Choose a member",
        error_messages={"required": "Choose the member."},
    )
    method = forms.ChoiceField(
        label="How?",
        choices=Contact.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how."},
    )
    minutes = forms.TypedChoiceField(
        label="How long?",
        choices=MINUTES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how long."},
    )
    topics = forms.MultipleChoiceField(
        label="What about? (optional)",
        choices=Contact.Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    peer = forms.ModelChoiceField(
        label="Which member gave the peer support?",
        queryset=None,
        required=False,
        empty_label="Only for peer support",
    )
    notes = forms.CharField(
        max_length=limits.NOTE,
        label="Notes (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    happened_at = forms.DateTimeField(
        validators=[limits.not_before_record_floor],
        label="When (leave as it is for now)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": "Enter a date and time, like 3 March 2026 at 2pm."},
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["peer"].queryset = members


class CorrectionForm(forms.Form):
    text = forms.CharField(
        max_length=limits.NOTE,
        label="The correction",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the correction."},
    )
    reason = forms.CharField(
        label="Why it needs correcting",
        max_length=250,
        error_messages={"required": "Say why the record needs correcting."},
    )


class PeerConnectionForm(forms.Form):
    other = forms.ModelChoiceField(
        label="Who do they know and help?",
        queryset=None,
        empty_label="Choose a member",
        error_messages={"required": "Choose a member."},
    )
    a_agreed_on = date_field("This member agreed on", "Enter when this member agreed.")
    b_agreed_on = date_field("The other member agreed on", "Enter when the other member agreed.")
    note = forms.CharField(label="Note (optional)", max_length=250, required=False)

    def __init__(self, *args, others, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = others


class PlaceConnectionForm(forms.Form):
    asset = forms.ModelChoiceField(
        label="Which place or person?",
        queryset=None,
        empty_label="Choose a place",
        error_messages={"required": "Choose a place or person."},
    )
    started_on = date_field("Since", "Enter when they started going.")
    note = forms.CharField(label="Note (optional)", max_length=250, required=False)

    def __init__(self, *args, assets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asset"].queryset = assets


class ReassignForm(forms.Form):
    from_worker = forms.ModelChoiceField(
        label="Who is leaving?",
        queryset=None,
        empty_label="Choose a person",
        error_messages={"required": "Choose who is leaving."},
    )
    to_worker = forms.ModelChoiceField(
        label="Who takes over?",
        queryset=None,
        empty_label="Choose a person",
        error_messages={"required": "Choose who takes over."},
    )
    on = date_field("From", "Enter the date they take over.")

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("from_worker", "to_worker"):
            self.fields[name].queryset = workers
            self.fields[name].label_from_instance = lambda user: user.full_name


class CommunicationNeedsForm(forms.Form):
    needs = forms.MultipleChoiceField(
        label="How does this member need information given to them?",
        help_text=(
            "Pages, printed plans and messages for them will follow this. Choose all that apply."
        ),
        choices=CommunicationNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notes = forms.CharField(
        label="Anything else to know (optional)",
        help_text="For example the interpreter they like, or who they want with them.",
        max_length=250,
        required=False,
        error_messages={"max_length": "Keep this to 250 characters or fewer."},
    )


class LoginCardForm(forms.Form):
    """The code from a login card: typed by the member, or sent by the card
    page's script from the part of the address after ``#``."""

    code = forms.CharField(
        label="The code on your card",
        max_length=64,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={
            "required": "Type the code from your card.",
            "max_length": "That is longer than the code on a card. Check it and try again.",
        },
    )

    def clean_code(self) -> str:
        code = login_cards.normalise_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError("Type the code from your card.")
        return code
