"""A network's connections drawn as an SVG picture, on the server.

The picture works on a page and in a PDF (WeasyPrint) with no JavaScript,
and never touches the database: callers turn ``PeerConnection`` and
``CommunityConnection`` rows into the plain values below and pass them in.

- People sit evenly on an inner circle, in order of name; the CLV, when there
  is exactly one, sits in the centre.
- Places sit on an outer ring, in order of category, then name.
- Links between people are solid lines; links to places are dashed lines.
  People are circles and places are rounded squares, so nothing depends on
  colour alone. Every colour has at least 3:1 contrast against white.
- Labels longer than ``MAX_LABEL_CHARS`` are shortened with an ellipsis; the
  full label is the node's ``<title>`` (shown on hover).

The same input always gives the same output, whatever order it comes in.
Every chart needs a data table beside it (WCAG 1.1.1): see
``connection_table_rows`` and ``templates/networks/_connection_map.html``.

The SVG uses presentation attributes only (no ``style``), so the
Content-Security-Policy (``style-src 'self'``) does not block it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Literal

__all__ = [
    "MAX_LABEL_CHARS",
    "MapLink",
    "MapPerson",
    "MapPlace",
    "connection_counts",
    "connection_table_rows",
    "render_connection_map",
    "shorten_label",
]

PersonKind = Literal["member", "clv"]
NodeKind = Literal["person", "place"]
NodeRef = tuple[NodeKind, int]


@dataclass(frozen=True)
class MapPerson:
    """A member, or the network's Community Living Volunteer (``kind="clv"``)."""

    id: int
    label: str
    kind: PersonKind = "member"


@dataclass(frozen=True)
class MapPlace:
    """A community asset; ``category`` is ``CommunityAsset.category``."""

    id: int
    label: str
    category: str


@dataclass(frozen=True)
class MapLink:
    """``a`` is always ``("person", id)``; ``b`` is ``("person", id)`` for a
    peer link or ``("place", id)`` for a community link."""

    a: NodeRef
    b: NodeRef


MAX_LABEL_CHARS = 18
BASE_SIZE = 560
MIN_SIZE = 280
ELLIPSIS = "\u2026"

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
# Characters XML 1.0 does not allow, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NARROW = set("fijlrtI.,:;'!|() ")
_WIDE = set("mwMW@%")


# --- Public API -------------------------------------------------------------------------------


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
    people_sorted = _sorted_people(people)
    places_sorted = _sorted_places(places)
    peer_pairs, place_pairs = _normalise_links(
        links, {p.id for p in people_sorted}, {p.id for p in places_sorted}
    )
    summary = _summary(people_sorted, places_sorted, peer_pairs, place_pairs)
    full_desc = " ".join(part for part in (_clean(description), summary) if part)
    scale = size / BASE_SIZE
    if not people_sorted:
        return _empty_svg(size, scale, _clean(title), full_desc, id_prefix)

    person_xy, person_radius = _person_positions(people_sorted, size, scale)
    place_xy = _place_positions(places_sorted, size, scale)

    out = [_svg_open(size, size, id_prefix), *_title_desc(_clean(title), full_desc, id_prefix)]

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


def connection_counts(people: Iterable[MapPerson], links: Iterable[MapLink]) -> dict[int, int]:
    """How many links each person has, keyed by person id (in id order).

    A peer link counts once for each of its two people; a community link
    counts once for its person. People with no links count 0. Repeated links
    count once, as on the map. Raises ``ValueError`` as
    ``render_connection_map`` does (place ids are not checked here).
    """
    people_sorted = _sorted_people(people)
    peer_pairs, place_pairs = _normalise_links(links, {p.id for p in people_sorted}, None)
    counts = {person.id: 0 for person in sorted(people_sorted, key=lambda p: p.id)}
    for first, second in peer_pairs:
        counts[first] += 1
        counts[second] += 1
    for person_id, _place_id in place_pairs:
        counts[person_id] += 1
    return counts


def connection_table_rows(
    people: Iterable[MapPerson], places: Iterable[MapPlace], links: Iterable[MapLink]
) -> list[dict[str, object]]:
    """Rows for the data table in ``networks/_connection_map.html``.

    One row per person in the map's order: ``{"person": str, "peers":
    [str], "places": [str]}`` with full (not shortened) labels, peers and
    places in the map's order. The CLV's name is followed by " (CLV)".
    """
    people_sorted = _sorted_people(people)
    places_sorted = _sorted_places(places)
    peer_pairs, place_pairs = _normalise_links(
        links, {p.id for p in people_sorted}, {p.id for p in places_sorted}
    )
    person_rank = {p.id: rank for rank, p in enumerate(people_sorted)}
    place_rank = {p.id: rank for rank, p in enumerate(places_sorted)}
    peers: dict[int, list[int]] = {p.id: [] for p in people_sorted}
    used: dict[int, list[int]] = {p.id: [] for p in people_sorted}
    for first, second in peer_pairs:
        peers[first].append(second)
        peers[second].append(first)
    for person_id, place_id in place_pairs:
        used[person_id].append(place_id)
    labels = {p.id: _clean(p.label) for p in people_sorted}
    place_labels = {p.id: _clean(p.label) for p in places_sorted}
    return [
        {
            "person": labels[p.id] + (" (CLV)" if p.kind == "clv" else ""),
            "peers": [labels[i] for i in sorted(peers[p.id], key=person_rank.__getitem__)],
            "places": [place_labels[i] for i in sorted(used[p.id], key=place_rank.__getitem__)],
        }
        for p in people_sorted
    ]


def shorten_label(label: str, limit: int = MAX_LABEL_CHARS) -> str:
    """``label`` cut to at most ``limit`` characters, ending in an ellipsis
    when cut. Whitespace runs become single spaces."""
    label = _clean(label)
    if len(label) <= limit:
        return label
    return label[: limit - 1].rstrip() + ELLIPSIS


# --- Input ------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    """One line of text that XML can hold."""
    return " ".join(_NOT_XML.sub("", str(text)).split())


def _sorted_people(people: Iterable[MapPerson]) -> list[MapPerson]:
    people = list(people)
    _no_repeats([p.id for p in people], "person")
    return sorted(people, key=lambda p: (_clean(p.label).casefold(), _clean(p.label), p.id))


def _sorted_places(places: Iterable[MapPlace]) -> list[MapPlace]:
    places = list(places)
    _no_repeats([p.id for p in places], "place")
    return sorted(
        places,
        key=lambda p: (p.category, _clean(p.label).casefold(), _clean(p.label), p.id),
    )


def _no_repeats(ids: Sequence[int], what: str) -> None:
    if len(set(ids)) != len(ids):
        raise ValueError(f"a {what} id is given more than once")


def _normalise_links(
    links: Iterable[MapLink], person_ids: set[int], place_ids: set[int] | None
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Sorted, de-duplicated (low id, high id) peer pairs and
    (person id, place id) community pairs."""
    peers: set[tuple[int, int]] = set()
    used: set[tuple[int, int]] = set()
    for link in links:
        (a_kind, a_id), (b_kind, b_id) = link.a, link.b
        if a_kind != "person":
            raise ValueError(f"a link must start at a person: {link!r}")
        if a_id not in person_ids:
            raise ValueError(f"a link names a person who is not on the map: {link!r}")
        if b_kind == "person":
            if b_id not in person_ids:
                raise ValueError(f"a link names a person who is not on the map: {link!r}")
            if a_id == b_id:
                raise ValueError(f"a person cannot be linked to themself: {link!r}")
            peers.add((min(a_id, b_id), max(a_id, b_id)))
        elif b_kind == "place":
            if place_ids is not None and b_id not in place_ids:
                raise ValueError(f"a link names a place that is not on the map: {link!r}")
            used.add((a_id, b_id))
        else:
            raise ValueError(f"a link must end at a person or a place: {link!r}")
    return sorted(peers), sorted(used)


# --- Words ------------------------------------------------------------------------------------


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _summary(
    people: Sequence[MapPerson],
    places: Sequence[MapPlace],
    peer_pairs: Sequence[tuple[int, int]],
    place_pairs: Sequence[tuple[int, int]],
) -> str:
    if not people:
        return "No connections recorded yet."
    members = sum(1 for p in people if p.kind != "clv")
    clvs = len(people) - members
    if clvs == 0:
        who = _plural(members, "member", "members") + "."
    elif members == 0:
        who = "The CLV." if clvs == 1 else f"{clvs} CLVs."
    else:
        clv_words = "the CLV" if clvs == 1 else f"{clvs} CLVs"
        who = f"{_plural(members, 'member', 'members')} and {clv_words}."

    clv_ids = {p.id for p in people if p.kind == "clv"}
    between = "people" if any(a in clv_ids or b in clv_ids for a, b in peer_pairs) else "members"
    if peer_pairs:
        peers = f"{_plural(len(peer_pairs), 'link', 'links')} between {between}."
    else:
        peers = "No links between members yet."

    linked_places = len({place_id for _person_id, place_id in place_pairs})
    if place_pairs:
        used = (
            f"{_plural(len(place_pairs), 'link', 'links')} to "
            f"{_plural(linked_places, 'local place', 'local places')}."
        )
    else:
        used = "No links to local places yet."
    parts = [who, peers, used]
    unlinked = len(places) - linked_places
    if unlinked:
        parts.append(
            f"{_plural(unlinked, 'local place', 'local places')} not linked to anyone yet."
        )
    return " ".join(parts)


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
    label = _clean(person.label)
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
    label = _clean(place.label)
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
