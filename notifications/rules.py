"""Plain rules the services, forms and API share: which channels exist,
what a UK mobile number is, and when quiet hours end.

Quiet hours are local wall-clock times in the organisation's time zone
(``zoneinfo``), so 21:00 to 07:00 stays 21:00 to 07:00 across the clock
changes (29 March and 25 October 2026): the night is an hour shorter or
longer in UTC, never shifted.
"""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

from notifications.models import Channel, Kind

CHANNELS = [c.value for c in Channel]
DEFAULT_CHANNELS = [Channel.IN_APP.value, Channel.EMAIL.value]
# Sent at once, whatever quiet hours the person chose: someone working alone
# may be in danger, and the alert must not wait for the morning; someone
# signing in or invited is waiting for their e-mail now; someone may be at
# risk of harm now (an urgent safeguarding concern).
IMMEDIATE_KINDS = frozenset(
    {
        Kind.LONE_WORKING_OVERDUE.value,
        Kind.INVITATION.value,
        Kind.ACCOUNT.value,
        Kind.SAFEGUARDING_URGENT.value,
    }
)

UK_MOBILE_MESSAGE = "Enter a UK mobile number, like 07700 900123."
UNKNOWN_CHANNEL_MESSAGE = "Choose from: on KeyRing Net, e-mail or text message."
QUIET_ENDS_FIRST_MESSAGE = (
    "Your quiet hours end before they start. "
    "Make the end later than the start, or choose 'until the next morning'."
)
QUIET_BOTH_MESSAGE = "Give both a start and an end for your quiet hours, or leave both empty."
QUIET_NIGHT_MESSAGE = (
    "Quiet hours until the next morning end earlier in the day than they start, "
    "like 21:00 to 07:00. For quiet hours in the day, untick 'until the next morning'."
)
QUIET_SAME_MESSAGE = "Your quiet hours start and end at the same time. Choose a different end."
SMS_NEEDS_PHONE_MESSAGE = "Enter a mobile number to get text messages."


def normalise_uk_mobile(value: str) -> str:
    """``07700 900123``, ``+44 7700 900123`` or ``447700900123`` ->
    ``+447700900123``. Raises ``ValidationError`` for anything that is not
    a UK mobile number (07 followed by nine digits)."""
    digits = re.sub(r"[\s\-().]", "", value or "")
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    elif digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("44") and len(digits) == 12:
        digits = "0" + digits[2:]
    if not re.fullmatch(r"07\d{9}", digits):
        raise ValidationError(UK_MOBILE_MESSAGE, code="uk_mobile")
    return "+44" + digits[1:]


def clean_channels(channels) -> list[str]:
    """The channels in their usual order, in-app always among them (the
    inbox is where every notification can be found). Raises on an unknown
    one."""
    if not isinstance(channels, list | tuple):
        raise ValidationError(UNKNOWN_CHANNEL_MESSAGE, code="unknown_channel")
    unknown = [c for c in channels if c not in CHANNELS]
    if unknown:
        raise ValidationError(
            f"'{unknown[0]}' is not a way we can send. {UNKNOWN_CHANNEL_MESSAGE}",
            code="unknown_channel",
        )
    chosen = {Channel.IN_APP.value, *channels}
    return [c for c in CHANNELS if c in chosen]


def check_quiet_hours(
    quiet_from: datetime.time | None, quiet_until: datetime.time | None, overnight: bool
) -> None:
    """Both or neither; never the same time; a same-day window must end
    after it starts, a night-time one ends earlier in the day than it
    starts. Raises ``ValidationError`` keyed by field."""
    if (quiet_from is None) != (quiet_until is None):
        field = "quiet_until" if quiet_until is None else "quiet_from"
        raise ValidationError({field: QUIET_BOTH_MESSAGE})
    if quiet_from is None:
        return
    if quiet_from == quiet_until:
        raise ValidationError({"quiet_until": QUIET_SAME_MESSAGE})
    if not overnight and quiet_until < quiet_from:
        raise ValidationError({"quiet_until": QUIET_ENDS_FIRST_MESSAGE})
    if overnight and quiet_until > quiet_from:
        raise ValidationError({"quiet_until": QUIET_NIGHT_MESSAGE})


def quiet_hours_end(
    at: datetime.datetime,
    *,
    zone: ZoneInfo,
    quiet_from: datetime.time | None,
    quiet_until: datetime.time | None,
    overnight: bool,
) -> datetime.datetime | None:
    """When the quiet hours around ``at`` end (aware), or ``None`` when
    ``at`` is not inside them. Works on local wall-clock times."""
    if quiet_from is None or quiet_until is None:
        return None
    local = at.astimezone(zone)
    now = local.time().replace(tzinfo=None)
    day = local.date()
    if overnight:
        if now >= quiet_from:
            end_day = day + datetime.timedelta(days=1)
        elif now < quiet_until:
            end_day = day
        else:
            return None
    else:
        if not (quiet_from <= now < quiet_until):
            return None
        end_day = day
    end = datetime.datetime.combine(end_day, quiet_until, tzinfo=zone)
    # A wall-clock time skipped by the spring change (e.g. 01:30 on 29 March)
    # does not exist; zoneinfo reads it as the later offset, which is the
    # first real moment after it.
    return end.astimezone(datetime.UTC)
