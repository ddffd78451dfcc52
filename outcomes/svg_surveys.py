"""A small SVG bar chart for survey results, drawn on the server (no
script, so the Content-Security-Policy holds). The same figures are in a
table beside it, so the chart is decoration for screen readers."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

BAR = 28
GAP = 12
LABEL = 110
WIDTH = 420


def bar_chart_svg(
    bars: list[tuple[str, Decimal | int | None]], *, maximum: int, title: str
) -> SafeString:
    """Horizontal bars, one per (label, value); an empty value is "no
    answers". Text and values are escaped."""
    height = len(bars) * (BAR + GAP) + GAP
    scale = (WIDTH - LABEL - 50) / maximum if maximum else 0
    parts = [
        format_html(
            '<svg class="app-bar-chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
            'xmlns="http://www.w3.org/2000/svg">',
            WIDTH,
            height,
            title,
        )
    ]
    for index, (label, value) in enumerate(bars):
        y = GAP + index * (BAR + GAP)
        parts.append(
            format_html(
                '<text x="0" y="{}" font-size="14" fill="#0b0c0c">{}</text>',
                y + BAR * 0.65,
                label,
            )
        )
        if value is None:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="14" fill="#484949">No answers</text>',
                    LABEL,
                    y + BAR * 0.65,
                )
            )
            continue
        width = max(float(value) * scale, 1)
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="#1d70b8"></rect>'
                '<text x="{}" y="{}" font-size="14" fill="#0b0c0c">{}</text>',
                LABEL,
                y,
                f"{width:.1f}",
                BAR,
                f"{LABEL + width + 6:.1f}",
                y + BAR * 0.65,
                escape(str(value)),
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))
