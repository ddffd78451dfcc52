"""How much people may type, and how far back a date may go.

One place for the limits every app uses, so a note is 10,000 characters
whether it comes from a page or the API, and a referral cannot be dated
0001-01-01 anywhere.

Free text (characters, counted after the form or serializer strips spaces):

* ``NOTE`` (10,000): notes, records of what happened, descriptions, the
  parts of a plan. About four pages of typing: room for a long visit note,
  never a pasted document.
* ``REASON`` (2,000): a reason or a short comment, a few sentences.

Dates people type:

* ``RECORD_DATE_FLOOR`` (1 January 2000): referrals, contacts, checks,
  readings, plans, shifts and the like are about the present; an earlier
  date is a typing slip (0001-01-01, 1026 for 2026).
* ``BIRTH_DATE_FLOOR`` (1 January 1900), for a date of birth (a member's,
  brought in by an import).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

NOTE = 10_000
REASON = 2_000

BIRTH_DATE_FLOOR = datetime.date(1900, 1, 1)
RECORD_DATE_FLOOR = datetime.date(2000, 1, 1)


@deconstructible
class NotBefore:
    """Refuses a date before ``floor``, in words a support worker would use.

    Works as a model field, form field and DRF serializer field validator
    (DRF runs Django validators and turns their errors into 400s).
    """

    def __init__(self, floor: datetime.date):
        self.floor = floor

    def __call__(self, value):
        if value is None:
            return
        day = value.date() if isinstance(value, datetime.datetime) else value
        if day < self.floor:
            raise ValidationError(
                "Check the date: it must be on or after %(floor)s.",
                code="date_too_early",
                params={"floor": f"{self.floor.day} {self.floor:%B %Y}"},
            )

    def __eq__(self, other):
        return isinstance(other, NotBefore) and other.floor == self.floor


not_before_record_floor = NotBefore(RECORD_DATE_FLOOR)
not_before_birth_floor = NotBefore(BIRTH_DATE_FLOOR)


def use_plain_length_messages() -> None:
    """Say "too long" in plain words on every page and API answer.

    Django's and DRF's own words ("Ensure this value has at most 10000
    characters") are not how a support worker or a member speaks. Both read
    the message from the class when they refuse a value, so setting it once
    at start-up (``KeyringNetConfig.ready``) changes it everywhere, the
    Django admin included.
    """
    from django.core import validators
    from django.utils.translation import ngettext_lazy
    from rest_framework import fields

    validators.MaxLengthValidator.message = ngettext_lazy(
        "This is too long: it can have %(limit_value)d character at most, and it has "
        "%(show_value)d.",
        "This is too long: it can have %(limit_value)d characters at most, and it has "
        "%(show_value)d.",
        "limit_value",
    )
    fields.CharField.default_error_messages["max_length"] = (
        "This is too long: it can have {max_length} characters at most."
    )
