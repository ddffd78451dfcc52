"""Geocoders: a postcode to a position on the map, with its council and ward.

``OfflineGeocoder`` uses a small table shipped with the code
(networks/data/postcodes.csv) and never goes online; ``PostcodesIoGeocoder``
asks the free postcodes.io service. The Django setting ``GEOCODER`` chooses
between them (``get_geocoder``).
"""

from __future__ import annotations

import csv
import functools
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from networks.geo.postcodes import (
    clean_postcode,
    is_valid_postcode,
    normalise_postcode,
)

SOURCE_TABLE = "table"
SOURCE_DISTRICT = "district"
# Not placed yet: the geocoder could not find the postcode (an import never
# refuses or guesses such a home), so someone must find it on the map.
SOURCE_NEEDS_LOCATION = "needs_location"
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


DEFAULT_TABLE = Path(__file__).resolve().parent.parent / "data" / "postcodes.csv"
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
