"""Charts of a commissioner report, drawn as SVG on the server from the
figures as shown (areas whose averages are hidden are left out): the star
radar of ``support_plans.radar`` and the bars of ``outcomes.charts``. One
source for the report page and the PDF; the numbers sit in a table beside
each chart. Text is escaped: area names come from organisations."""

from __future__ import annotations

from decimal import Decimal

from outcomes.charts import Bar, bar_chart_svg
from support_plans.radar import Series, radar_svg

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
    return bar_chart_svg(
        [Bar(a["name"], Decimal(a["change"]), text=str(a["change"])) for a in areas],
        title="Change in the average star score per area",
        id_prefix=id_prefix,
    )
