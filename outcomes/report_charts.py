"""Charts of a commissioner report, drawn as SVG on the server from the
figures as shown (areas whose averages are hidden are left out). One
source for the report page and the PDF; the numbers sit in a table beside
each chart. Text is escaped: area names come from organisations."""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape

from support_plans.radar import FONT, Series, radar_svg

STAR_MAX = 10


def _shown_areas(shown: dict) -> list[dict]:
    return [a for a in shown["star_areas"] if a["change"] != "not shown"]


def star_radar_svg(shown: dict, *, id_prefix: str = "report-star") -> str:
    """Average first and latest score per area (three areas at least), or ""."""
    areas = _shown_areas(shown)
    if len(areas) < 3:
        return ""
    return radar_svg(
        [a["name"] for a in areas],
        [
            Series("First", tuple(float(a["first_average"]) for a in areas)),
            Series("Latest", tuple(float(a["latest_average"]) for a in areas)),
        ],
        title="Average star scores per area: first and latest reading",
        scale_max=STAR_MAX,
        id_prefix=id_prefix,
    )


def star_change_svg(shown: dict, *, id_prefix: str = "report-change") -> str:
    """A horizontal bar per area: the change in its average score, or ""."""
    areas = _shown_areas(shown)
    if not areas:
        return ""
    row, label_width, width = 34, 210, 640
    half = (width - label_width - 100) / 2  # room for the value past each bar
    zero = label_width + 20 + half
    height = row * len(areas) + 40
    largest = max([abs(Decimal(a["change"])) for a in areas] + [Decimal(1)])
    description = "; ".join(f"{a['name']} {a['change']}" for a in areas)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" font-family=\'{FONT}\'>',
        f'<title id="{id_prefix}-title">Change in the average star score per area</title>',
        f'<desc id="{id_prefix}-desc">{escape(description)}.</desc>',
        f'<line x1="{zero}" y1="10" x2="{zero}" y2="{height - 20}" stroke="#0b0c0c"/>',
    ]
    for index, area in enumerate(areas):
        change = Decimal(area["change"])
        y = 20 + index * row
        length = float(abs(change) / largest) * half
        x = zero if change >= 0 else zero - length
        colour = "#0b4f4a" if change >= 0 else "#d4351c"
        parts.append(
            f'<text x="{label_width}" y="{y + 13}" font-size="14" text-anchor="end" '
            f'fill="#0b0c0c">{escape(area["name"])}</text>'
            f'<rect x="{x:.1f}" y="{y}" width="{max(length, 1):.1f}" height="20" fill="{colour}"/>'
            f'<text x="{(zero + length + 6) if change >= 0 else (zero - length - 6):.1f}" '
            f'y="{y + 15}" font-size="14" text-anchor="{"start" if change >= 0 else "end"}" '
            f'fill="#0b0c0c">{escape(area["change"])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
