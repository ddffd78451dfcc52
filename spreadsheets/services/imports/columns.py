"""The fields an import fills, the other names their columns go by, and
how each cell is read and checked, in plain words.

A cleaner takes a cell and returns the value, or raises ``Problem`` with
the words that follow "Row 14, Date of birth: ".
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from keyring_net import limits
from networks.geo.postcodes import PostcodeError, clean_postcode
from spreadsheets.services.imports.reading import NO_HEADERS, Cell


class Problem(ValueError):
    """A cell that cannot be imported; the message is plain words."""


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    clean: Callable[[Cell], object]
    other_names: tuple[str, ...] = ()
    required: bool = False
    help: str = ""
    names: frozenset[str] = field(init=False)

    def __post_init__(self):
        names = {header_key(self.label), header_key(self.name), *map(header_key, self.other_names)}
        object.__setattr__(self, "names", frozenset(names))


def header_key(text: str) -> str:
    """A header as it is compared: lower case, letters and digits only
    ("Post code", "postcode" and "POST_CODE" are one)."""
    return re.sub(r"[^a-z0-9]", "", str(text).lower())


def text(max_length: int) -> Callable[[Cell], str]:
    def clean(cell: Cell) -> str:
        value = " ".join(str(cell).split())
        if len(value) > max_length:
            raise Problem(f"this is too long: it can have {max_length} characters at most")
        return value

    return clean


_DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


def date(floor: datetime.date, *, future: bool = False) -> Callable[[Cell], datetime.date | None]:
    """Day first (31/01/1980), or 1980-01-31, or an Excel date cell; one
    in the future only with ``future`` (a renewal or expiry date)."""

    def clean(cell: Cell) -> datetime.date | None:
        if cell == "":
            return None
        if isinstance(cell, datetime.date):
            day = cell
        else:
            written = str(cell).split(" ")[0]
            for pattern in _DATE_FORMATS:
                try:
                    day = datetime.datetime.strptime(written, pattern).date()
                    break
                except ValueError:
                    continue
            else:
                raise Problem(f"{cell} is not a date (write it as day/month/year, like 31/01/1980)")
        if day < floor:
            raise Problem(f"{day:%d/%m/%Y} is too early: it must be on or after {floor:%d/%m/%Y}")
        if day > datetime.date.today() and not future:
            raise Problem(f"{day:%d/%m/%Y} is in the future")
        return day

    return clean


def postcode(cell: Cell) -> str:
    if cell == "":
        return ""
    try:
        return clean_postcode(str(cell))
    except PostcodeError:
        raise Problem(f"{cell} is not a full UK postcode (like M19 3AB)") from None


def hours(cell: Cell) -> Decimal | None:
    if cell == "":
        return None
    try:
        value = Decimal(str(cell).replace(",", "."))
    except InvalidOperation:
        raise Problem(f"{cell} is not a number of hours") from None
    if not value.is_finite() or value < 0 or value > 168:
        raise Problem(f"{cell} is not a number of hours in a week")
    return value.quantize(Decimal("0.1"))


def choice(choices) -> Callable[[Cell], str]:
    """One of a model's choices, by its value or its label, any case."""
    known = {}
    for value, label in choices:
        known[header_key(value)] = value
        known[header_key(str(label))] = value
    words = ", ".join(str(label) for _, label in choices)

    def clean(cell: Cell) -> str:
        if cell == "":
            return ""
        try:
            return known[header_key(str(cell))]
        except KeyError:
            raise Problem(f"{cell} is not one of: {words}") from None

    return clean


birth_date = date(limits.BIRTH_DATE_FLOOR)
record_date = date(limits.RECORD_DATE_FLOOR)
due_date = date(limits.RECORD_DATE_FLOOR, future=True)

NOT_IMPORTED = ""


def match_headers(headers: list[str], fields: list[Field]) -> list[str]:
    """The field each column feeds, by its header ("" where none matches).
    A field is matched by one column at most: the first."""
    matched: list[str] = []
    taken: set[str] = set()
    for header in headers:
        key = header_key(header)
        found = next((f.name for f in fields if key in f.names and f.name not in taken), "")
        if found:
            taken.add(found)
        matched.append(found)
    return matched


def check_columns(headers: list[str], columns: list[str], fields: list[Field]) -> dict:
    """What is wrong with a column match, by column index or "__all__",
    in plain words; empty when it can be used."""
    by_name = {f.name: f for f in fields}
    errors: dict = {}
    if not any(columns):
        raise ValidationError(NO_HEADERS)
    seen: dict[str, int] = {}
    for index, name in enumerate(columns):
        if name and name not in by_name:
            errors[index] = f"{name} is not a field this import fills."
            continue
        if name and name in seen:
            errors[index] = (
                f"{by_name[name].label} is already matched to the column "
                f"{headers[seen[name]]!r}. Choose another field or do not import it."
            )
        seen.setdefault(name, index)
    missing = [f.label for f in fields if f.required and f.name not in seen]
    if missing:
        errors["__all__"] = (
            "The file needs a column for: " + ", ".join(missing) + ". Match a column to each."
        )
    return errors
