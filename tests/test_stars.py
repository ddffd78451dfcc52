"""The default star and the radar chart."""

import math
import xml.etree.ElementTree as ET

import pytest

from keyring_net.tenancy import organisation_scope
from support_plans.radar import Series, point, radar_svg
from support_plans.stars import DEFAULT_AREAS, ensure_default_template, stage_for

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.django_db
def test_the_default_star_has_ten_areas_and_five_stages(org_a):
    with organisation_scope(org_a.organisation):
        template = ensure_default_template(org_a.organisation)
        again = ensure_default_template(org_a.organisation)
        areas = list(template.areas.all())
        stages = list(template.stages.all())
    assert again == template
    assert [a.name for a in areas] == [a[0] for a in DEFAULT_AREAS]
    assert [(s.name, s.low, s.high) for s in stages] == [
        ("Stuck", 1, 2),
        ("Accepting help", 3, 4),
        ("Believing", 5, 6),
        ("Learning", 7, 8),
        ("Self-reliance", 9, 10),
    ]
    assert stage_for(stages, 6).name == "Believing"


def polygon_points(svg: str, label_start: str) -> list[tuple[float, float]]:
    root = ET.fromstring(svg)
    for polygon in root.iter(f"{SVG}polygon"):
        if polygon.get("class") == "series" and polygon.get("data-label").startswith(label_start):
            return [tuple(map(float, p.split(","))) for p in polygon.get("points").split()]
    raise AssertionError(f"no series {label_start}")


def test_known_scores_land_where_they_should():
    labels = ["Home", "Money", "Health", "Feelings"]
    svg = radar_svg(
        labels,
        [Series("First", (10, 5, 0, 2)), Series("Latest", (10, 10, 10, 10))],
        title="Star",
        size=480,
    )
    centre, radius = 240, 150
    first = polygon_points(svg, "First")
    # Area 0 straight up at full radius; area 1 to the right at half radius;
    # area 2 at the centre; area 3 to the left at a fifth of the radius.
    assert first == [(240.0, 90.0), (315.0, 240.0), (240.0, 240.0), (210.0, 240.0)]
    latest = polygon_points(svg, "Latest")
    assert all(math.isclose(math.dist(p, (centre, centre)), radius, abs_tol=0.02) for p in latest)


def test_the_chart_is_accessible_and_escaped():
    svg = radar_svg(
        ["<b>Home</b>", "Money", "Health"], [Series("Latest", (3, 4, 5))], title="Alan's star"
    )
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Alan's star"
    assert root.find(f"{SVG}desc").text == "Latest: <b>Home</b> 3, Money 4, Health 5."
    assert "<b>" not in svg
    assert all(int(t.get("font-size")) >= 14 for t in root.iter(f"{SVG}text"))
    # First reading dashed, latest solid: not colour alone.
    two = radar_svg(
        ["A", "B", "C"], [Series("First", (1, 1, 1)), Series("Latest", (2, 2, 2))], title="t"
    )
    kinds = [
        (p.get("data-label"), p.get("stroke-dasharray"))
        for p in ET.fromstring(two).iter(f"{SVG}polygon")
        if p.get("class") == "series"
    ]
    assert kinds == [("First", "8 6"), ("Latest", None)]


def test_point_geometry():
    assert point(0, 4, 10, centre=100, radius=50, scale_max=10) == (100.0, 50.0)
    assert point(2, 4, 5, centre=100, radius=50, scale_max=10) == (100.0, 125.0)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="at least three areas"):
        radar_svg(["A", "B"], [], title="t")
    with pytest.raises(ValueError, match="one score for every area"):
        radar_svg(["A", "B", "C"], [Series("x", (1, 2))], title="t")
