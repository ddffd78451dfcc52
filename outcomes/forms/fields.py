"""The fields of the outcomes forms, one line each: a label, what to say
when the field is left empty (left out: the field is optional) and when
what was given will not do. Errors are plain words, next to the field."""

from __future__ import annotations

from django import forms

from keyring_net import limits
from members.forms import DATE

NOT_A_DAY = "Enter a real date, like 31 3 2027."


def _errors(missing: str | None, **others: str | None) -> dict[str, str]:
    errors = {name: text for name, text in others.items() if text}
    if missing:
        errors["required"] = missing
    return errors


def words(
    label: str,
    max_length: int,
    *,
    missing: str | None = None,
    too_long: str | None = None,
    rows: int | None = None,
    **kwargs,
) -> forms.CharField:
    """Text up to ``max_length`` characters; ``rows`` makes it a text area."""
    if rows:
        kwargs["widget"] = forms.Textarea(attrs={"rows": rows})
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=missing is not None,
        error_messages=_errors(missing, max_length=too_long),
        **kwargs,
    )


def day(
    label: str, *, missing: str | None = None, not_a_day: str = NOT_A_DAY, **kwargs
) -> forms.DateField:
    """A day, in the house date input, not before the records begin."""
    return forms.DateField(
        validators=[limits.not_before_record_floor],
        label=label,
        widget=DATE,
        required=missing is not None,
        error_messages=_errors(missing, invalid=not_a_day),
        **kwargs,
    )


def one_of(
    label: str,
    *,
    wrong: str,
    missing: str | None = None,
    not_an_id: str | None = None,
    field: type[forms.ChoiceField] | type[forms.ModelChoiceField] = forms.ModelChoiceField,
    **kwargs,
):
    """A choice from a list: ``choices``, or (for a model choice field) the
    queryset the form sets when it is made. ``wrong`` is said of anything
    not on the list."""
    if issubclass(field, forms.ModelChoiceField):
        kwargs.setdefault("queryset", None)
    return field(
        label=label,
        required=missing is not None,
        error_messages=_errors(missing, invalid_choice=wrong, invalid_pk_value=not_an_id),
        **kwargs,
    )
