"""Where homes are, and how long it takes to walk between them.

A living support network only works if its homes are close: members drop in
on each other and on their Community Living Volunteer (CLV) without needing a
bus. This module gives the rest of KeyRing Net three things:

1. UK postcodes, tidied and checked, so "m193ab" and " M19 3AB " are the same
   postcode and a typing slip is caught before anything is saved.
2. Geocoders, which turn a postcode into a position on the map with its
   council and ward. ``OfflineGeocoder`` uses a small table shipped with the
   code (networks/data/postcodes.csv) and never goes online;
   ``PostcodesIoGeocoder`` asks the free postcodes.io service. The Django
   setting ``GEOCODER`` chooses between them (see ``get_geocoder``).
3. Walking times: the straight-line distance between two homes, stretched by
   the organisation's detour factor (real streets wind) and divided by its
   walking speed, and a plain-English report of any home that is too far.

Nothing here reads or writes the database: callers pass values in and save
what they get back. That keeps these rules easy to test and reuse.
"""

from __future__ import annotations

import csv
import functools
import json
import math
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = [
    "EARTH_RADIUS_METRES",
    "Geocoder",
    "GeocoderUnavailable",
    "Neighbour",
    "OfflineGeocoder",
    "Place",
    "PostcodeError",
    "PostcodesIoGeocoder",
    "WalkReport",
    "clean_postcode",
    "get_geocoder",
    "is_valid_postcode",
    "metres_between",
    "normalise_postcode",
    "outward_code",
    "walk_report",
    "walking_minutes",
]

# A latitude or longitude as the models store it (Decimal) or as maths gives
# it (float). Both are accepted everywhere.
Number = Decimal | float | int

# ---------------------------------------------------------------------------
# Postcodes
# ---------------------------------------------------------------------------

POSTCODE_MESSAGE = "Enter a full UK postcode, like M19 3AB."

# The UK postcode format (BS 7666, as published in the government's data
# standards). An outward code (the district: M1, B33, CR2, DN55, W1A, EC1A),
# a space, then an inward code: a digit and two letters. Some letters are
# never used in some places (no Q, V or X first; no C, I, K, M, O or V in
# the inward code), which catches common slips such as O for 0.
# GIR 0AA is a real, odd one (it was Girobank's) and is allowed by name.
_POSTCODE_RE = re.compile(
    r"""
    ^(?:
        GIR\ 0AA
      | (?:
            [A-PR-UWYZ][0-9][0-9]?                # M1, B33
          | [A-PR-UWYZ][A-HK-Y][0-9][0-9]?        # CR2, DN55
          | [A-PR-UWYZ][0-9][A-HJKPSTUW]          # W1A
          | [A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]  # EC1A, SW1A
        )
        \ [0-9][ABD-HJLNP-UW-Z]{2}
    )$
    """,
    re.VERBOSE,
)


class PostcodeError(ValueError):
    """The text is not a full UK postcode. The message is a sentence that can
    be shown to the person who typed it."""

    def __init__(self, message: str = POSTCODE_MESSAGE) -> None:
        super().__init__(message)


def normalise_postcode(text: str) -> str:
    """Put a postcode in its usual written form: capitals, one space before
    the last three characters ("m193ab" and " M19 3AB " give "M19 3AB").

    People type postcodes in many ways; storing one form means the same home
    is always found. This only tidies: it does not check the postcode is
    real (``is_valid_postcode`` does). Text too short to hold an inward code
    comes back in capitals without spaces.
    """
    compact = "".join(text.split()).upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def is_valid_postcode(text: str) -> bool:
    """True when the text, once tidied, has the shape of a full UK postcode.

    A postcode can have the right shape and still not exist; only a geocoder
    can tell that.
    """
    return bool(_POSTCODE_RE.match(normalise_postcode(text)))


def clean_postcode(text: str) -> str:
    """Tidy a postcode and check it, for forms and imports.

    Returns the tidied postcode, or raises ``PostcodeError`` whose message
    ("Enter a full UK postcode, like M19 3AB.") can go straight on the page.
    """
    postcode = normalise_postcode(text)
    if not _POSTCODE_RE.match(postcode):
        raise PostcodeError()
    return postcode


def outward_code(text: str) -> str:
    """The postcode district, the part before the space ("M19 3AB" gives
    "M19"). Raises ``PostcodeError`` when the text is not a full postcode."""
    return clean_postcode(text).split(" ")[0]


# ---------------------------------------------------------------------------
# Geocoding: postcode to place
# ---------------------------------------------------------------------------

SOURCE_TABLE = "table"
SOURCE_DISTRICT = "district"
SOURCE_POSTCODES_IO = "postcodes.io"

# The models keep six decimal places (about 10 cm), so places do too.
_SIX_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class Place:
    """Where a postcode is, and whose council and ward it is in.

    ``source`` says how sure we are, and is what ``Home.location_source``
    should record: "table" (the exact postcode, from the bundled table),
    "postcodes.io" (the exact postcode, from the online service) or
    "district" (only the postcode district was known: the position is a
    rough centre of the district and the ward is its main ward).
    Local authority names are the ONS short form ("Manchester"); match a
    council by ``local_authority_code``, which is the same everywhere.
    """

    latitude: Decimal
    longitude: Decimal
    local_authority_name: str
    local_authority_code: str
    ward: str
    source: str

    @property
    def is_approximate(self) -> bool:
        """True when only the district was found, so the position is rough."""
        return self.source == SOURCE_DISTRICT


class GeocoderUnavailable(Exception):
    """The geocoding service could not answer (no connection, an error on its
    side, or a reply we could not read). This is not the same as "unknown
    postcode": the postcode may be fine, so ask the person to try again later
    or type the position in, rather than telling them the postcode is wrong."""


class Geocoder(Protocol):
    """Anything that can find a postcode on the map."""

    def locate(self, postcode: str) -> Place | None:
        """The place for this postcode, or None when the postcode is unknown.

        Raises ``PostcodeError`` when the text is not a full UK postcode, so
        the caller can tell "typed wrongly" from "not found".
        """
        ...


DEFAULT_TABLE = Path(__file__).resolve().parent / "data" / "postcodes.csv"
_TABLE_COLUMNS = [
    "kind",
    "code",
    "latitude",
    "longitude",
    "local_authority_name",
    "local_authority_code",
    "ward",
]


@dataclass(frozen=True)
class _Tables:
    postcodes: dict[str, Place]
    districts: dict[str, Place]


def _coordinate(text: str, where: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(f"{where}: {text!r} is not a number.") from None
    if not value.is_finite():
        raise ValueError(f"{where}: {text!r} is not a number.")
    return value.quantize(_SIX_PLACES)


@functools.cache
def _load_table(path: Path) -> _Tables:
    """Read the table once per process (the first time it is needed), so
    starting the app costs nothing and each look-up after is a dictionary
    look-up. A mistake in the file is reported with its line number."""
    postcodes: dict[str, Place] = {}
    districts: dict[str, Place] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        numbered = [
            (number, line)
            for number, line in enumerate(handle, start=1)
            if line.strip() and not line.lstrip().startswith("#")
        ]
    rows = csv.reader(line for _, line in numbered)
    header = next(rows, None)
    if header != _TABLE_COLUMNS:
        raise ValueError(f"{path}: the first row must be {','.join(_TABLE_COLUMNS)}.")
    for (number, _), row in zip(numbered[1:], rows, strict=True):
        where = f"{path.name} line {number}"
        if len(row) != len(_TABLE_COLUMNS):
            raise ValueError(f"{where}: expected {len(_TABLE_COLUMNS)} columns.")
        kind, code, lat, lng, la_name, la_code, ward = (cell.strip() for cell in row)
        if kind == "postcode":
            if not is_valid_postcode(code):
                raise ValueError(f"{where}: {code!r} is not a full UK postcode.")
            key, source, table = normalise_postcode(code), SOURCE_TABLE, postcodes
        elif kind == "district":
            key, source, table = code.upper(), SOURCE_DISTRICT, districts
        else:
            raise ValueError(f"{where}: kind must be 'postcode' or 'district', not {kind!r}.")
        table[key] = Place(
            latitude=_coordinate(lat, where),
            longitude=_coordinate(lng, where),
            local_authority_name=la_name,
            local_authority_code=la_code,
            ward=ward,
            source=source,
        )
    return _Tables(postcodes=postcodes, districts=districts)


class OfflineGeocoder:
    """Finds postcodes in the table shipped with KeyRing Net; never goes online.

    An exact postcode in the table gives source "table". Otherwise, when its
    district (such as M19) is in the table, the result is the district's
    rough centre with source "district", which is close enough to start a
    network but not to measure one street against the next. A postcode in
    neither is unknown (None).
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or DEFAULT_TABLE

    def locate(self, postcode: str) -> Place | None:
        code = clean_postcode(postcode)
        tables = _load_table(self.path)
        exact = tables.postcodes.get(code)
        if exact is not None:
            return exact
        return tables.districts.get(code.split(" ")[0])


# Takes a prepared request and returns something with ``read()`` (and
# usually ``status`` and ``close()``), like ``urllib.request.urlopen``.
Opener = Callable[[urllib.request.Request], Any]


class PostcodesIoGeocoder:
    """Asks postcodes.io (free, open data from the ONS and Ordnance Survey)
    where a postcode is.

    Unknown postcodes give None. Anything else that goes wrong (no
    connection, a timeout, an error on their side, a reply we cannot read)
    raises ``GeocoderUnavailable``, so a service outage is never mistaken
    for a wrong postcode.

    ``opener`` is for tests and special set-ups: it receives the request and
    returns the response, so tests can hand back a recorded reply instead of
    going online. By default the request goes out with ``timeout`` seconds
    to answer.
    """

    def __init__(
        self,
        base_url: str = "https://api.postcodes.io",
        opener: Opener | None = None,
        timeout: float = 5,
    ) -> None:
        if urllib.parse.urlsplit(base_url).scheme not in ("https", "http"):
            raise ImproperlyConfigured("The postcodes.io address must start with https://.")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.opener: Opener = opener or self._open

    def _open(self, request: urllib.request.Request) -> Any:
        # The scheme was checked in __init__, so only http(s) is ever opened.
        return urllib.request.urlopen(request, timeout=self.timeout)  # noqa: S310

    def url_for(self, postcode: str) -> str:
        """The address asked for a postcode: the postcode without its space."""
        compact = clean_postcode(postcode).replace(" ", "")
        return f"{self.base_url}/postcodes/{urllib.parse.quote(compact, safe='')}"

    def locate(self, postcode: str) -> Place | None:
        # The scheme was checked in __init__.
        request = urllib.request.Request(  # noqa: S310
            self.url_for(postcode),
            headers={"Accept": "application/json", "User-Agent": "KeyRing Net"},
            method="GET",
        )
        try:
            response = self.opener(request)
            try:
                status = getattr(response, "status", 200)
                body = response.read()
            finally:
                close = getattr(response, "close", None)
                if close is not None:
                    close()
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            raise GeocoderUnavailable(
                f"postcodes.io answered with an error ({error.code})."
            ) from error
        except (urllib.error.URLError, OSError) as error:  # includes timeouts
            raise GeocoderUnavailable("postcodes.io could not be reached.") from error
        if status == 404:
            return None
        if not 200 <= status < 300:
            raise GeocoderUnavailable(f"postcodes.io answered with an error ({status}).")
        return self._place_from(body)

    def _place_from(self, body: bytes) -> Place | None:
        """Read the reply. Numbers are read as Decimal straight from the text,
        so 53.444567 stays exactly 53.444567."""
        try:
            data = json.loads(body, parse_float=Decimal)
            if data.get("status") == 404:
                return None
            result = data["result"]
            latitude, longitude = result["latitude"], result["longitude"]
            if latitude is None or longitude is None:
                # A real postcode with no position (some special postcodes):
                # we cannot place it on the map, so treat it as unknown.
                return None
            return Place(
                latitude=Decimal(latitude).quantize(_SIX_PLACES),
                longitude=Decimal(longitude).quantize(_SIX_PLACES),
                local_authority_name=result.get("admin_district") or "",
                local_authority_code=(result.get("codes") or {}).get("admin_district") or "",
                ward=result.get("admin_ward") or "",
                source=SOURCE_POSTCODES_IO,
            )
        except (ValueError, TypeError, KeyError, AttributeError, InvalidOperation) as error:
            raise GeocoderUnavailable("postcodes.io sent a reply we could not read.") from error


def get_geocoder() -> Geocoder:
    """The geocoder this installation uses, chosen by the ``GEOCODER``
    setting: "offline" (the default; never goes online) or "postcodes_io"."""
    name = str(getattr(settings, "GEOCODER", "offline")).strip().lower()
    if name == "offline":
        return OfflineGeocoder()
    if name in ("postcodes_io", "postcodes.io"):
        return PostcodesIoGeocoder()
    raise ImproperlyConfigured(f"GEOCODER must be 'offline' or 'postcodes_io', not {name!r}.")


# ---------------------------------------------------------------------------
# Walking distance
# ---------------------------------------------------------------------------

EARTH_RADIUS_METRES = 6_371_000


def metres_between(lat1: Number, lng1: Number, lat2: Number, lng2: Number) -> float:
    """The straight-line distance in metres between two points, over the
    curve of the Earth (the haversine formula, on a round Earth of radius
    6,371 km). Over a few kilometres this is within a few metres of the
    surveyors' figure, far closer than anyone walks."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    d_phi = phi2 - phi1
    d_lambda = math.radians(float(lng2) - float(lng1))
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(min(1.0, math.sqrt(a)))


def walking_minutes(metres: Number, *, detour_factor: Number, speed_kmh: Number) -> int:
    """Whole minutes to walk a straight-line distance, rounded up.

    Streets are never straight, so the distance is first multiplied by the
    organisation's detour factor (1.3 means a third longer), then walked at
    its chosen pace. Rounding up means "15 minutes" is never an
    underestimate.
    """
    metres, detour, speed = float(metres), float(detour_factor), float(speed_kmh)
    if metres < 0:
        raise ValueError("A distance cannot be negative.")
    if detour <= 0 or speed <= 0:
        raise ValueError("The detour factor and walking speed must be more than 0.")
    minutes = metres * detour / (speed * 1000 / 60)
    # Round off float noise first, so exactly 15 minutes is not "16".
    return math.ceil(round(minutes, 6))


@dataclass
class Neighbour:
    """Another home in the network, seen from the home being checked."""

    label: str
    metres: int
    minutes: int
    is_clv_home: bool
    beyond: bool

    @property
    def name(self) -> str:
        """How the home is named in sentences: the CLV's home is always
        "the CLV's home", whatever its address."""
        return "the CLV's home" if self.is_clv_home else self.label


@dataclass
class WalkReport:
    """How far a home is on foot from the network's other homes."""

    neighbours: list[Neighbour]
    threshold_minutes: int
    furthest: Neighbour | None
    beyond: list[Neighbour]
    # Labels of other homes with no position yet, so they were not measured.
    unlocated: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One or two short sentences for staff, for example "Every home in
        the network is within 9 minutes' walk." or "1 home is more than 15
        minutes' walk away: the CLV's home (28 minutes)."."""
        if not self.neighbours and not self.unlocated:
            return "This is the network's first home."
        if not self.neighbours:
            return (
                "No other home in the network has a location yet, "
                "so walking times cannot be worked out."
            )
        if self.beyond:
            count = len(self.beyond)
            homes = "1 home is" if count == 1 else f"{count} homes are"
            listed = ", ".join(f"{n.name} ({_minutes(n.minutes)})" for n in self.beyond)
            first = f"{homes} more than {_walk(self.threshold_minutes)} away: {listed}."
        else:
            longest = max(max(n.minutes for n in self.neighbours), 1)
            who = "Every home with a location" if self.unlocated else "Every home in the network"
            first = f"{who} is within {_walk(longest)}."
        if not self.unlocated:
            return first
        if len(self.unlocated) == 1:
            return f"{first} 1 home has no location yet, so it is not counted."
        return f"{first} {len(self.unlocated)} homes have no location yet, so they are not counted."


def _minutes(count: int) -> str:
    count = max(count, 1)  # "0 minutes" reads oddly: a few steps away is "1 minute"
    return "1 minute" if count == 1 else f"{count} minutes"


def _walk(count: int) -> str:
    return "1 minute's walk" if count == 1 else f"{count} minutes' walk"


OtherHome = tuple[str, Number | None, Number | None, bool]


def walk_report(
    latitude: Number,
    longitude: Number,
    *,
    others: Sequence[OtherHome],
    threshold_minutes: int,
    detour_factor: Number,
    speed_kmh: Number,
) -> WalkReport:
    """Measure one home against the network's other homes.

    ``others`` holds one (label, latitude, longitude, is_clv_home) for each
    other home; the label is how staff know it, usually the first line of
    the address. Homes with no position yet are left out of the figures and
    the summary says how many. A home is flagged ("beyond") when the walk is
    longer than ``threshold_minutes``: exactly the threshold is fine.
    Pass the organisation's own ``walking_detour_factor`` and
    ``walking_speed_kmh`` and the network's ``walking_threshold_minutes``.
    """
    if latitude is None or longitude is None:
        raise ValueError("The home being checked needs a location.")
    neighbours: list[Neighbour] = []
    unlocated: list[str] = []
    for label, lat, lng, is_clv_home in others:
        if lat is None or lng is None:
            unlocated.append(label)
            continue
        metres = metres_between(latitude, longitude, lat, lng)
        minutes = walking_minutes(metres, detour_factor=detour_factor, speed_kmh=speed_kmh)
        neighbours.append(
            Neighbour(
                label=label,
                metres=round(metres),
                minutes=minutes,
                is_clv_home=is_clv_home,
                beyond=minutes > threshold_minutes,
            )
        )
    furthest = max(neighbours, key=lambda n: n.metres, default=None)
    beyond = sorted((n for n in neighbours if n.beyond), key=lambda n: -n.minutes)
    return WalkReport(
        neighbours=neighbours,
        threshold_minutes=threshold_minutes,
        furthest=furthest,
        beyond=beyond,
        unlocated=unlocated,
    )
