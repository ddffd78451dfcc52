"""Forms for volunteer and enabler profiles, recruitment, DBS checks and
training. They read what was typed; the services hold the rules, and their
errors are put next to the fields (``keyring_net.forms.apply_service_errors``). What
was typed stays in the form."""

from __future__ import annotations

from django import forms

from members.forms import date_field
from volunteers.forms.fields import NUMBER, notes_field, one_of, radios, whole_number, words
from volunteers.models import DBSCheck, VolunteerProfile
from volunteers.selectors.people import next_stage, previous_stage, stage_name

HOURS_ERRORS = {
    "required": "Enter the hours they give each week, like 12.",
    "invalid": "Enter the hours as a number, like 12 or 12.5.",
    "max_digits": "Enter the hours as a number, like 12 or 12.5.",
    "max_decimal_places": "Enter the hours to one decimal place at most, like 12.5.",
    "max_whole_digits": "Enter the hours as a number, like 12 or 12.5.",
}


def _hours_field() -> forms.DecimalField:
    return forms.DecimalField(
        label="Hours a week they commit to",
        help_text="A CLV gives at least 12 hours a week.",
        max_digits=4,
        decimal_places=1,
        error_messages=HOURS_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
    )


def _home_field() -> forms.ModelChoiceField:
    return one_of(
        "Their home in the network (CLVs only, optional)",
        "Choose a home from the list.",
        empty_label="Not yet",
    )


def _network_field() -> forms.ModelChoiceField:
    return one_of(
        "Network (optional)", "Choose a network from the list.", empty_label="Not decided yet"
    )


def _rent_field() -> forms.CharField:
    return words(
        "Rent arrangement (CLVs only, optional)",
        200,
        help_text="For example: rent paid by the organisation in return for 12 hours a week.",
    )


class _ProfileChoices(forms.Form):
    """Networks and homes the viewer can choose. The home field is left out
    for people who may not see addresses."""

    def __init__(self, *args, networks, homes, may_see_addresses: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        if may_see_addresses:
            self.fields["home"].queryset = homes
            self.fields["home"].label_from_instance = lambda home: (
                f"{home.address_line_1}, {home.postcode} ({home.network.name})"
            )
        else:
            del self.fields["home"]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("home", None)
        return data


class RecruitForm(_ProfileChoices):
    person = one_of(
        "Someone who already works here (optional)",
        "Choose someone from the list.",
        help_text="Or leave this and enter someone new below.",
        empty_label="Someone new",
    )
    full_name = forms.CharField(label="Full name of someone new", max_length=200, required=False)
    email = forms.CharField(
        label="Their e-mail address",
        help_text="They do not get an e-mail now. An admin invites them once they are cleared.",
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    kind = radios(
        "What will they do?",
        VolunteerProfile.Kind.choices,
        "Choose what they will do.",
        "Choose what they will do.",
    )
    network = _network_field()
    weekly_commitment_hours = _hours_field()
    home = _home_field()
    rent_arrangement = _rent_field()
    notes = notes_field()

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda user: user.full_name


class ProfileForm(_ProfileChoices):
    network = _network_field()
    weekly_commitment_hours = _hours_field()
    home = _home_field()
    rent_arrangement = _rent_field()
    started_on = date_field("Start date (optional)", "Enter the start date.", required=False)
    notes = notes_field(rows=4)


class StageForm(forms.Form):
    to_stage = radios(
        "What happens next?", [], "Choose what happens next.", "Choose what happens next."
    )
    reason = words(
        "Why (or a note about the move)",
        1000,
        help_text="Needed when they leave or go back a stage.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, profile: VolunteerProfile, **kwargs):
        super().__init__(*args, **kwargs)
        Stage = VolunteerProfile.Stage
        choices = []
        if profile.stage == Stage.LEFT:
            choices.append((Stage.APPLIED, "They have applied again"))
        else:
            following = next_stage(profile.stage)
            if following:
                choices.append((following, f"Move on to {stage_name(following)}"))
            before = previous_stage(profile.stage)
            if before:
                choices.append((before, f"Go back to {stage_name(before)}, to put a mistake right"))
            choices.append((Stage.LEFT, "They have left"))
        self.fields["to_stage"].choices = choices


class InterviewForm(forms.Form):
    """Books an interview, or records one held on paper. It has no outcome:
    the panel decides on the interview's page (``panels.interview_decide``)."""

    held_on = date_field("Date of the interview", "Enter the date of the interview.")
    panel = words(
        "Who sat on the panel",
        250,
        "Say who sat on the panel.",
        help_text="Names, and who they are. Members sit on panels with an equal say.",
    )
    members_on_panel = whole_number(
        "How many members sat on the panel",
        {
            "required": "Enter how many members sat on the panel, like 2.",
            "invalid": "Enter how many members sat on the panel, like 2.",
            "min_value": "Enter how many members sat on the panel, like 2.",
            "max_value": "Enter 20 or fewer.",
        },
        min_value=0,
        max_value=20,
        initial=0,
    )
    notes = notes_field()


def _yes_no_not_yet(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class ReferenceForm(forms.Form):
    referee = words("Who gave the reference", 200, "Enter who gave the reference.")
    received_on = date_field(
        "Date it came back (leave empty if you are still waiting)",
        "Enter the date it came back.",
        required=False,
    )
    satisfactory = forms.TypedChoiceField(
        label="Was it satisfactory?",
        choices=[("", "Not back yet"), ("yes", "Yes"), ("no", "No")],
        coerce=_yes_no_not_yet,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Choose yes, no or not back yet."},
        widget=forms.RadioSelect,
    )


class DBSCheckForm(forms.Form):
    level = radios(
        "Level of check",
        DBSCheck.Level.choices,
        "Choose the level of the check.",
        "Choose the level of the check.",
    )
    certificate_number = words(
        "Certificate number",
        20,
        "Enter the certificate number.",
        "The certificate number is 12 digits, like 001234567890.",
        help_text="12 digits, on the top right of the certificate.",
        widget=forms.TextInput(attrs={**NUMBER, "autocomplete": "off"}),
    )
    issued_on = date_field("Date of issue", "Enter the date of issue.")
    on_update_service = forms.BooleanField(
        label="They are on the DBS Update Service", required=False
    )
    renewal_due = date_field(
        "Renewal due (optional)",
        "Enter the date the renewal is due.",
        required=False,
        help_text="Leave empty for 3 years after the date of issue.",
    )


class TrainingRecordForm(forms.Form):
    module = one_of(
        "Course",
        "Choose a course from the list.",
        required="Choose the course.",
        empty_label="Choose a course",
    )
    completed_on = date_field("Date it was done", "Enter the date it was done.")
    expires_on = date_field(
        "Date it runs out (optional)",
        "Enter the date it runs out.",
        required=False,
        help_text="Leave empty to use the course's usual length.",
    )

    def __init__(self, *args, modules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = modules
        self.fields["module"].label_from_instance = lambda module: (
            f"{module.name} (mandatory)" if module.mandatory else module.name
        )


class ModuleForm(forms.Form):
    name = words(
        "Name of the course",
        120,
        "Enter the name of the course.",
        "Enter a name of 120 characters or fewer.",
    )
    valid_for_months = whole_number(
        "How many months it lasts (optional)",
        {
            "invalid": "Enter a number of months, like 36.",
            "min_value": "Enter a number of months from 1 to 120, or leave it empty.",
            "max_value": "Enter a number of months from 1 to 120, or leave it empty.",
        },
        help_text="Leave empty if it never needs doing again.",
        min_value=1,
        max_value=120,
        required=False,
    )
