"""The connection map drawn as SVG: people on an inner circle, places on an
outer ring, solid lines between people and dashed lines to places."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from html import escape

from networks.connection_map.connections import (
    MapLink,
    MapPerson,
    MapPlace,
    clean,
    map_summary,
    normalise_links,
    shorten_label,
    sorted_people,
    sorted_places,
)

BASE_SIZE = 560
MIN_SIZE = 280

# Colours: contrast against white in brackets.
PERSON_FILL = "#0b4f4a"  # teal (9.6:1)
PLACE_FILL = "#505a5f"  # grey (7.0:1)
PEER_LINE = "#1d70b8"  # blue (5.2:1), solid
PLACE_LINE = "#505a5f"  # grey (7.0:1), dashed
TEXT_FILL = "#0b0c0c"  # near black (19.9:1)
FONT_FAMILY = 'Arial, "Liberation Sans", sans-serif'
FONT_SIZE = 14  # at BASE_SIZE; scales with the picture

# Geometry at BASE_SIZE (scaled by size / BASE_SIZE).
PERSON_RING = 150
PLACE_RING = 234
PERSON_RADIUS = 12
CLV_RADIUS = 16
PLACE_HALF_SIDE = 11
PLACE_CORNER = 4
LABEL_GAP = 15  # from the bottom of a shape to the label's baseline
EDGE_MARGIN = 2
EMPTY_HEIGHT = 64
PLACE_DASH = (6, 4)  # dashes for links to places; links between people are solid

_ID_PREFIX = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_NARROW = set("fijlrtI.,:;'!|() ")
_WIDE = set("mwMW@%")


def render_connection_map(
    people: Iterable[MapPerson],
    places: Iterable[MapPlace],
    links: Iterable[MapLink],
    *,
    title: str,
    description: str,
    size: int = BASE_SIZE,
    id_prefix: str = "connection-map",
) -> str:
    """Return a complete ``<svg>`` element as a string.

    ``title`` names the picture; ``description`` is a sentence put before the
    generated summary in ``<desc>`` (pass ``""`` for the summary alone). Both
    are escaped. ``id_prefix`` keeps the ``<title>``/``<desc>`` ids unique when
    a page holds more than one map.

    Raises ``ValueError`` for a person or place id given twice, a link to an
    id that is not in ``people``/``places``, a link whose ``a`` is not a
    person, or a person linked to themself. Repeated links are drawn once.
    """
    if not _ID_PREFIX.match(id_prefix):
        raise ValueError(f"id_prefix must be a valid XML id, not {id_prefix!r}")
    if size < MIN_SIZE:
        raise ValueError(f"size must be at least {MIN_SIZE}")
    people_sorted = sorted_people(people)
    places_sorted = sorted_places(places)
    peer_pairs, place_pairs = normalise_links(
        links, {p.id for p in people_sorted}, {p.id for p in places_sorted}
    )
    summary = map_summary(people_sorted, places_sorted, peer_pairs, place_pairs)
    full_desc = " ".join(part for part in (clean(description), summary) if part)
    scale = size / BASE_SIZE
    if not people_sorted:
        return _empty_svg(size, scale, clean(title), full_desc, id_prefix)

    person_xy, person_radius = _person_positions(people_sorted, size, scale)
    place_xy = _place_positions(places_sorted, size, scale)

    out = [_svg_open(size, size, id_prefix), *_title_desc(clean(title), full_desc, id_prefix)]

    out.append('<g class="links">')
    for person_id, place_id in place_pairs:
        out.append(_line(person_xy[person_id], place_xy[place_id], dashed=True, scale=scale))
    for first, second in peer_pairs:
        out.append(_line(person_xy[first], person_xy[second], dashed=False, scale=scale))
    out.append("</g>")

    out.append('<g class="places">')
    for place in places_sorted:
        out.extend(_place_node(place, place_xy[place.id], size, scale))
    out.append("</g>")

    out.append('<g class="people">')
    for person in people_sorted:
        out.extend(
            _person_node(person, person_xy[person.id], person_radius[person.id], size, scale)
        )
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


# --- Layout -----------------------------------------------------------------------------------


def _ring(
    count: int, radius: float, centre: float, offset: float = 0.0
) -> list[tuple[float, float]]:
    """``count`` points evenly round a circle, clockwise from the top."""
    step = 2 * math.pi / count if count else 0.0
    return [
        (
            centre + radius * math.cos(-math.pi / 2 + offset * step + i * step),
            centre + radius * math.sin(-math.pi / 2 + offset * step + i * step),
        )
        for i in range(count)
    ]


def _person_positions(
    people: Sequence[MapPerson], size: int, scale: float
) -> tuple[dict[int, tuple[float, float]], dict[int, float]]:
    centre = size / 2
    clvs = [p for p in people if p.kind == "clv"]
    in_middle = clvs[0] if len(clvs) == 1 else None
    on_ring = [p for p in people if p is not in_middle]
    if in_middle is not None and not on_ring:
        on_ring, in_middle = [in_middle], None
    xy = dict(
        zip([p.id for p in on_ring], _ring(len(on_ring), PERSON_RING * scale, centre), strict=True)
    )
    if in_middle is not None:
        xy[in_middle.id] = (centre, centre)
    radius = {p.id: (CLV_RADIUS if p.kind == "clv" else PERSON_RADIUS) * scale for p in people}
    return xy, radius


def _place_positions(
    places: Sequence[MapPlace], size: int, scale: float
) -> dict[int, tuple[float, float]]:
    # Half a step round, so a place is not straight behind the top person.
    points = _ring(len(places), PLACE_RING * scale, size / 2, offset=0.5)
    return dict(zip([p.id for p in places], points, strict=True))


def _text_width(text: str, font_size: float) -> float:
    """A generous guess at the width of ``text`` in Arial."""
    ems = sum(0.3 if c in _NARROW else 0.8 if c in _WIDE or c.isupper() else 0.56 for c in text)
    return ems * font_size


# --- SVG --------------------------------------------------------------------------------------


def _n(value: float) -> str:
    """A coordinate: one decimal place at most, never "-0"."""
    return f"{round(value, 1) + 0.0:g}"


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _svg_open(width: int, height: int, id_prefix: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" class="app-connection-map__svg" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc">'
    )


def _title_desc(title: str, desc: str, id_prefix: str) -> list[str]:
    return [
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(desc)}</desc>',
    ]


def _text(x: float, baseline: float, text: str, size: int, scale: float) -> list[str]:
    """A label centred under a node, kept inside the picture, on a pale
    backing so lines passing behind it do not cross the letters."""
    font_size = FONT_SIZE * scale
    half = _text_width(text, font_size) / 2 + 3 * scale
    margin = EDGE_MARGIN * scale
    x = min(max(x, margin + half), size - margin - half)
    top = baseline - 0.9 * font_size - 1 * scale
    height = 1.25 * font_size + 2 * scale
    backing = (
        f'<path d="M{_n(x - half)} {_n(top)}h{_n(2 * half)}v{_n(height)}h{_n(-2 * half)}z" '
        f'fill="#ffffff" fill-opacity="0.85"/>'
    )
    label = (
        f'<text x="{_n(x)}" y="{_n(baseline)}" text-anchor="middle" '
        f'font-family="{_attr(FONT_FAMILY)}" font-size="{_n(font_size)}" '
        f'fill="{TEXT_FILL}">{escape(text)}</text>'
    )
    return [backing, label]


def _line(
    start: tuple[float, float], end: tuple[float, float], *, dashed: bool, scale: float
) -> str:
    if dashed:
        kind, colour, width = "place-link", PLACE_LINE, 2
        extra = ' stroke-dasharray="{}"'.format(" ".join(_n(d * scale) for d in PLACE_DASH))
    else:
        kind, colour, width, extra = "peer-link", PEER_LINE, 3, ""
    return (
        f'<line class="{kind}" x1="{_n(start[0])}" y1="{_n(start[1])}" '
        f'x2="{_n(end[0])}" y2="{_n(end[1])}" stroke="{colour}" '
        f'stroke-width="{_n(width * scale)}" stroke-linecap="round"{extra}/>'
    )


def _person_node(
    person: MapPerson, xy: tuple[float, float], radius: float, size: int, scale: float
) -> list[str]:
    x, y = xy
    label = clean(person.label)
    is_clv = person.kind == "clv"
    full = f"{label} (CLV)" if is_clv else label
    out = [
        f'<g class="node person {"clv" if is_clv else "member"}">',
        f"<title>{escape(full)}</title>",
        f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(radius)}" fill="{PERSON_FILL}" '
        f'stroke="#ffffff" stroke-width="{_n(2 * scale)}"/>',
    ]
    baseline = y + radius + LABEL_GAP * scale
    out.extend(_text(x, baseline, shorten_label(label), size, scale))
    if is_clv:
        out.extend(_text(x, baseline + 1.25 * FONT_SIZE * scale, "(CLV)", size, scale))
    out.append("</g>")
    return out


def _place_node(place: MapPlace, xy: tuple[float, float], size: int, scale: float) -> list[str]:
    x, y = xy
    half = PLACE_HALF_SIDE * scale
    label = clean(place.label)
    out = [
        '<g class="node place">',
        f"<title>{escape(label)}</title>",
        f'<rect x="{_n(x - half)}" y="{_n(y - half)}" width="{_n(2 * half)}" '
        f'height="{_n(2 * half)}" rx="{_n(PLACE_CORNER * scale)}" fill="{PLACE_FILL}" '
        f'stroke="#ffffff" stroke-width="{_n(2 * scale)}"/>',
    ]
    out.extend(_text(x, y + half + LABEL_GAP * scale, shorten_label(label), size, scale))
    out.append("</g>")
    return out


def _empty_svg(size: int, scale: float, title: str, desc: str, id_prefix: str) -> str:
    height = round(EMPTY_HEIGHT * scale)
    font_size = FONT_SIZE * scale
    return "\n".join(
        [
            _svg_open(size, height, id_prefix),
            *_title_desc(title, desc, id_prefix),
            f'<text x="{_n(size / 2)}" y="{_n(height / 2 + font_size / 3)}" '
            f'text-anchor="middle" font-family="{_attr(FONT_FAMILY)}" '
            f'font-size="{_n(font_size)}" fill="{TEXT_FILL}">No connections recorded yet.</text>',
            "</svg>",
        ]
    )
