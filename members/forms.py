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


def text_field(
    label: str, *, max_length: int, rows: int = 0, required_message: str = "", **kwargs
) -> forms.CharField:
    """Words: a box of ``rows`` lines (one line without). Needed when
    ``required_message`` says what to enter."""
    if rows:
        kwargs["widget"] = forms.Textarea(attrs={"rows": rows})
    if required_message:
        kwargs["error_messages"] = {
            "required": required_message,
            **kwargs.get("error_messages", {}),
        }
    return forms.CharField(
        label=label, max_length=max_length, required=bool(required_message), **kwargs
    )


def radio_field(
    label: str, choices, required_message: str, field=forms.ChoiceField, **kwargs
) -> forms.ChoiceField:
    """One of a few choices, as radio buttons."""
    return field(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
        **kwargs,
    )


def row_field(label: str, empty_label: str, required_message: str = "") -> forms.ModelChoiceField:
    """One row from a list the form is given (its ``__init__`` sets the
    queryset). Needed when ``required_message`` says what to choose."""
    return forms.ModelChoiceField(
        label=label,
        queryset=None,
        empty_label=empty_label,
        required=bool(required_message),
        error_messages={"required": required_message} if required_message else None,
    )


class GivenRowsForm(forms.Form):
    """A form whose lists of rows come from the page, as keyword arguments:
    ``rows_from`` names, for each field, the keyword that gives its rows.
    Fields in ``people`` show each person by their full name."""

    rows_from: dict[str, str] = {}
    people: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        given = {word: kwargs.pop(word) for word in set(self.rows_from.values())}
        super().__init__(*args, **kwargs)
        for name, word in self.rows_from.items():
            self.fields[name].queryset = given[word]
        for name in self.people:
            self.fields[name].label_from_instance = lambda user: user.full_name


class ReferralForm(forms.Form):
    full_name = text_field(
        "Full name", max_length=200, required_message="Enter the person's full name."
    )
    preferred_name = text_field("What they like to be called (optional)", max_length=100)
    source = radio_field("Who referred them?", Referral.Source.choices, "Choose who referred them.")
    referrer = text_field("Referrer's name and contact (optional)", max_length=200)
    referred_on = date_field("Date of the referral", "Enter the date of the referral.")
    reason_in_referrers_words = text_field(
        "Why they were referred, in the referrer's words",
        max_length=limits.NOTE,
        rows=3,
        required_message="Enter why they were referred.",
    )
    reason_in_own_words = text_field(
        "What they want, in their own words (optional)", max_length=limits.NOTE, rows=3
    )

    def clean_referred_on(self):
        day = self.cleaned_data["referred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The referral date cannot be in the future.")
        return day


class AssessmentForm(forms.Form):
    on = date_field("Assessment started on", "Enter when the assessment started.")
    notes = text_field("Assessment notes", max_length=limits.NOTE, rows=4)


# What can be decided about a referral, and the steps a member's journey
# can take from a page (the services check which may follow which).
DECISIONS = [
    (Referral.Stage.ACCEPTED, "Accept"),
    (Referral.Stage.DECLINED, "Decline"),
    (Referral.Stage.WITHDRAWN, "They withdrew"),
]
STEPS = [
    (Member.Status.MOVED_ON, "Moved on from support (still welcome in the network)"),
    (Member.Status.LEFT, "Left the network"),
    (Member.Status.ACTIVE, "Back to active support"),
]


class DecisionForm(forms.Form):
    decision = radio_field("Decision", DECISIONS, "Choose a decision.")
    on = date_field("Date of the decision", "Enter the date of the decision.")
    reason = text_field(
        "Reason", max_length=limits.REASON, rows=2, help_text="Needed when declining."
    )


class AllocationForm(GivenRowsForm):
    network = row_field("Network", "Choose a network", "Choose a network.")
    home = row_field("Their home (optional)", "Not yet")
    workers = forms.ModelMultipleChoiceField(
        label="Who will support them",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    on = date_field("Joining date", "Enter the date they join.")
    accept_full = forms.BooleanField(
        label="Add them anyway: I know every place in the network is taken", required=False
    )

    rows_from = {"network": "networks", "home": "homes", "workers": "workers"}
    people = ("workers",)


class StatusForm(forms.Form):
    to_status = radio_field("What has happened?", STEPS, "Choose what has happened.")
    on = date_field("Date", "Enter the date.")
    reason = text_field(
        "Why", max_length=limits.REASON, rows=2, required_message="Say why, in a few words."
    )


class MemberDetailsForm(forms.Form):
    """The organisation's own reference for a member and their date of
    birth (``record.member_details_change`` checks both)."""

    reference = forms.CharField(
        label="Your reference for them",
        help_text="From your older system or spreadsheets, if you have one. Exports start with it.",
        max_length=50,
        required=False,
    )
    date_of_birth = forms.DateField(
        label="Date of birth",
        help_text="Leave it empty if you do not know it.",
        widget=DATE,
        required=False,
        error_messages={"invalid": "Enter a real date, like 27 March 1985."},
        validators=[limits.not_before_birth_floor],
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
    reason = text_field(
        "Why is support changing?",
        max_length=limits.REASON,
        rows=2,
        required_message="Say why support is changing.",
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


class ContactForm(GivenRowsForm):
    """The quick contact log: three taps and Save, on a phone."""

    member = row_field("Who did you support?", "Choose a member", "Choose the member.")
    method = radio_field("How?", Contact.Method.choices, "Choose how.")
    minutes = radio_field(
        "How long?", MINUTES, "Choose how long.", field=forms.TypedChoiceField, coerce=int
    )
    topics = forms.MultipleChoiceField(
        label="What about? (optional)",
        choices=Contact.Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    peer = row_field("Which member gave the peer support?", "Only for peer support")
    notes = text_field("Notes (optional)", max_length=limits.NOTE, rows=2)
    happened_at = forms.DateTimeField(
        validators=[limits.not_before_record_floor],
        label="When (leave as it is for now)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": "Enter a date and time, like 3 March 2026 at 2pm."},
    )

    rows_from = {"member": "members", "peer": "members"}


class CorrectionForm(forms.Form):
    text = text_field(
        "The correction",
        max_length=limits.NOTE,
        rows=3,
        required_message="Enter the correction.",
    )
    reason = text_field(
        "Why it needs correcting",
        max_length=250,
        required_message="Say why the record needs correcting.",
    )


class PeerConnectionForm(GivenRowsForm):
    other = row_field("Who do they know and help?", "Choose a member", "Choose a member.")
    a_agreed_on = date_field("This member agreed on", "Enter when this member agreed.")
    b_agreed_on = date_field("The other member agreed on", "Enter when the other member agreed.")
    note = text_field("Note (optional)", max_length=250)

    rows_from = {"other": "others"}


class PlaceConnectionForm(GivenRowsForm):
    asset = row_field("Which place or person?", "Choose a place", "Choose a place or person.")
    started_on = date_field("Since", "Enter when they started going.")
    note = text_field("Note (optional)", max_length=250)

    rows_from = {"asset": "assets"}


class ReassignForm(GivenRowsForm):
    from_worker = row_field("Who is leaving?", "Choose a person", "Choose who is leaving.")
    to_worker = row_field("Who takes over?", "Choose a person", "Choose who takes over.")
    on = date_field("From", "Enter the date they take over.")

    rows_from = {"from_worker": "workers", "to_worker": "workers"}
    people = ("from_worker", "to_worker")


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
    notes = text_field(
        "Anything else to know (optional)",
        max_length=250,
        help_text="For example the interpreter they like, or who they want with them.",
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
