"""networks/connection_map/ draws a network's connections as an SVG picture
and templates/networks/_connection_map.html shows it with a data table.
No database: the renderer takes plain values."""

from __future__ import annotations

import itertools
import math
import random
import re
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from networks.connection_map.connections import (
    MAX_LABEL_CHARS,
    MapLink,
    MapPerson,
    MapPlace,
    connection_counts,
    connection_table_rows,
    shorten_label,
)
from networks.connection_map.drawing import render_connection_map

SVG = "{http://www.w3.org/2000/svg}"
SIZE = 560
CENTRE = SIZE / 2
FONT_FAMILY = 'Arial, "Liberation Sans", sans-serif'

MEMBER_NAMES = {
    1: "Sam Okafor",
    2: "Margaret Thompson-Whitley",  # 25 characters: shortened on the map
    3: "Jo B",
    4: "Priya Shah",
    5: "Dave Hughes",
    6: "Ellie Roberts",
    7: "Tom O'Neill",
    8: "Aisha Khan",
    9: "Ben Carter",
}
CLV_ID = 100
PEOPLE = [MapPerson(i, name) for i, name in MEMBER_NAMES.items()] + [
    MapPerson(CLV_ID, "Pat Morgan", "clv")
]
PLACES = [
    MapPlace(10, "Oak Street Library", "library"),
    MapPlace(11, "The Red Lion", "cafe"),
    MapPlace(12, "Bright Futures Volunteering Hub", "work"),
    MapPlace(13, "Costcutter", "shop"),
    MapPlace(14, "St Mary's Church", "faith"),
    MapPlace(15, "Parkrun Saturdays", "sport"),
]
PEER_PAIRS = [(1, 2), (1, 3), (2, 4), (4, 5), (6, 7), (8, 9), (3, 9)]
PLACE_PAIRS = [
    (1, 10),
    (2, 10),
    (3, 11),
    (4, 12),
    (5, 13),
    (6, 13),
    (7, 14),
    (8, 15),
    (9, 15),
    (1, 13),
    (2, 11),
    (CLV_ID, 10),
]
LINKS = [MapLink(("person", a), ("person", b)) for a, b in PEER_PAIRS] + [
    MapLink(("person", a), ("place", b)) for a, b in PLACE_PAIRS
]
REALISTIC_SUMMARY = "9 members and the CLV. 7 links between members. 12 links to 6 local places."


def draw(people=PEOPLE, places=PLACES, links=LINKS, **kwargs) -> str:
    kwargs.setdefault("title", "Connections in Elm Park")
    kwargs.setdefault("description", "")
    return render_connection_map(people, places, links, **kwargs)


def parse(markup: str) -> ET.Element:
    """Our own output, so the standard library's parser is fine here."""
    return ET.fromstring(markup)


def every(root: ET.Element, tag: str) -> list[ET.Element]:
    return list(root.iter(SVG + tag))


def node_groups(root: ET.Element, kind: str) -> list[ET.Element]:
    return [g for g in every(root, "g") if kind in g.get("class", "").split()]


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(hex_colour: str) -> float:
    return 1.05 / (relative_luminance(hex_colour) + 0.05)


def clockwise_from_top(x: float, y: float) -> float:
    return math.atan2(x - CENTRE, -(y - CENTRE)) % (2 * math.pi)


# --- The SVG element -------------------------------------------------------------------------


def test_svg_parses_with_the_svg_namespace_and_scales_to_its_container():
    root = parse(draw())
    assert root.tag == SVG + "svg"
    assert root.get("viewBox") == "0 0 560 560"
    assert root.get("width") == "100%"
    assert root.get("height") is None
    assert root.get("role") == "img"


def test_size_sets_the_view_box():
    root = parse(draw(size=840))
    assert root.get("viewBox") == "0 0 840 840"
    assert {float(t.get("font-size")) for t in every(root, "text")} == {21.0}


def test_title_and_desc_are_referenced_by_aria_labelledby():
    root = parse(draw(title="Connections in Elm Park", description="Who knows whom."))
    title, desc = root[0], root[1]
    assert (title.tag, desc.tag) == (SVG + "title", SVG + "desc")
    assert root.get("aria-labelledby") == "connection-map-title connection-map-desc"
    assert title.get("id") == "connection-map-title"
    assert desc.get("id") == "connection-map-desc"
    assert title.text == "Connections in Elm Park"
    assert desc.text == f"Who knows whom. {REALISTIC_SUMMARY}"


def test_id_prefix_keeps_ids_unique_when_a_page_has_two_maps():
    first = parse(draw(id_prefix="map-elm-park"))
    second = parse(draw(id_prefix="map-ash-grove"))
    assert first.get("aria-labelledby") == "map-elm-park-title map-elm-park-desc"
    assert second.get("aria-labelledby") == "map-ash-grove-title map-ash-grove-desc"
    ids = [el.get("id") for root in (first, second) for el in root.iter() if el.get("id")]
    assert ids == [
        "map-elm-park-title",
        "map-elm-park-desc",
        "map-ash-grove-title",
        "map-ash-grove-desc",
    ]


def test_size_has_a_floor():
    with pytest.raises(ValueError, match="size"):
        draw(size=279)


@pytest.mark.parametrize("bad", ["", "1map", 'x" onload="alert(1)', "a b", "<x>"])
def test_id_prefix_must_be_a_plain_xml_id(bad):
    with pytest.raises(ValueError, match="id_prefix"):
        draw(id_prefix=bad)


# --- What is drawn ---------------------------------------------------------------------------


def test_one_shape_per_node_and_one_line_per_link():
    root = parse(draw())
    assert len(every(root, "circle")) == 10
    assert len(every(root, "rect")) == 6
    lines = every(root, "line")
    assert len(lines) == 19
    dashed = [line for line in lines if line.get("stroke-dasharray")]
    solid = [line for line in lines if not line.get("stroke-dasharray")]
    assert len(dashed) == 12
    assert len(solid) == 7
    assert {line.get("class") for line in dashed} == {"place-link"}
    assert {line.get("class") for line in solid} == {"peer-link"}


def test_people_are_circles_and_places_are_rounded_squares():
    root = parse(draw())
    people = node_groups(root, "person")
    places = node_groups(root, "place")
    assert len(people) == 10
    assert len(places) == 6
    for group in people:
        assert [child.tag for child in group if child.tag != SVG + "path"] == [
            SVG + "title",
            SVG + "circle",
            SVG + "text",
        ] + ([SVG + "text"] if "clv" in group.get("class") else [])
    for group in places:
        rect = group.find(SVG + "rect")
        assert rect.get("width") == rect.get("height") == "22"
        assert float(rect.get("rx")) > 0


def test_lines_join_the_right_nodes():
    root = parse(draw())
    centre_of = {}
    for group in node_groups(root, "person"):
        circle = group.find(SVG + "circle")
        centre_of[group.find(SVG + "title").text] = (circle.get("cx"), circle.get("cy"))
    for group in node_groups(root, "place"):
        rect = group.find(SVG + "rect")
        x = float(rect.get("x")) + float(rect.get("width")) / 2
        y = float(rect.get("y")) + float(rect.get("height")) / 2
        centre_of[group.find(SVG + "title").text] = (f"{x:g}", f"{y:g}")
    name_at = {xy: name for name, xy in centre_of.items()}
    drawn = {
        frozenset((name_at[(ln.get("x1"), ln.get("y1"))], name_at[(ln.get("x2"), ln.get("y2"))]))
        for ln in every(root, "line")
    }
    names = {**MEMBER_NAMES, CLV_ID: "Pat Morgan (CLV)"} | {p.id: p.label for p in PLACES}
    assert drawn == {frozenset((names[a], names[b])) for a, b in PEER_PAIRS + PLACE_PAIRS}


def test_people_sit_on_a_circle_in_name_order_with_the_clv_in_the_middle():
    root = parse(draw())
    on_ring = []
    for group in node_groups(root, "member"):
        circle = group.find(SVG + "circle")
        x, y = float(circle.get("cx")), float(circle.get("cy"))
        assert math.hypot(x - CENTRE, y - CENTRE) == pytest.approx(150, abs=0.1)
        on_ring.append((clockwise_from_top(x, y), group.find(SVG + "title").text))
    assert [name for _angle, name in sorted(on_ring)] == sorted(MEMBER_NAMES.values())
    angles = sorted(angle for angle, _name in on_ring)
    assert angles[0] == pytest.approx(0, abs=0.01)
    gaps = [b - a for a, b in itertools.pairwise(angles)]
    assert gaps == pytest.approx([2 * math.pi / 9] * 8, abs=0.01)
    (clv,) = node_groups(root, "clv")
    circle = clv.find(SVG + "circle")
    assert (circle.get("cx"), circle.get("cy")) == ("280", "280")
    member_radii = {g.find(SVG + "circle").get("r") for g in node_groups(root, "member")}
    assert (circle.get("r"), member_radii) == ("16", {"12"})  # the CLV's circle is larger


def test_places_sit_on_an_outer_ring_in_category_then_name_order():
    places = [*PLACES, MapPlace(16, "Aldi", "shop")]
    root = parse(draw(places=places))
    on_ring = []
    for group in node_groups(root, "place"):
        rect = group.find(SVG + "rect")
        x = float(rect.get("x")) + float(rect.get("width")) / 2
        y = float(rect.get("y")) + float(rect.get("height")) / 2
        assert math.hypot(x - CENTRE, y - CENTRE) == pytest.approx(234, abs=0.1)
        on_ring.append((clockwise_from_top(x, y), group.find(SVG + "title").text))
    assert [name for _angle, name in sorted(on_ring)] == [
        "The Red Lion",  # cafe
        "St Mary's Church",  # faith
        "Oak Street Library",  # library
        "Aldi",  # shop
        "Costcutter",  # shop
        "Parkrun Saturdays",  # sport
        "Bright Futures Volunteering Hub",  # work
    ]


def test_without_a_single_clv_everyone_is_on_the_circle():
    members = [p for p in PEOPLE if p.kind == "member"]
    root = parse(draw(people=members, links=[]))
    for circle in every(root, "circle"):
        x, y = float(circle.get("cx")), float(circle.get("cy"))
        assert math.hypot(x - CENTRE, y - CENTRE) == pytest.approx(150, abs=0.1)


def test_every_node_is_inside_the_picture():
    root = parse(draw())
    for text in every(root, "text"):
        assert 0 < float(text.get("x")) < SIZE
        assert 14 < float(text.get("y")) < SIZE
    for path in every(root, "path"):  # label backings: "M x y h w v h h -w z"
        x, y, w, h = map(float, re.findall(r"-?[\d.]+", path.get("d"))[:4])
        assert x >= 0 and x + w <= SIZE
        assert y >= 0 and y + h <= SIZE


# --- Same input, same output -----------------------------------------------------------------


def test_output_is_deterministic():
    assert draw() == draw()


def test_input_order_does_not_matter():
    rng = random.Random(4)
    people, places, links = list(PEOPLE), list(PLACES), list(LINKS)
    for items in (people, places, links):
        rng.shuffle(items)
    # A peer link may name its two people either way round.
    links = [MapLink(link.b, link.a) if link.b[0] == "person" else link for link in links]
    assert draw(people, places, links) == draw()


def test_a_repeated_link_is_drawn_once():
    repeated = [*LINKS, LINKS[0], MapLink(LINKS[0].b, LINKS[0].a), LINKS[-1]]
    assert draw(links=repeated) == draw()


# --- Words -----------------------------------------------------------------------------------


def test_desc_summarises_a_realistic_network():
    root = parse(draw(description=""))
    assert root.find(SVG + "desc").text == REALISTIC_SUMMARY


@pytest.mark.parametrize(
    ("people", "links", "places", "expected"),
    [
        (
            [MapPerson(1, "Sam")],
            [],
            [],
            "1 member. No links between members yet. No links to local places yet.",
        ),
        (
            [MapPerson(1, "Sam"), MapPerson(2, "Jo"), MapPerson(3, "Pat", "clv")],
            [MapLink(("person", 1), ("person", 3)), MapLink(("person", 1), ("place", 10))],
            [MapPlace(10, "Library", "library"), MapPlace(11, "Café", "cafe")],
            "2 members and the CLV. 1 link between people. 1 link to 1 local place. "
            "1 local place not linked to anyone yet.",
        ),
        (
            [MapPerson(3, "Pat", "clv")],
            [],
            [],
            "The CLV. No links between members yet. No links to local places yet.",
        ),
    ],
)
def test_desc_wording_for_small_networks(people, links, places, expected):
    root = parse(draw(people=people, places=places, links=links))
    assert root.find(SVG + "desc").text == expected


def test_with_nobody_the_map_is_a_small_svg_saying_so():
    svg = draw(people=[], places=PLACES, links=[], description="")
    root = parse(svg)
    assert root.tag == SVG + "svg"
    assert root.get("viewBox") == "0 0 560 64"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "connection-map-title connection-map-desc"
    assert root.find(SVG + "title").text == "Connections in Elm Park"
    assert root.find(SVG + "desc").text == "No connections recorded yet."
    assert [t.text for t in every(root, "text")] == ["No connections recorded yet."]
    assert every(root, "circle") == every(root, "rect") == every(root, "line") == []


# --- Labels ----------------------------------------------------------------------------------


def test_labels_are_escaped():
    people = [
        MapPerson(1, "<script>alert(1)</script>"),
        MapPerson(2, "\"&'"),
        MapPerson(3, "A & B", "clv"),
    ]
    places = [MapPlace(10, "<b>Café</b>", "cafe")]
    links = [MapLink(("person", 1), ("person", 2)), MapLink(("person", 2), ("place", 10))]
    svg = draw(people, places, links, title="<Elm> & 'Park'", description='"quoted"')
    assert "<script" not in svg
    assert "<b>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "&quot;&amp;&#x27;" in svg
    assert "&lt;Elm&gt; &amp; &#x27;Park&#x27;" in svg
    root = parse(svg)
    texts = [t.text for t in every(root, "text")]
    assert "\"&'" in texts
    assert "A & B" in texts
    assert "<b>Café</b>" in texts
    assert "<script>alert(1)<\u2026" in texts  # 25 characters, shortened
    titles = {t.text for t in every(root, "title")}
    assert titles == {
        "<Elm> & 'Park'",
        "<script>alert(1)</script>",
        "\"&'",
        "A & B (CLV)",
        "<b>Café</b>",
    }
    assert root.find(SVG + "desc").text.startswith('"quoted" ')


def test_characters_xml_cannot_hold_are_dropped_and_whitespace_folded():
    people = [MapPerson(1, "Sam\x00\x07 \n Okafor\x1b"), MapPerson(2, "Jo\tB")]
    root = parse(draw(people=people, places=[], links=[]))
    assert sorted(t.text for t in every(root, "text")) == ["Jo B", "Sam Okafor"]


def test_long_labels_are_shortened_with_the_full_label_in_a_title():
    root = parse(draw())
    (margaret,) = [
        g
        for g in node_groups(root, "person")
        if g.find(SVG + "title").text == "Margaret Thompson-Whitley"
    ]
    assert margaret.find(SVG + "text").text == "Margaret Thompson\u2026"
    assert len(margaret.find(SVG + "text").text) == MAX_LABEL_CHARS
    (hub,) = [
        g
        for g in node_groups(root, "place")
        if g.find(SVG + "title").text == "Bright Futures Volunteering Hub"
    ]
    assert hub.find(SVG + "text").text == "Bright Futures Vo\u2026"
    for group in node_groups(root, "node"):
        assert len(group.find(SVG + "text").text) <= MAX_LABEL_CHARS
        assert group[0].tag == SVG + "title"


def test_shorten_label_at_the_limit():
    assert shorten_label("x" * 18) == "x" * 18
    assert shorten_label("x" * 19) == "x" * 17 + "\u2026"
    # Whitespace folds first, and no space is left before the ellipsis.
    assert shorten_label("Oak  Street\nLibrary") == "Oak Street Library"
    assert shorten_label("abcdefghijklmnop qrstuv") == "abcdefghijklmnop\u2026"


def test_every_label_is_at_least_14_units_in_arial():
    root = parse(draw())
    texts = every(root, "text")
    assert len(texts) == 17  # 10 people, 6 places, and "(CLV)" under the CLV
    for text in texts:
        assert float(text.get("font-size")) >= 14
        assert text.get("font-family") == FONT_FAMILY
        assert text.get("text-anchor") == "middle"


# --- Colour and safety ------------------------------------------------------------------------


def test_lines_and_shapes_have_3_to_1_contrast_and_do_not_rely_on_colour():
    root = parse(draw())
    for element in every(root, "line"):
        assert contrast_with_white(element.get("stroke")) >= 3
        assert float(element.get("stroke-width")) >= 2
    for element in every(root, "circle") + every(root, "rect") + every(root, "text"):
        assert contrast_with_white(element.get("fill")) >= 3
    peer_colours = {
        ln.get("stroke") for ln in every(root, "line") if ln.get("class") == "peer-link"
    }
    assert peer_colours == {"#1d70b8"}
    # Shape and dash carry the meaning, not colour alone.
    assert {ln.get("stroke-dasharray") for ln in every(root, "line")} == {None, "6 4"}


def test_no_external_references_scripts_or_styles():
    svg = draw()
    for forbidden in ("href", "<script", "url(", "style", "<image", "<foreignObject", "@import"):
        assert forbidden not in svg


def test_hostile_labels_add_no_elements_or_attributes():
    people = [*PEOPLE, MapPerson(200, "<script>x</script>"), MapPerson(201, '" onclick="x')]
    places = [*PLACES, MapPlace(20, "<a href='https://x.test'>", "other")]
    svg = draw(people=people, places=places, description="<image href='x'/>")
    for forbidden in ("<script", "<a ", "<image", 'onclick="'):
        assert forbidden not in svg
    root = parse(svg)
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert tags == {"svg", "title", "desc", "g", "line", "circle", "rect", "path", "text"}
    for element in root.iter():
        assert not any("href" in name or name.startswith("on") for name in element.attrib)


# --- Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("people", "places", "links", "message"),
    [
        ([MapPerson(1, "A"), MapPerson(1, "B")], [], [], "person id"),
        ([MapPerson(1, "A")], [MapPlace(2, "X", "shop")] * 2, [], "place id"),
        ([MapPerson(1, "A")], [], [MapLink(("person", 1), ("person", 9))], "not on the map"),
        ([MapPerson(1, "A")], [], [MapLink(("person", 1), ("place", 9))], "not on the map"),
        ([MapPerson(1, "A")], [], [MapLink(("person", 1), ("person", 1))], "themself"),
        (
            [MapPerson(1, "A")],
            [MapPlace(2, "X", "shop")],
            [MapLink(("place", 2), ("person", 1))],
            "start at a person",
        ),
        ([MapPerson(1, "A")], [], [MapLink(("person", 1), ("home", 1))], "person or a place"),
    ],
)
def test_bad_input_is_refused(people, places, links, message):
    with pytest.raises(ValueError, match=message):
        draw(people=people, places=places, links=links)


# --- Counts and table rows -----------------------------------------------------------------------


def test_connection_counts():
    assert connection_counts(PEOPLE, LINKS) == {
        1: 4,  # Margaret, Jo; library, Costcutter
        2: 4,  # Sam, Priya; library, Red Lion
        3: 3,  # Sam, Ben; Red Lion
        4: 3,  # Margaret, Dave; volunteering hub
        5: 2,  # Priya; Costcutter
        6: 2,  # Tom; Costcutter
        7: 2,  # Ellie; church
        8: 2,  # Ben; parkrun
        9: 3,  # Aisha, Jo; parkrun
        CLV_ID: 1,  # library
    }
    assert list(connection_counts(PEOPLE, LINKS)) == [1, 2, 3, 4, 5, 6, 7, 8, 9, CLV_ID]


def test_connection_counts_with_no_links_and_repeats():
    people = [MapPerson(1, "A"), MapPerson(2, "B")]
    assert connection_counts(people, []) == {1: 0, 2: 0}
    link = MapLink(("person", 2), ("person", 1))
    assert connection_counts(people, [link, link, MapLink(("person", 1), ("person", 2))]) == {
        1: 1,
        2: 1,
    }
    with pytest.raises(ValueError, match="not on the map"):
        connection_counts(people, [MapLink(("person", 1), ("person", 3))])


def test_connection_table_rows():
    rows = connection_table_rows(PEOPLE, PLACES, LINKS)
    assert rows[:3] == [
        {"person": "Aisha Khan", "peers": ["Ben Carter"], "places": ["Parkrun Saturdays"]},
        {"person": "Ben Carter", "peers": ["Aisha Khan", "Jo B"], "places": ["Parkrun Saturdays"]},
        {"person": "Dave Hughes", "peers": ["Priya Shah"], "places": ["Costcutter"]},
    ]
    by_person = {row["person"]: row for row in rows}
    assert by_person["Pat Morgan (CLV)"] == {
        "person": "Pat Morgan (CLV)",
        "peers": [],
        "places": ["Oak Street Library"],
    }
    assert by_person["Sam Okafor"] == {
        "person": "Sam Okafor",
        "peers": ["Jo B", "Margaret Thompson-Whitley"],
        "places": ["Oak Street Library", "Costcutter"],  # library, then shop
    }
    assert len(rows) == 10


# --- Template partial --------------------------------------------------------------------------


def render_partial(rows, svg: str | None = None, **extra) -> ET.Element:
    html = render_to_string(
        "networks/_connection_map.html",
        {"connection_svg": mark_safe(svg or draw()), "connection_rows": rows, **extra},
    )
    return parse(f"<div>{html}</div>")


def cell_text(cell: ET.Element) -> list[str]:
    items = [li.text for li in cell.iter("li")]
    return items or [" ".join("".join(cell.itertext()).split())]


def test_partial_shows_the_picture_in_a_figure_then_a_table():
    root = render_partial(connection_table_rows(PEOPLE, PLACES, LINKS))
    figure = root.find("figure")
    assert "app-connection-map" in figure.get("class").split()
    assert figure.find(SVG + "svg") is not None
    assert "Circles are people" in " ".join(figure.find("figcaption").itertext())
    table = root.find("div[@class='app-table-wrap']/table[@class='govuk-table']")
    assert table is not None
    assert "".join(table.find("caption").itertext()) == "Who each person is connected to"
    headers = table.findall("thead/tr/th")
    assert [(th.get("scope"), th.text) for th in headers] == [
        ("col", "Person"),
        ("col", "People they know"),
        ("col", "Local places they use"),
    ]
    body = table.findall("tbody/tr")
    assert len(body) == 10
    first = body[0]
    assert first.find("th").get("scope") == "row"
    assert first.find("th").text == "Aisha Khan"
    assert [cell_text(td) for td in first.findall("td")] == [["Ben Carter"], ["Parkrun Saturdays"]]
    pat = next(tr for tr in body if tr.find("th").text == "Pat Morgan (CLV)")
    assert [cell_text(td) for td in pat.findall("td")] == [["None yet"], ["Oak Street Library"]]


def test_partial_escapes_row_text_and_takes_a_caption():
    rows = [{"person": "<script>x</script>", "peers": ["A & B"], "places": []}]
    html = render_to_string(
        "networks/_connection_map.html",
        {"connection_svg": "", "connection_rows": rows, "connection_caption": "Elm Park"},
    )
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    root = parse(f"<div>{html}</div>")
    assert root.find(".//caption").text == "Elm Park"
    (row,) = root.findall(".//tbody/tr")
    assert [cell_text(td) for td in row.findall("td")] == [["A & B"], ["None yet"]]


def test_partial_with_no_rows_says_so():
    root = render_partial([], svg=draw(people=[], places=[], links=[]))
    (row,) = root.findall(".//tbody/tr")
    assert "".join(row.itertext()).strip() == "No connections recorded yet."


# --- PDF ---------------------------------------------------------------------------------------


def test_the_partial_draws_in_a_pdf():
    weasyprint = pytest.importorskip("weasyprint")
    pdfplumber = pytest.importorskip("pdfplumber")
    import io

    body = render_to_string(
        "networks/_connection_map.html",
        {
            "connection_svg": mark_safe(draw()),
            "connection_rows": connection_table_rows(PEOPLE, PLACES, LINKS),
        },
    )
    pdf = weasyprint.HTML(string=f"<!doctype html><html><body>{body}</body></html>").write_pdf()
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        words = page.extract_text(x_tolerance=1)
        assert "Oak Street Library" in words
        assert "Bright Futures Vo\u2026" in words  # the map's shortened label
        assert len(page.rects) + len(page.curves) + len(page.lines) >= 19
