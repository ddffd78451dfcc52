"""Fields the forms of stars and plans are made of."""

from __future__ import annotations

from django import forms

from keyring_net import limits


def text_box(label: str, required: str | None = None, rows: int = 2) -> forms.CharField:
    """Free text in a box of ``rows`` lines. ``required`` is what to say when
    it is left empty; without it, it may be."""
    return forms.CharField(
        label=label,
        max_length=limits.NOTE,
        required=required is not None,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required} if required else None,
    )


def line(
    label: str, max_length: int, required: str | None = None, too_long: str | None = None
) -> forms.CharField:
    """A line of text. ``required`` is what to say when it is left empty
    (without it, it may be); ``too_long``, when it is over ``max_length``."""
    messages = {"required": required, "max_length": too_long}
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required is not None,
        error_messages={key: text for key, text in messages.items() if text} or None,
    )
