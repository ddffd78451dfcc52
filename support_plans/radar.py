"""The star as a radar chart, drawn on the server as SVG.

One picture for the page, the member's easy-read view and PDFs (WeasyPrint
draws inline SVG). The numbers always sit beside it in a table too. Labels
are at least 14 pt-sized, Arial, and escaped: area names come from
organisations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape

FONT = 'Arial, "Liberation Sans", sans-serif'
# Distinct by colour and by line style, so colour is never the only cue.
SERIES_STYLES = (
    {"stroke": "#505a5f", "fill": "none", "dash": "8 6", "label": "First"},
    {"stroke": "#0b4f4a", "fill": "#0b4f4a", "dash": "", "label": "Latest"},
)


@dataclass(frozen=True)
class Series:
    label: str  # e.g. "First: 3 March 2025"
    scores: tuple[int, ...]  # one per area, in area order


def point(
    index: int, count: int, score: float, *, centre: float, radius: float, scale_max: int
) -> tuple[float, float]:
    """Where a score sits: area 0 straight up, then clockwise."""
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = radius * score / scale_max
    return (
        round(centre + distance * math.cos(angle), 2),
        round(centre + distance * math.sin(angle), 2),
    )


def radar_svg(
    labels: list[str],
    series: list[Series],
    *,
    title: str,
    scale_max: int = 10,
    size: int = 480,
    id_prefix: str = "star",
) -> str:
    """A complete ``<svg>``: rings at every 2 points, a spoke per area, one
    polygon per series (first dashed and unfilled, latest solid and lightly
    filled), a ``<title>`` and a ``<desc>`` that says every score in words."""
    count = len(labels)
    if count < 3:
        raise ValueError("A star needs at least three areas.")
    for s in series:
        if len(s.scores) != count:
            raise ValueError("Each series needs one score for every area.")
    centre = size / 2
    radius = size / 2 - 90
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="100%" '
        f'role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
        f"font-family='{FONT}'>",
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(_describe(labels, series))}</desc>',
    ]
    for ring in range(2, scale_max + 1, 2):
        ring_points = " ".join(
            "{},{}".format(
                *point(i, count, ring, centre=centre, radius=radius, scale_max=scale_max)
            )
            for i in range(count)
        )
        parts.append(
            f'<polygon points="{ring_points}" fill="none" stroke="#b1b4b6" '
            f'stroke-width="1" class="ring" data-score="{ring}"/>'
        )
    for i, label in enumerate(labels):
        x, y = point(i, count, scale_max, centre=centre, radius=radius, scale_max=scale_max)
        parts.append(f'<line x1="{centre}" y1="{centre}" x2="{x}" y2="{y}" stroke="#b1b4b6"/>')
        lx, ly = point(
            i, count, scale_max * 1.18, centre=centre, radius=radius, scale_max=scale_max
        )
        anchor = "middle" if abs(lx - centre) < 5 else ("start" if lx > centre else "end")
        parts.append(
            f'<text x="{lx}" y="{ly}" font-size="15" text-anchor="{anchor}" '
            f'dominant-baseline="middle" fill="#0b0c0c">{escape(label)}</text>'
        )
    for index, s in enumerate(series[-2:] if len(series) > 2 else series):
        style = SERIES_STYLES[1 if index == len(series[-2:]) - 1 else 0]
        pts = " ".join(
            "{},{}".format(
                *point(i, count, score, centre=centre, radius=radius, scale_max=scale_max)
            )
            for i, score in enumerate(s.scores)
        )
        dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
        fill = (
            f'fill="{style["fill"]}" fill-opacity="0.15"'
            if style["fill"] != "none"
            else 'fill="none"'
        )
        parts.append(
            f'<polygon class="series" data-label="{escape(s.label)}" points="{pts}" '
            f'{fill} stroke="{style["stroke"]}" stroke-width="3"{dash}/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _describe(labels: list[str], series: list[Series]) -> str:
    if not series:
        return "No readings yet."
    sentences = []
    for s in series[-2:]:
        scores = ", ".join(
            f"{label} {score}" for label, score in zip(labels, s.scores, strict=True)
        )
        sentences.append(f"{s.label}: {scores}.")
    return " ".join(sentences)
