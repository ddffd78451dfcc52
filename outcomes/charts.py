"""Bar charts of the outcome figures, drawn on the server as SVG.

One drawing for the dashboard and the commissioner PDF (WeasyPrint draws
inline SVG). Each chart is a complete ``<svg role="img">`` with a
``<title>`` and a ``<desc>`` that says every number in words; pages put the
same numbers in a table beside it. Labels are Arial, at least 14 px, and
escaped (network and area names come from organisations). Every bar has its
value written at its end, so colour is never the only cue.

* ``bar_chart_svg(bars, title=..., id_prefix=...)``: one bar per label;
  negative values go left of a zero line (average change per star area).
* ``grouped_bar_chart_svg(groups, series, title=..., id_prefix=...)``: a
  group of bars per network, one per measure (per-network comparison).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

FONT = 'Arial, "Liberation Sans", sans-serif'
# GOV.UK palette colours with at least 3:1 contrast on white.
COLOURS = ("#0b4f4a", "#1d70b8", "#d4351c", "#6f3a8c", "#505a5f")
LABEL_WIDTH = 210
VALUE_WIDTH = 150
ROW = 34
MAX_LABEL = 24


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int | float
    text: str = ""  # how the value is written; defaults to the value


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _text(bar: Bar) -> str:
    return bar.text or f"{bar.value}"


def _scale(values, width: float) -> tuple[float, float]:
    """(x of zero, pixels per unit) for values that may be negative."""
    low = min([0, *values])
    high = max([0, *values])
    span = (high - low) or 1
    per_unit = width / float(span)
    return -float(low) * per_unit, per_unit


def _open(width: int, height: int, id_prefix: str, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
        f"font-family='{FONT}' class=\"app-chart\">",
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(desc)}</desc>',
    ]


def bar_chart_svg(
    bars: list[Bar], *, title: str, id_prefix: str, width: int = 640, colour: str = COLOURS[0]
) -> str:
    """Horizontal bars, one per ``Bar``, labelled on the left and valued on
    the right of each bar. No bars: a short sentence in the picture."""
    plot = width - LABEL_WIDTH - VALUE_WIDTH
    height = max(1, len(bars)) * ROW + 16
    desc = "; ".join(f"{b.label}: {_text(b)}" for b in bars) + "." if bars else "No figures yet."
    parts = _open(width, height, id_prefix, title, desc)
    if not bars:
        parts.append(
            f'<text x="8" y="{ROW - 10}" font-size="15" fill="#0b0c0c">No figures yet.</text>'
        )
        parts.append("</svg>")
        return "".join(parts)
    zero, per_unit = _scale([b.value for b in bars], plot)
    for i, bar in enumerate(bars):
        y = 8 + i * ROW
        length = float(bar.value) * per_unit
        x = LABEL_WIDTH + zero + min(0.0, length)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + ROW / 2 - 2}" font-size="15" '
            f'text-anchor="end" dominant-baseline="middle" fill="#0b0c0c">'
            f"{escape(_short(bar.label))}</text>"
        )
        parts.append(
            f'<rect class="bar" x="{x:.2f}" y="{y + 4}" width="{abs(length):.2f}" '
            f'height="{ROW - 12}" fill="{colour}" data-value="{escape(str(bar.value))}"/>'
        )
        end = LABEL_WIDTH + zero + max(0.0, length) + 6
        parts.append(
            f'<text x="{end:.2f}" y="{y + ROW / 2 - 2}" font-size="15" '
            f'dominant-baseline="middle" fill="#0b0c0c">{escape(_text(bar))}</text>'
        )
    parts.append(
        f'<line x1="{LABEL_WIDTH + zero:.2f}" y1="4" x2="{LABEL_WIDTH + zero:.2f}" '
        f'y2="{height - 4}" stroke="#0b0c0c" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Group:
    label: str  # e.g. a network's name
    bars: tuple[Bar, ...]  # one per series, in series order


def grouped_bar_chart_svg(
    groups: list[Group], series: list[str], *, title: str, id_prefix: str, width: int = 760
) -> str:
    """A group of horizontal bars per ``Group`` (one bar per series, each
    written "<series>: <value>" at its end, in its own colour), under a
    legend of one series a line. Values of 0 or more (shares, counts)."""
    plot = width - LABEL_WIDTH - 330  # room for the longest "<series>: <value>"
    per_group = len(series) * 22 + 14
    legend = 24 * len(series) + 8
    height = legend + max(1, len(groups)) * per_group + 8
    desc = (
        " ".join(
            f"{g.label}: "
            + ", ".join(f"{s} {_text(b)}" for s, b in zip(series, g.bars, strict=True))
            + "."
            for g in groups
        )
        if groups
        else "No figures yet."
    )
    parts = _open(width, height, id_prefix, title, desc)
    for i, name in enumerate(series):
        y = 6 + i * 24
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="16" height="16" fill="{COLOURS[i % 5]}"/>'
        )
        parts.append(
            f'<text x="{LABEL_WIDTH + 22}" y="{y + 13}" font-size="14" fill="#0b0c0c">'
            f"{escape(name)}</text>"
        )
    values = [float(b.value) for g in groups for b in g.bars]
    _, per_unit = _scale(values, plot)
    for gi, group in enumerate(groups):
        top = legend + 4 + gi * per_group
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{top + per_group / 2 - 4}" font-size="15" '
            f'text-anchor="end" dominant-baseline="middle" fill="#0b0c0c" '
            f'font-weight="bold">{escape(_short(group.label))}</text>'
        )
        for bi, bar in enumerate(group.bars):
            y = top + bi * 22
            length = max(0.0, float(bar.value) * per_unit)
            parts.append(
                f'<rect class="bar" x="{LABEL_WIDTH}" y="{y}" width="{length:.2f}" height="18" '
                f'fill="{COLOURS[bi % 5]}" data-value="{escape(str(bar.value))}"/>'
            )
            parts.append(
                f'<text x="{LABEL_WIDTH + length + 6:.2f}" y="{y + 14}" font-size="14" '
                f'fill="#0b0c0c">{escape(series[bi])}: {escape(_text(bar))}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
