"""What an organisation can set for itself: each value, what it means and
its unit in plain words, and its limits.

One table (``SETTINGS``) that the settings page, the API and the service
all read, so the page's hints, the API's schema and the checks never
disagree. Each value is a field of ``Organisation`` or, for ``in_json``
ones, a key of ``Organisation.settings`` that the product reads.
``check`` turns what someone typed (or an API sent) into the value to keep,
or raises ``ValueError`` with the words to show next to the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from keyring_net.models import Country, Organisation

# Kinds of value, and how each is checked.
TEXT, CHOICE, ZONE, PHONE, EMAIL, WHOLE, DECIMAL = (
    "text",
    "choice",
    "zone",
    "phone",
    "email",
    "whole",
    "decimal",
)

PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()-]+$")


@dataclass(frozen=True)
class Setting:
    name: str
    label: str
    hint: str  # what it means and its unit, in plain words
    kind: str
    low: int | Decimal | None = None
    high: int | Decimal | None = None
    unit: str = ""  # said after the number: "days", "km/h"
    places: int = 0  # figures after the decimal point, for DECIMAL
    required: bool = True
    in_json: bool = False  # a key of Organisation.settings, not a field
    default: object = ""
    max_length: int = 200


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "name",
        "Name of the organisation",
        "How KeyRing Net names your organisation on every page and in every e-mail.",
        TEXT,
    ),
    Setting(
        "country",
        "Country",
        "Which of the four nations of the UK your organisation works in.",
        CHOICE,
    ),
    Setting(
        "time_zone",
        "Time zone",
        "The clock used for rotas, visits, reminders and quiet hours, written as a "
        "place name like Europe/London (which follows British Summer Time).",
        ZONE,
        max_length=60,
    ),
    Setting(
        "out_of_hours_phone",
        "Out-of-hours helpline",
        "The number volunteers and members ring when the office is closed. It is shown "
        "on the lone-working page and in overdue check-out alerts. Leave it empty if "
        "you have none.",
        PHONE,
        required=False,
        max_length=30,
    ),
    Setting(
        "out_of_hours_email",
        "Out-of-hours e-mail address",
        "Where alerts about a lone visit with no check-out are e-mailed out of hours. "
        "Leave it empty to use the service's own address.",
        EMAIL,
        required=False,
        in_json=True,
        max_length=254,
    ),
    Setting(
        "walking_speed_kmh",
        "Walking speed, in kilometres an hour",
        "How fast people walk between homes, used to work out how many minutes' walk "
        "a home is from the rest of its network. 4 is an unhurried pace; most adults "
        "walk at about 5.",
        DECIMAL,
        low=Decimal("1.0"),
        high=Decimal("6.0"),
        unit="km/h",
        places=1,
    ),
    Setting(
        "walking_detour_factor",
        "Detour factor",
        "How much longer the walk along real streets is than a straight line on the map. "
        "1.3 means 30% longer. Walking time is the straight-line distance times this "
        "number, divided by the walking speed.",
        DECIMAL,
        low=Decimal("1.00"),
        high=Decimal("2.00"),
        places=2,
    ),
    Setting(
        "contact_gap_days",
        "Days without contact before a member is flagged",
        "The support manager's dashboard flags a member nobody has been in contact with "
        "for this many days, counting every day of the week.",
        WHOLE,
        low=1,
        high=90,
        unit="days",
    ),
    Setting(
        "login_card_days",
        "Days a login card works",
        "A member's printed login card stops working this many days after it is made, "
        "if it has not been used by then. A new card always replaces the old one.",
        WHOLE,
        low=1,
        high=28,
        unit="days",
        in_json=True,
        default=7,
    ),
    Setting(
        "small_count_threshold",
        "Small-number limit",
        "Anything commissioners see (pages, reports, downloads) shows a count from 1 up "
        "to this number as \u201cfewer than\u201d instead, so no member can be picked out. "
        "With 7, counts of 1 to 7 are hidden.",
        WHOLE,
        low=5,
        high=20,
    ),
    # How long each kind of record is kept after a member's support ends,
    # then anonymised (privacy/retention.py). Defaults: the Records
    # Management Code of Practice for Health and Social Care (NHS England,
    # Appendix II), adult social care records 8 years after care ends.
    *(
        Setting(
            f"retention_{kind}_years",
            f"Years to keep {words} after support ends",
            f"{what} After a member leaves, these are kept this many years, then "
            f"anonymised: names and free text go, the numbers for reports stay. {why}",
            WHOLE,
            low=1,
            high=100,
            unit="years",
            in_json=True,
            default=years,
        )
        for kind, words, what, years, why in (
            (
                "member",
                "a member's record",
                "Their name, date of birth, contact details, referral and consents.",
                8,
                "The Records Management Code of Practice for Health and Social Care "
                "keeps adult social care records 8 years after care ends.",
            ),
            (
                "contacts",
                "contact notes",
                "What was written about each visit, call or meeting.",
                8,
                "The Records Management Code of Practice for Health and Social Care "
                "keeps adult social care records 8 years after care ends.",
            ),
            (
                "plans",
                "support plans and stars",
                "Plans, goals, actions, crisis and risk plans, and the words in star "
                "readings (the scores are kept).",
                8,
                "The Records Management Code of Practice for Health and Social Care "
                "keeps adult social care records 8 years after care ends.",
            ),
            (
                "casework",
                "casework",
                "Appointments, visits, tasks and incidents.",
                8,
                "The Records Management Code of Practice for Health and Social Care "
                "keeps adult social care records 8 years after care ends.",
            ),
            (
                "safeguarding",
                "safeguarding concerns",
                "What was reported, the member's wishes, decisions and actions.",
                12,
                "We suggest 12 years, longer than other records: a Safeguarding Adults "
                "Review, a police inquiry or a claim can come years after a concern is "
                "closed, and claims for personal injury may be brought late.",
            ),
        )
    ),
)

BY_NAME = {setting.name: setting for setting in SETTINGS}


def current_values(organisation: Organisation) -> dict[str, object]:
    """Every setting's value as the organisation has it now."""
    kept = organisation.settings or {}
    return {
        setting.name: (
            kept.get(setting.name, setting.default)
            if setting.in_json
            else getattr(organisation, setting.name)
        )
        for setting in SETTINGS
    }


def check(setting: Setting, value: object) -> object:
    """The value to keep for ``setting`` from ``value`` as typed or sent
    (text, a number, or None). Raises ``ValueError`` with plain words."""
    text = "" if value is None else str(value).strip()
    if not text:
        if setting.required:
            raise ValueError(f"Enter the {setting.label[0].lower()}{setting.label[1:]}.")
        return ""
    if len(text) > setting.max_length:
        raise ValueError(f"This is too long: it can have {setting.max_length} characters at most.")
    return CHECKS[setting.kind](setting, text)


def _text(setting: Setting, text: str) -> str:
    return text


def _choice(setting: Setting, text: str) -> str:
    if text not in Country.values:
        raise ValueError("Choose England, Wales, Scotland or Northern Ireland.")
    return text


def _zone(setting: Setting, text: str) -> str:
    if text not in available_timezones():
        raise ValueError(f"{text} is not a time zone we know. Use a name like Europe/London.")
    return text


def _phone(setting: Setting, text: str) -> str:
    digits = sum(ch.isdigit() for ch in text)
    if not PHONE_CHARACTERS.match(text) or not 3 <= digits <= 15:
        raise ValueError("Enter a phone number in numbers and spaces, like 0161 496 0000.")
    return text


def _email(setting: Setting, text: str) -> str:
    try:
        validate_email(text)
    except ValidationError:
        raise ValueError("Enter an e-mail address like name@example.org.") from None
    return text.lower()


def _range_words(setting: Setting) -> str:
    unit = f" {setting.unit}" if setting.unit else ""
    return f"between {setting.low} and {setting.high}{unit}"


def _whole(setting: Setting, text: str) -> int:
    try:
        number = int(text.replace(",", ""))
    except ValueError:
        raise ValueError(f"Enter a whole number {_range_words(setting)}.") from None
    if not setting.low <= number <= setting.high:
        raise ValueError(f"Enter a whole number {_range_words(setting)}.")
    return number


def _decimal(setting: Setting, text: str) -> Decimal:
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ValueError(f"Enter a number {_range_words(setting)}.")
    if not setting.low <= number <= setting.high:
        raise ValueError(f"Enter a number {_range_words(setting)}.")
    step = Decimal(1).scaleb(-setting.places)
    if number != number.quantize(step):
        figures = "one figure" if setting.places == 1 else f"{setting.places} figures"
        raise ValueError(f"Use at most {figures} after the decimal point.")
    return number.quantize(step)


CHECKS = {
    TEXT: _text,
    CHOICE: _choice,
    ZONE: _zone,
    PHONE: _phone,
    EMAIL: _email,
    WHOLE: _whole,
    DECIMAL: _decimal,
}
