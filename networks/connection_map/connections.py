"""The people, places and links of a network's connection map, put in
order, checked, counted and listed for the data table beside the picture."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

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
ELLIPSIS = "\u2026"

# Characters XML 1.0 does not allow, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def connection_counts(people: Iterable[MapPerson], links: Iterable[MapLink]) -> dict[int, int]:
    """How many links each person has, keyed by person id (in id order).

    A peer link counts once for each of its two people; a community link
    counts once for its person. People with no links count 0. Repeated links
    count once, as on the map. Raises ``ValueError`` as
    ``render_connection_map`` does (place ids are not checked here).
    """
    people_sorted = sorted_people(people)
    peer_pairs, place_pairs = normalise_links(links, {p.id for p in people_sorted}, None)
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
    people_sorted = sorted_people(people)
    places_sorted = sorted_places(places)
    peer_pairs, place_pairs = normalise_links(
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
    labels = {p.id: clean(p.label) for p in people_sorted}
    place_labels = {p.id: clean(p.label) for p in places_sorted}
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
    label = clean(label)
    if len(label) <= limit:
        return label
    return label[: limit - 1].rstrip() + ELLIPSIS


# --- Input ------------------------------------------------------------------------------------


def clean(text: str) -> str:
    """One line of text that XML can hold."""
    return " ".join(_NOT_XML.sub("", str(text)).split())


def sorted_people(people: Iterable[MapPerson]) -> list[MapPerson]:
    people = list(people)
    _no_repeats([p.id for p in people], "person")
    return sorted(people, key=lambda p: (clean(p.label).casefold(), clean(p.label), p.id))


def sorted_places(places: Iterable[MapPlace]) -> list[MapPlace]:
    places = list(places)
    _no_repeats([p.id for p in places], "place")
    return sorted(
        places,
        key=lambda p: (p.category, clean(p.label).casefold(), clean(p.label), p.id),
    )


def _no_repeats(ids: Sequence[int], what: str) -> None:
    if len(set(ids)) != len(ids):
        raise ValueError(f"a {what} id is given more than once")


def normalise_links(
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


def map_summary(
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
