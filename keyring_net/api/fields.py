"""The fields the API's inputs are made of, with the messages the pages
use (what a row looks like read: ``keyring_net.api.rows``)."""

from __future__ import annotations

from rest_framework import serializers

from keyring_net import limits
from keyring_net.api.base import ReachedField


def date_field(required_message: str = "This field is required.", **kwargs):
    kwargs.setdefault("validators", [limits.not_before_record_floor])
    return serializers.DateField(
        error_messages={
            "required": required_message,
            "invalid": "Enter a real date, like 2026-03-03.",
        },
        **kwargs,
    )


def text_field(required_message: str, **kwargs) -> serializers.CharField:
    kwargs.setdefault("max_length", limits.NOTE)
    return serializers.CharField(
        error_messages={"required": required_message, "blank": required_message}, **kwargs
    )


def optional_text(max_length: int = limits.NOTE, **kwargs) -> serializers.CharField:
    """Free text the request may leave out (blank when it does)."""
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default="", **kwargs
    )


def choice_field(choices, message: str, **kwargs) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=choices, error_messages={"required": message, "invalid_choice": message}, **kwargs
    )


def reached(reach: str, required: str | None = None, **kwargs) -> ReachedField:
    """The id of a row the person reaches (``reach``: its key in the
    serializer context). ``required`` is what to say when it is left out;
    without it, it may be (null)."""
    if required:
        return ReachedField(reach=reach, error_messages={"required": required}, **kwargs)
    return ReachedField(reach=reach, required=False, allow_null=True, default=None, **kwargs)


def reached_many(reach: str, **kwargs) -> ReachedField:
    """Ids of rows the person reaches; none when left out."""
    return ReachedField(reach=reach, many=True, required=False, default=list, **kwargs)


def row_id(which: str, short: str | None = None, **kwargs) -> serializers.IntegerField:
    """The id of one of a row's parts, which the service checks: "Say which
    ``which``." when it is left out, "Give the ``short``'s id." when it is
    not a number."""
    messages = {"required": f"Say which {which}.", "invalid": f"Give the {short or which}'s id."}
    return serializers.IntegerField(error_messages=messages, **kwargs)


def optional_id(**kwargs) -> serializers.IntegerField:
    """The id of a part the request may leave out (null when it does)."""
    return serializers.IntegerField(required=False, allow_null=True, default=None, **kwargs)


def optional_date(field=serializers.DateField, **kwargs) -> serializers.Field:
    """A day (or, with ``field=serializers.DateTimeField``, a moment) the
    request may leave out (null when it does), not before the records
    begin."""
    return field(
        validators=[limits.not_before_record_floor],
        required=False,
        allow_null=True,
        default=None,
        **kwargs,
    )
