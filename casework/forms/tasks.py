"""Forms for tasks. Errors in plain words, next to the field."""

from __future__ import annotations

from django import forms

from keyring_net import limits
from members.forms import date_field, text_field


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class NamedChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return getattr(obj, "full_name", None) or obj.name


def _choice(field, label: str, wrong: str, *, missing: str = "", empty: str = "Nobody"):
    return field(
        queryset=None,
        label=label,
        required=bool(missing),
        empty_label=empty,
        error_messages={"required": missing, "invalid_choice": wrong},
    )


class TaskForm(forms.Form):
    """A task's fields, on the add and change pages. The member and network
    lists hold only what the person reaches."""

    title = text_field(
        "What needs to be done",
        max_length=200,
        required_message="Write what needs to be done.",
        help_text="For example: Ring the housing officer about the boiler.",
    )
    owner = _choice(
        PersonChoice,
        "Who will do it",
        "Choose someone from the list.",
        missing="Choose who will do it.",
    )
    due_on = date_field("Due by", "Enter the day it is due.")
    member = _choice(
        NamedChoice,
        "Member it is about (optional)",
        "Choose a member from the list.",
        empty="No one member",
    )
    network = _choice(
        NamedChoice,
        "Network it is about (optional)",
        "Choose a network from the list.",
        empty="No one network",
    )
    details = text_field("More detail (optional)", max_length=limits.NOTE, rows=3)

    def __init__(self, *args, owners, members, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["member"].queryset = members
        self.fields["network"].queryset = networks


class CancelForm(forms.Form):
    reason = text_field(
        "Why is it no longer needed",
        max_length=limits.REASON,
        rows=3,
        required_message="Say why the task is no longer needed.",
    )
