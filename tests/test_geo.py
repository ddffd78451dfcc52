"""Postcodes, geocoders and walking times (networks/geo/).

Nothing here goes online: every test replaces ``urllib.request.urlopen`` with
one that fails the test, and postcodes.io replies come from a recorded file
or a fake. No database is needed.
"""

from __future__ import annotations

import io
import json
import math
import urllib.error
import urllib.request
from decimal import Decimal
from email.message import Message
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from networks.geo import geocoders
from networks.geo.geocoders import (
    GeocoderUnavailable,
    OfflineGeocoder,
    Place,
    PostcodesIoGeocoder,
    get_geocoder,
)
from networks.geo.postcodes import (
    PostcodeError,
    clean_postcode,
    is_valid_postcode,
    normalise_postcode,
    outward_code,
)
from networks.geo.walking import Neighbour, metres_between, walk_report, walking_minutes

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RECORDED_M19_3AB = FIXTURES / "postcodes_io_M19_3AB.json"

# The organisation defaults (keyring_net.models.Organisation), as the model
# hands them over: Decimals.
DETOUR = Decimal("1.30")
SPEED = Decimal("4.0")

# Real places in Manchester city centre and Rusholme.
PICCADILLY_GARDENS = (Decimal("53.4810"), Decimal("-2.2369"))
ARNDALE_MARKET_STREET = (Decimal("53.4830"), Decimal("-2.2400"))  # about 300 m away
RUSHOLME_WILMSLOW_ROAD = (Decimal("53.4560"), Decimal("-2.2260"))  # about 2.9 km away

# The Levenshulme demo network's centre, and points due north of it: on a
# meridian, 0.001 degrees is 111.19 m on a 6,371 km Earth.
HOME = (Decimal("53.444200"), Decimal("-2.192300"))


def north(degrees: str) -> tuple[Decimal, Decimal]:
    return HOME[0] + Decimal(degrees), HOME[1]


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to go online")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


# --- Postcodes -------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "tidy"),
    [
        ("m193ab", "M19 3AB"),
        (" M19 3AB ", "M19 3AB"),
        ("m19  3ab", "M19 3AB"),
        ("\tls12 4xy\n", "LS12 4XY"),
        ("ec1a1bb", "EC1A 1BB"),
        ("W1A0AX", "W1A 0AX"),
        ("gir0aa", "GIR 0AA"),
        ("M1\u00a01AE", "M1 1AE"),  # a non-breaking space, pasted from a web page
        ("m19", "M19"),  # too short to split: capitals only
        ("", ""),
    ],
)
def test_normalise_postcode(typed, tidy):
    assert normalise_postcode(typed) == tidy


@pytest.mark.parametrize(
    "postcode",
    [
        "M19 3AB",
        "m193ab",  # lower case, no space
        " ls12 4xy ",
        "M1 1AE",  # A9
        "B33 8TH",  # A99
        "CR2 6XH",  # AA9
        "DN55 1PT",  # AA99
        "W1A 0AX",  # A9A
        "EC1A 1BB",  # AA9A
        "SW1A 2AA",
        "GIR 0AA",
        "gir0aa",
    ],
)
def test_valid_postcodes(postcode):
    assert is_valid_postcode(postcode) is True


@pytest.mark.parametrize(
    "text",
    [
        "",
        "M19",  # a district only
        "M19 3A",  # inward code cut short
        "M19 3ABC",
        "M193",
        "MI9 3AB",  # I typed for 1
        "M19 3AC",  # C is never used in the inward code
        "M19 3OB",  # O typed for 0
        "Q1 1AA",  # no postcode starts with Q
        "EC1Z 1BB",  # Z is never the fourth character
        "W1I 0AX",  # I is never the third character
        "123 456",
        "M19-3AB",
        "not a postcode",
    ],
)
def test_invalid_postcodes(text):
    assert is_valid_postcode(text) is False


def test_clean_postcode_tidies_a_good_postcode():
    assert clean_postcode("m193ab") == "M19 3AB"


@pytest.mark.parametrize("text", ["M19", "M19 3AC", "", "hello"])
def test_clean_postcode_explains_a_bad_one_in_plain_english(text):
    with pytest.raises(PostcodeError) as raised:
        clean_postcode(text)
    assert str(raised.value) == "Enter a full UK postcode, like M19 3AB."
    assert isinstance(raised.value, ValueError)


def test_outward_code():
    assert outward_code("m193ab") == "M19"
    assert outward_code("EC1A 1BB") == "EC1A"
    with pytest.raises(PostcodeError):
        outward_code("M19")


# --- Distance and walking time ----------------------------------------------


def law_of_cosines_metres(lat1, lng1, lat2, lng2) -> float:
    """An independent check on the haversine: a different formula on the same
    6,371 km sphere."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lng2 - lng1)
    cos_angle = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6_371_000 * math.acos(min(1.0, cos_angle))


def test_metres_between_matches_a_published_figure():
    # Rosetta Code's haversine task: Nashville (BNA) to Los Angeles (LAX) is
    # 2887.2599506 km on a 6372.8 km Earth; scaled to our 6371 km Earth.
    published = 2887.2599506071106 * 1000 * 6371 / 6372.8
    assert metres_between(36.12, -86.67, 33.94, -118.40) == pytest.approx(published, abs=0.01)
    assert round(published) == 2_886_444


def test_piccadilly_gardens_to_the_arndale_is_about_300_metres():
    metres = metres_between(*PICCADILLY_GARDENS, *ARNDALE_MARKET_STREET)
    assert round(metres) == 303
    check = law_of_cosines_metres(53.4810, -2.2369, 53.4830, -2.2400)
    assert metres == pytest.approx(check, abs=1)


def test_piccadilly_gardens_to_rusholme_is_about_3_km():
    metres = metres_between(*PICCADILLY_GARDENS, *RUSHOLME_WILMSLOW_ROAD)
    assert round(metres) == 2872
    check = law_of_cosines_metres(53.4810, -2.2369, 53.4560, -2.2260)
    assert metres == pytest.approx(check, abs=1)


def test_metres_between_takes_decimals_or_floats_and_either_direction():
    as_decimals = metres_between(*PICCADILLY_GARDENS, *ARNDALE_MARKET_STREET)
    assert metres_between(53.4810, -2.2369, 53.4830, -2.2400) == pytest.approx(as_decimals)
    assert metres_between(*ARNDALE_MARKET_STREET, *PICCADILLY_GARDENS) == pytest.approx(as_decimals)
    assert metres_between(*HOME, *HOME) == 0


def test_a_thousandth_of_a_degree_north_is_111_metres():
    assert metres_between(*HOME, *north("0.001")) == pytest.approx(111.19, abs=0.01)


@pytest.mark.parametrize(
    ("metres", "detour", "speed", "minutes"),
    [
        (1000, DETOUR, SPEED, 20),  # 1,300 m at 66.7 m a minute is 19.5: rounded up
        (302.545, DETOUR, SPEED, 6),
        (2871.97, DETOUR, SPEED, 57),
        (1000, Decimal("1.0"), SPEED, 15),  # exactly 15, not 16
        (750, Decimal("1.1"), Decimal("4.5"), 11),  # 11.000000000000002 in floats: still 11
        (11.1, DETOUR, SPEED, 1),
        (0, DETOUR, SPEED, 0),
    ],
)
def test_walking_minutes(metres, detour, speed, minutes):
    assert walking_minutes(metres, detour_factor=detour, speed_kmh=speed) == minutes


@pytest.mark.parametrize(
    ("metres", "detour", "speed"), [(-1, DETOUR, SPEED), (10, 0, SPEED), (10, DETOUR, 0)]
)
def test_walking_minutes_refuses_nonsense(metres, detour, speed):
    with pytest.raises(ValueError):
        walking_minutes(metres, detour_factor=detour, speed_kmh=speed)


def report(*others, threshold=15, home=HOME):
    return walk_report(
        *home,
        others=list(others),
        threshold_minutes=threshold,
        detour_factor=DETOUR,
        speed_kmh=SPEED,
    )


def test_the_arndale_is_within_a_15_minute_walk_of_piccadilly_gardens():
    result = report(
        ("Arndale, Market Street", *ARNDALE_MARKET_STREET, False), home=PICCADILLY_GARDENS
    )
    assert result.neighbours == [
        Neighbour(
            label="Arndale, Market Street", metres=303, minutes=6, is_clv_home=False, beyond=False
        )
    ]
    assert result.beyond == []
    assert result.summary() == "Every home in the network is within 6 minutes' walk."


def test_rusholme_is_beyond_a_15_minute_walk_of_piccadilly_gardens():
    result = report(
        ("Arndale, Market Street", *ARNDALE_MARKET_STREET, False),
        ("12 Wilmslow Road", *RUSHOLME_WILMSLOW_ROAD, False),
        home=PICCADILLY_GARDENS,
    )
    far = Neighbour(
        label="12 Wilmslow Road", metres=2872, minutes=57, is_clv_home=False, beyond=True
    )
    assert result.beyond == [far]
    assert result.furthest == far
    assert result.summary() == (
        "1 home is more than 15 minutes' walk away: 12 Wilmslow Road (57 minutes)."
    )


def test_summary_for_the_first_home():
    result = report()
    assert result.neighbours == []
    assert result.furthest is None
    assert result.beyond == []
    assert result.summary() == "This is the network's first home."


def test_summary_when_every_home_is_within_the_threshold():
    result = report(
        ("3 Albert Road", *north("0.003"), False),
        ("9 Barlow Road", *north("0.004"), True),
    )
    assert [(n.label, n.metres, n.minutes, n.beyond) for n in result.neighbours] == [
        ("3 Albert Road", 334, 7, False),
        ("9 Barlow Road", 445, 9, False),
    ]
    assert result.furthest is not None
    assert result.furthest.label == "9 Barlow Road"
    assert result.threshold_minutes == 15
    assert result.summary() == "Every home in the network is within 9 minutes' walk."


def test_summary_names_homes_beyond_the_threshold_furthest_first_and_the_clvs_home():
    result = report(
        ("3 Albert Road", *north("0.003"), False),
        ("27 Clare Road", *north("0.0125"), True),
        ("14 Church Road", *north("0.0140"), False),
    )
    assert [(n.label, n.minutes) for n in result.beyond] == [
        ("14 Church Road", 31),
        ("27 Clare Road", 28),
    ]
    assert result.furthest is not None
    assert result.furthest.label == "14 Church Road"
    assert result.summary() == (
        "2 homes are more than 15 minutes' walk away: "
        "14 Church Road (31 minutes), the CLV's home (28 minutes)."
    )


def test_a_home_exactly_at_the_threshold_is_not_flagged():
    result = report(("5 Broom Avenue", *north("0.0069"), False))
    assert result.neighbours[0].minutes == 15
    assert result.neighbours[0].beyond is False
    assert result.summary() == "Every home in the network is within 15 minutes' walk."
    stricter = report(("5 Broom Avenue", *north("0.0069"), False), threshold=14)
    assert stricter.summary() == (
        "1 home is more than 14 minutes' walk away: 5 Broom Avenue (15 minutes)."
    )


def test_summary_says_one_minute_in_the_singular():
    result = report(("Next door", *north("0.0001"), False))
    assert result.summary() == "Every home in the network is within 1 minute's walk."
    next_door = report(("Next door", *north("0.0001"), False), threshold=0)
    assert next_door.summary() == (
        "1 home is more than 0 minutes' walk away: Next door (1 minute)."
    )


def test_summary_counts_one_home_with_no_location():
    result = report(
        ("3 Albert Road", *north("0.003"), False),
        ("8 Cromwell Grove", None, None, False),
    )
    assert [n.label for n in result.neighbours] == ["3 Albert Road"]
    assert result.unlocated == ["8 Cromwell Grove"]
    assert result.summary() == (
        "Every home with a location is within 7 minutes' walk. "
        "1 home has no location yet, so it is not counted."
    )


def test_summary_counts_homes_with_no_location_alongside_a_warning():
    result = report(
        ("14 Church Road", *north("0.0140"), False),
        ("8 Cromwell Grove", None, None, False),
        ("2 Stockport Road", HOME[0], None, True),  # half a position is no position
    )
    assert result.unlocated == ["8 Cromwell Grove", "2 Stockport Road"]
    assert result.summary() == (
        "1 home is more than 15 minutes' walk away: 14 Church Road (31 minutes). "
        "2 homes have no location yet, so they are not counted."
    )


def test_summary_when_no_other_home_has_a_location():
    result = report(("8 Cromwell Grove", None, None, False))
    assert result.neighbours == []
    assert result.furthest is None
    assert result.summary() == (
        "No other home in the network has a location yet, so walking times cannot be worked out."
    )


def test_walk_report_needs_the_homes_own_location():
    with pytest.raises(ValueError):
        walk_report(
            None, None, others=[], threshold_minutes=15, detour_factor=DETOUR, speed_kmh=SPEED
        )


# --- The offline geocoder ------------------------------------------------------


def test_offline_geocoder_finds_an_exact_postcode_in_the_table():
    place = OfflineGeocoder().locate("sw1a2aa")
    assert place == Place(
        latitude=Decimal("51.503540"),
        longitude=Decimal("-0.127695"),
        local_authority_name="Westminster",
        local_authority_code="E09000033",
        ward="St James's",
        source="table",
    )
    assert place.is_approximate is False


def test_offline_geocoder_falls_back_to_the_postcode_district():
    # A made-up postcode like the demo's: only its district is known.
    place = OfflineGeocoder().locate("m19 4xy")
    assert place == Place(
        latitude=Decimal("53.444000"),
        longitude=Decimal("-2.192000"),
        local_authority_name="Manchester",
        local_authority_code="E08000003",
        ward="Levenshulme",
        source="district",
    )
    assert place.is_approximate is True


@pytest.mark.parametrize(
    ("postcode", "code", "ward", "latitude", "longitude"),
    [
        ("M13 9PL", "E08000003", "Longsight", "53.457000", "-2.200000"),
        ("M14 6AB", "E08000003", "Fallowfield", "53.444000", "-2.219000"),
        ("M19 2QS", "E08000003", "Levenshulme", "53.444000", "-2.192000"),
        ("M20 2RN", "E08000003", "Didsbury West", "53.425000", "-2.232000"),
        ("LS5 3BT", "E08000035", "Kirkstall", "53.816000", "-1.597000"),
        ("LS6 3HN", "E08000035", "Headingley & Hyde Park", "53.820000", "-1.577000"),
        ("LS12 1AB", "E08000035", "Armley", "53.799000", "-1.593000"),
        ("LS13 2DE", "E08000035", "Bramley & Stanningley", "53.805000", "-1.636000"),
    ],
)
def test_offline_geocoder_covers_the_demo_districts(postcode, code, ward, latitude, longitude):
    place = OfflineGeocoder().locate(postcode)
    assert place is not None
    assert (place.local_authority_code, place.ward, place.source) == (code, ward, "district")
    assert (place.latitude, place.longitude) == (Decimal(latitude), Decimal(longitude))


def test_offline_district_centres_are_near_the_demo_networks():
    """A district result must be a fair start: within 2 km of each demo
    network that uses that district (keyring_net/demo_data.py). M19 holds
    both Levenshulme and Burnage, about 1.6 km apart, so one centre serves
    both roughly."""
    from keyring_net.demo_data import ORGANISATIONS

    geocoder = OfflineGeocoder()
    for organisation in ORGANISATIONS:
        for plan in organisation.networks:
            place = geocoder.locate(f"{plan.postcode_district} 1AB")
            assert place is not None, plan.name
            assert place.local_authority_code == organisation.local_authority_code
            assert metres_between(place.latitude, place.longitude, *plan.centre) < 2000


def test_offline_geocoder_does_not_know_every_district():
    assert OfflineGeocoder().locate("ZE1 0AA") is None  # Shetland: not in the table


def test_offline_geocoder_refuses_text_that_is_not_a_postcode():
    with pytest.raises(PostcodeError):
        OfflineGeocoder().locate("M19")


def test_offline_table_is_read_once(tmp_path):
    table = tmp_path / "postcodes.csv"
    columns = "kind,code,latitude,longitude,local_authority_name,local_authority_code,ward"
    table.write_text(
        f"# a note\n{columns}\n\npostcode,m1 1ae,53.1,-2.2,Manchester,E08000003,Piccadilly\n"
    )
    geocoder = OfflineGeocoder(table)
    assert geocoder.locate("M1 1AE") == Place(
        latitude=Decimal("53.100000"),
        longitude=Decimal("-2.200000"),
        local_authority_name="Manchester",
        local_authority_code="E08000003",
        ward="Piccadilly",
        source="table",
    )
    table.unlink()
    assert geocoder.locate("M1 1AE") is not None  # from memory, not the file
    assert geocoder.locate("M19 3AB") is None  # this table has no districts


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("postcode,M19,53.1,-2.2,Manchester,E08000003,X", "postcodes.csv line 3: 'M19' is not"),
        ("district,M19,north,-2.2,Manchester,E08000003,X", "line 3: 'north' is not a number"),
        ("street,M19,53.1,-2.2,Manchester,E08000003,X", "line 3: kind must be"),
        ("district,M19,53.1,-2.2", "line 3: expected 7 columns"),
    ],
)
def test_a_mistake_in_the_offline_table_is_reported_with_its_line(tmp_path, row, problem):
    table = tmp_path / "postcodes.csv"
    columns = "kind,code,latitude,longitude,local_authority_name,local_authority_code,ward"
    table.write_text(f"# a note\n{columns}\n{row}\n")
    with pytest.raises(ValueError, match=problem):
        OfflineGeocoder(table).locate("M19 3AB")


# --- The postcodes.io geocoder -----------------------------------------------------


class FakeResponse:
    def __init__(self, body: bytes, status: int = 200) -> None:
        self.body = body
        self.status = status
        self.closed = False

    def read(self) -> bytes:
        return self.body

    def close(self) -> None:
        self.closed = True


class Recorder:
    """An opener that notes each request and gives a set answer."""

    def __init__(self, answer) -> None:
        self.answer = answer
        self.requests: list[urllib.request.Request] = []

    def __call__(self, request: urllib.request.Request):
        self.requests.append(request)
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer


def http_error(code: int, body: bytes) -> urllib.error.HTTPError:
    return urllib.error.HTTPError(
        "https://api.postcodes.io/postcodes/X", code, "error", Message(), io.BytesIO(body)
    )


def test_postcodes_io_reads_a_recorded_reply():
    response = FakeResponse(RECORDED_M19_3AB.read_bytes())
    opener = Recorder(response)
    place = PostcodesIoGeocoder(opener=opener).locate("m19 3ab")
    assert place == Place(
        latitude=Decimal("53.445118"),
        longitude=Decimal("-2.186563"),
        local_authority_name="Manchester",
        local_authority_code="E08000003",
        ward="Levenshulme",
        source="postcodes.io",
    )
    assert place.is_approximate is False
    [request] = opener.requests
    assert request.full_url == "https://api.postcodes.io/postcodes/M193AB"
    assert request.get_method() == "GET"
    assert request.get_header("Accept") == "application/json"
    assert response.closed is True


def test_the_recorded_reply_has_postcodes_io_shape():
    data = json.loads(RECORDED_M19_3AB.read_text())
    assert data["status"] == 200
    assert data["result"]["postcode"] == "M19 3AB"
    assert data["result"]["codes"]["admin_district"] == "E08000003"


def test_postcodes_io_uses_the_address_it_is_given():
    opener = Recorder(FakeResponse(RECORDED_M19_3AB.read_bytes()))
    PostcodesIoGeocoder(base_url="http://127.0.0.1:8000/", opener=opener).locate("M19 3AB")
    assert opener.requests[0].full_url == "http://127.0.0.1:8000/postcodes/M193AB"


def test_postcodes_io_unknown_postcode_is_none():
    body = b'{"status":404,"error":"Postcode not found"}'
    opener = Recorder(http_error(404, body))
    assert PostcodesIoGeocoder(opener=opener).locate("M19 9ZZ") is None
    assert opener.requests[0].full_url == "https://api.postcodes.io/postcodes/M199ZZ"


def test_postcodes_io_404_without_an_exception_is_none_too():
    body = b'{"status":404,"error":"Postcode not found"}'
    assert PostcodesIoGeocoder(opener=Recorder(FakeResponse(body, 404))).locate("M19 9ZZ") is None
    assert PostcodesIoGeocoder(opener=Recorder(FakeResponse(body, 200))).locate("M19 9ZZ") is None


def test_postcodes_io_postcode_without_a_position_is_none():
    data = json.loads(RECORDED_M19_3AB.read_text())
    data["result"]["latitude"] = data["result"]["longitude"] = None
    opener = Recorder(FakeResponse(json.dumps(data).encode()))
    assert PostcodesIoGeocoder(opener=opener).locate("M19 3AB") is None


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (urllib.error.URLError("Temporary failure in name resolution"), "could not be reached"),
        (TimeoutError("timed out"), "could not be reached"),
        (ConnectionResetError(), "could not be reached"),
        (http_error(500, b"{}"), r"answered with an error \(500\)"),
        (http_error(429, b"{}"), r"answered with an error \(429\)"),
        (FakeResponse(b"{}", 503), r"answered with an error \(503\)"),
        (FakeResponse(b"<html>Gateway</html>"), "a reply we could not read"),
        (FakeResponse(b'{"status":200,"result":{}}'), "a reply we could not read"),
        (FakeResponse(b'{"status":200,"result":{"latitude":"x","longitude":1}}'), "not read"),
    ],
)
def test_postcodes_io_trouble_is_unavailable_not_unknown(answer, message):
    with pytest.raises(GeocoderUnavailable, match=message):
        PostcodesIoGeocoder(opener=Recorder(answer)).locate("M19 3AB")


def test_postcodes_io_does_not_ask_about_text_that_is_not_a_postcode():
    opener = Recorder(FakeResponse(b"{}"))
    with pytest.raises(PostcodeError):
        PostcodesIoGeocoder(opener=opener).locate("M19 3")
    assert opener.requests == []


def test_postcodes_io_only_speaks_http():
    with pytest.raises(ImproperlyConfigured):
        PostcodesIoGeocoder(base_url="file:///etc/passwd")


def test_postcodes_io_default_opener_uses_urlopen_with_the_timeout(monkeypatch):
    calls = []

    def fake_urlopen(request, timeout):
        calls.append((request.full_url, timeout))
        return FakeResponse(RECORDED_M19_3AB.read_bytes())

    monkeypatch.setattr(geocoders.urllib.request, "urlopen", fake_urlopen)
    place = PostcodesIoGeocoder(timeout=2).locate("M19 3AB")
    assert place is not None
    assert place.ward == "Levenshulme"
    assert calls == [("https://api.postcodes.io/postcodes/M193AB", 2)]


# --- Choosing a geocoder -----------------------------------------------------------


def test_the_default_geocoder_is_offline(settings):
    if hasattr(settings, "GEOCODER"):
        del settings.GEOCODER
    assert type(get_geocoder()) is OfflineGeocoder


@pytest.mark.parametrize(
    ("setting", "kind"),
    [
        ("offline", OfflineGeocoder),
        ("postcodes_io", PostcodesIoGeocoder),
        ("Postcodes_IO", PostcodesIoGeocoder),
    ],
)
def test_the_geocoder_setting_chooses(settings, setting, kind):
    settings.GEOCODER = setting
    assert type(get_geocoder()) is kind


def test_an_unknown_geocoder_setting_is_a_clear_error(settings):
    settings.GEOCODER = "google"
    with pytest.raises(ImproperlyConfigured, match="GEOCODER must be 'offline' or 'postcodes_io'"):
        get_geocoder()
