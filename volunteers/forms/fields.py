"""The kinds of field the volunteers forms are made of, each with its plain
words for what is wrong, so every form asks the same way."""

from __future__ import annotations

from django import forms

from keyring_net import limits

NUMBER = {"inputmode": "numeric", "spellcheck": "false"}


def radios(label: str, choices, required: str, invalid: str | None = None, **kwargs):
    """One of a few choices, as radio buttons."""
    errors = {"required": required}
    if invalid:
        errors["invalid_choice"] = invalid
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, error_messages=errors, **kwargs
    )


def one_of(label: str, invalid: str, *, queryset=None, required: str = "", **kwargs):
    """A row from a list (the list is set by the form, from a selector).
    Optional unless ``required`` says what to ask for."""
    errors = {"invalid_choice": invalid}
    if required:
        errors["required"] = required
    return forms.ModelChoiceField(
        label=label, queryset=queryset, required=bool(required), error_messages=errors, **kwargs
    )


def notes_field(rows: int = 3, label: str = "Notes (optional)") -> forms.CharField:
    return forms.CharField(
        max_length=limits.NOTE,
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        required=False,
    )


def words(
    label: str, max_length: int, required: str = "", too_long: str = "", **kwargs
) -> forms.CharField:
    """Typed words, up to ``max_length`` characters. Optional unless
    ``required`` says what to ask for."""
    errors = {"max_length": too_long or f"Keep it to {max_length} characters or fewer."}
    if required:
        errors["required"] = required
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=bool(required),
        error_messages=errors,
        **kwargs,
    )


def short_note(label: str) -> forms.CharField:
    """A line of optional words, like a reason."""
    return forms.CharField(label=label, max_length=200, required=False)


def whole_number(label: str, errors: dict, **kwargs) -> forms.IntegerField:
    kwargs.setdefault("widget", forms.TextInput(attrs=NUMBER))
    return forms.IntegerField(label=label, error_messages=errors, **kwargs)
