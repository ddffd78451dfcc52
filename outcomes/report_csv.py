"""The CSV of a commissioner report: the same suppressed aggregates as the
PDF, one row per figure per network (all networks first), then the star
areas, survey answers and quality checks. Never a person."""

from __future__ import annotations

import csv
import io

from outcomes.figures.labels import (
    COUNT_FIELDS,
    HOURS_FIELDS,
    LABELS,
    PERCENT_FIELDS,
    QUALITY_FIELDS,
)

HEADER = ("section", "network", "figure", "value")
ROW_FIELDS = (
    [name for name, _ in COUNT_FIELDS]
    + [name for name, _ in HOURS_FIELDS]
    + [name for name, *_ in PERCENT_FIELDS]
)


def _safe(value) -> str:
    """A cell a spreadsheet will not run as a formula (names and labels are
    typed by people)."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def report_csv(shown: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerow(("period", "", "start", shown["start"]))
    writer.writerow(("period", "", "end", shown["end"]))
    writer.writerow(
        (
            "method",
            "",
            "small counts",
            f"1 to {shown['threshold']} shown as {shown['suppressed_label']}",
        )
    )
    for row in shown["rows"]:
        for name in ROW_FIELDS:
            writer.writerow(("networks", _safe(row["name"]), LABELS[name], row["values"][name]))
    for area in shown["star_areas"]:
        for key, label in (
            ("members", "members"),
            ("first_average", "first average"),
            ("latest_average", "latest average"),
            ("change", "change"),
        ):
            writer.writerow(("star", "", f"{_safe(area['name'])}: {label}", area[key]))
    for survey in shown["surveys"]:
        title = _safe(survey["title"])
        writer.writerow(("survey", "", f"{title}: invited", survey["invited"]))
        writer.writerow(("survey", "", f"{title}: answered", survey["answered"]))
        for question in survey["questions"]:
            text = f"{title}: {question['text']}"
            writer.writerow(("survey", "", _safe(f"{text}: answered"), question["answered"]))
            if question["average_score"] is not None:
                writer.writerow(
                    ("survey", "", _safe(f"{text}: average score"), question["average_score"])
                )
            for choice in question["choices"]:
                writer.writerow(
                    ("survey", "", _safe(f"{text}: {choice['label']}"), choice["count"])
                )
    if shown["quality"] is not None:
        for name, label in QUALITY_FIELDS:
            writer.writerow(("quality checks", "", label, shown["quality"][name]))
    incidents = shown.get("incidents")
    if incidents is not None:
        writer.writerow(("incidents", "", "all recorded", incidents["total"]))
        for label, value in incidents["by_kind"]:
            writer.writerow(("incidents", "", f"type: {label}", value))
        for label, value in incidents["by_severity"]:
            writer.writerow(("incidents", "", f"severity: {label}", value))
    return out.getvalue()
