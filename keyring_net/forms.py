"""Forms of the tenancy core. Errors are in plain words, next to the field."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from keyring_net import roles
from keyring_net.models import Country, Role
from keyring_net.organisation_settings import (
    CHOICE,
    DECIMAL,
    EMAIL,
    PHONE,
    SETTINGS,
    WHOLE,
    Setting,
)


def apply_service_errors(
    form: forms.Form,
    error: ValidationError,
    *,
    rename: dict[str, str] | None = None,
    first_only: bool = False,
) -> None:
    """Put a service's errors on a form: each next to the field it is about,
    the rest (and a message about no field) above the form.

    ``rename`` maps the service's names to the form's. With ``first_only``
    a field shows only its first message, the one to fix. A form that
    places some messages itself (the star template's stages and areas)
    defines ``add_problems(messages)``: it is given the first message of
    each name, and places them."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    rename = rename or {}
    add_problems = getattr(form, "add_problems", None)
    if add_problems is not None:
        add_problems(
            {rename.get(name, name): texts[0] for name, texts in error.message_dict.items()}
        )
        return
    for name, texts in error.message_dict.items():
        target = rename.get(name, name)
        form.add_error(target if target in form.fields else None, texts[0] if first_only else texts)


class HintedRadioSelect(forms.RadioSelect):
    """Radios with a hint under each choice (``hints``: value -> words),
    shown by ``includes/field.html``."""

    def __init__(self, *args, hints: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.hints = hints

    def id_for_label(self, id_, index=None):
        """The first radio, where the error summary's link goes (GOV.UK)."""
        return super().id_for_label(id_, "0" if index is None else index)

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        option["hint"] = self.hints.get(str(value), "")
        return option


def _scope_field(label: str, help_text: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        help_text=help_text,
        queryset=None,
        required=False,
        empty_label="Not needed",
        error_messages={"invalid_choice": "Choose one from the list."},
    )


class RoleForm(forms.Form):
    """A role (each with what it lets the person do) and, for the roles that
    need one, its scope. Members' logins come with their login cards."""

    role = forms.ChoiceField(
        label="Role",
        choices=[(r.value, r.label) for r in roles.GIVEN_BY_ADMINS],
        widget=HintedRadioSelect(hints={r.value: roles.HINTS[r] for r in roles.GIVEN_BY_ADMINS}),
        error_messages={"required": "Choose a role.", "invalid_choice": "Choose a role."},
    )
    cluster = _scope_field("Cluster", "For a support manager.")
    network = _scope_field(
        "Network", "For a Community Living Volunteer, community enabler or connections volunteer."
    )
    local_authority = _scope_field("Council", "For a commissioner.")

    def __init__(self, *args, scope_choices: dict, switched_off: str = "", **kwargs):
        """``switched_off``: the words saying the person's account is
        switched off; the form then offers to switch it back on."""
        super().__init__(*args, **kwargs)
        for name, queryset in scope_choices.items():
            self.fields[name].queryset = queryset
        if switched_off:
            self.fields["reactivate"] = forms.BooleanField(
                label=roles.REACTIVATE_LABEL, help_text=switched_off, required=False
            )

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if not role:
            return data
        needed = roles.scope_needed(Role(role))
        for name in roles.SCOPE_FIELDS:
            if name == needed:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, roles.NEEDED[name])
            else:
                data[name] = None  # a scope the role does not take is ignored
        return data

    def scope(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in roles.SCOPE_FIELDS
            if self.cleaned_data.get(name) is not None
        }

    def service_fields(self) -> dict:
        """What the services (``role_grant``, ``person_invite``) take."""
        fields = {"role": Role(self.cleaned_data["role"]), **self.scope()}
        if "reactivate" in self.fields:
            fields["reactivate"] = self.cleaned_data.get("reactivate", False)
        return fields


class ScopeForm(forms.Form):
    """Where a role moves to: the one scope field its role takes."""

    def __init__(self, *args, assignment, scope_choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.field_name = roles.scope_needed(Role(assignment.role))
        field = forms.ModelChoiceField(
            label=f"New {roles.SCOPE_WORDS[self.field_name].split()[-1]}",
            help_text=f"Now: {roles.where(assignment)}.",
            queryset=scope_choices[self.field_name],
            empty_label="Choose one",
            error_messages={
                "required": roles.NEEDED[self.field_name],
                "invalid_choice": "Choose one from the list.",
            },
        )
        self.fields[self.field_name] = field

    def scope(self) -> dict:
        return {self.field_name: self.cleaned_data[self.field_name]}

    service_fields = scope


class InviteForm(RoleForm):
    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter their full name."}
    )
    email = forms.EmailField(
        label="E-mail address",
        help_text="We send them a link to choose a password.",
        error_messages={
            "required": "Enter their e-mail address.",
            "invalid": "Enter an e-mail address like name@example.org.",
        },
    )

    field_order = ["full_name", "email", "role", "cluster", "network", "local_authority"]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {**super().service_fields(), "email": data["email"], "full_name": data["full_name"]}


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="What is this token for?",
        help_text="For example, the name of the system that will use it.",
        max_length=100,
        error_messages={
            "required": "Say what the token is for, so you can tell your tokens apart.",
            "max_length": "Use 100 characters or fewer.",
        },
    )


class OrganisationSettingsForm(forms.Form):
    """Every setting of ``organisation_settings.SETTINGS``, with its meaning
    and unit as the hint. The fields take text as typed: the service checks
    each against its limits (the API's checks are the same), and its words
    go next to the field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for setting in SETTINGS:
            self.fields[setting.name] = _setting_field(setting)


def _setting_field(setting: Setting) -> forms.Field:
    if setting.kind == CHOICE:
        return forms.ChoiceField(
            label=setting.label,
            help_text=setting.hint,
            choices=Country.choices,
            error_messages={
                "required": "Choose England, Wales, Scotland or Northern Ireland.",
                "invalid_choice": "Choose England, Wales, Scotland or Northern Ireland.",
            },
        )
    attrs = {"spellcheck": "false"}
    if setting.kind in (WHOLE, DECIMAL):
        attrs["inputmode"] = "numeric" if setting.kind == WHOLE else "decimal"
    if setting.kind in (EMAIL, PHONE):
        attrs["autocomplete"] = "off"
    return forms.CharField(
        label=setting.label,
        help_text=setting.hint,
        required=False,  # the service says what is missing, in its words
        max_length=setting.max_length,
        widget=forms.TextInput(attrs=attrs),
    )
