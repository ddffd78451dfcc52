"""What the commissioner report's template is given: the figures as shown
(suppressed), in the order and words the report prints them, and the
method note. Shared by the PDF and the report page."""

from __future__ import annotations

import re

from outcomes.figures import counting
from outcomes.figures.labels import COUNT_FIELDS, HOURS_FIELDS, LABELS, QUALITY_FIELDS

# The report's sections, in order: (anchor, heading). The contents list and
# the tests read this.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("summary", "Summary"),
    ("members", "Members supported"),
    ("tenancy", "Tenancy"),
    ("admissions", "Admissions and homelessness avoided"),
    ("star", "Star progress"),
    ("satisfaction", "Satisfaction"),
    ("quality", "Quality checks"),
    ("incidents", "Incidents and accidents"),
    ("costs", "Cost model"),
    ("method", "Method"),
)

# Each section's tables: (caption, figures), a few columns each so they fit
# the page; one row per network, all networks first.
SECTION_TABLES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "members": (
        ("Members, by network", ("members_supported", "new_members", "moved_on")),
        (
            "Community connections, by network",
            ("members_with_connections", "community_connections", "peer_connections"),
        ),
        (
            "Work, learning and volunteering, by network",
            ("work", "learning", "volunteering", "work_learning_or_volunteering"),
        ),
        (
            "Support hours, by network",
            ("support_hours_start", "support_hours_end", "support_went_up", "support_went_down"),
        ),
    ),
    "tenancy": (
        (
            "Tenancies sustained and lost, by network",
            ("members_supported", "tenancy_sustained", "tenancy_lost", "tenancy_sustained_percent"),
        ),
    ),
    "admissions": (
        ("Hospital admissions, by network", ("admission_avoided", "admission")),
        ("Homelessness, by network", ("homelessness_avoided", "homelessness")),
        ("Either avoided, by network", ("admission_or_homelessness_avoided",)),
        ("Weekly professional visits, by network", ("visits_ended",)),
    ),
    "star": (("Star readings, by network", ("star_members", "star_moved_up_a_stage")),),
    "satisfaction": (
        (
            "Surveys, by network",
            ("survey_invited", "survey_answered", "faces_answers", "faces_average"),
        ),
    ),
    "quality": (("Quality checks, by network", ("quality_checks",)),),
}
SUMMARY_FIELDS = (
    "members_supported",
    "tenancy_sustained",
    "admission_avoided",
    "homelessness_avoided",
    "admission_or_homelessness_avoided",
    "work_learning_or_volunteering",
    "star_moved_up_a_stage",
)
assert all(n in LABELS for tables in SECTION_TABLES.values() for _, names in tables for n in names)
assert {n for n, _ in COUNT_FIELDS} | {n for n, _ in HOURS_FIELDS} >= set(SUMMARY_FIELDS)


def counting_rules() -> list[str]:
    """The counting rules, as ``outcomes/figures/counting.py`` states them (one
    sentence per figure), for the method note."""
    doc = counting.__doc__ or ""
    rules = doc.split("Counting rules", 1)[-1]
    items = re.split(r"\n\s*\*\s+", rules)[1:]
    rules = [re.sub(r"\*\*|``", "", " ".join(item.split())).rstrip(";.") + "." for item in items]
    return [rule[:1].upper() + rule[1:] for rule in rules]


def _table(shown: dict, caption: str, names: tuple[str, ...]) -> dict:
    """Rows: one per network (all networks first); columns: ``names``."""
    return {
        "caption": caption,
        "columns": [(name, LABELS[name]) for name in names],
        "rows": [
            {
                "name": row["name"],
                "total": row["total"],
                "values": [row["values"][n] for n in names],
            }
            for row in shown["rows"]
        ],
    }


# The PDF prints a table a network up to this many networks; a larger
# contract gets each section's figures for all its networks together (one
# table a section), and the figures of each network are in the CSV beside
# it. So the PDF has about the same number of pages (about 15) for 50 or
# 200 networks, and renders in bounded time.
PDF_NETWORK_ROWS = 12


def _totals_table(shown: dict, key: str) -> dict:
    """A section's figures for all networks together: one row a figure."""
    total = shown["rows"][0]["values"]
    names = list(dict.fromkeys(n for _, names in SECTION_TABLES[key] for n in names))
    return {
        "caption": f"{dict(SECTIONS)[key]}, all networks",
        "first_column": "Figure",
        "columns": [("all", "All networks")],
        "rows": [{"name": LABELS[n], "total": False, "values": [total[n]]} for n in names],
    }


def _pdf_tables(shown: dict) -> dict:
    if len(shown["rows"]) - 1 > PDF_NETWORK_ROWS:
        return {key: [_totals_table(shown, key)] for key in SECTION_TABLES}
    return {
        key: [_table(shown, caption, names) for caption, names in tables]
        for key, tables in SECTION_TABLES.items()
    }


def report_context(
    *, organisation, report, shown: dict, costs: dict, radar: str, bars: str
) -> dict:
    contract = report.contract
    total = shown["rows"][0]["values"]
    networks = len(shown["rows"]) - 1
    return {
        "organisation": organisation,
        "report": report,
        "contract": contract,
        "shown": shown,
        "sections": SECTIONS,
        "summary": [(LABELS[name], total[name]) for name in SUMMARY_FIELDS],
        "tables": _pdf_tables(shown),
        "networks_in_csv": networks > PDF_NETWORK_ROWS,
        "quality": [(label, shown["quality"][name]) for name, label in QUALITY_FIELDS]
        if shown["quality"]
        else [],
        "incidents": shown.get("incidents"),
        "costs": costs,
        "radar": radar,
        "bars": bars,
        "rules": counting_rules(),
        "several_networks": networks > 1,
    }


def report_page_context(report) -> dict:
    """The report page: the figures as stored (suppressed when made), in
    the same tables as the PDF."""
    shown = report.figures or None
    context = {"report": report, "contract": report.contract, "shown": shown, "sections": SECTIONS}
    if shown:
        total = shown["rows"][0]["values"]
        context |= {
            "summary": [(LABELS[name], total.get(name, "")) for name in SUMMARY_FIELDS],
            "tables": {
                key: [_table(shown, caption, names) for caption, names in tables]
                for key, tables in SECTION_TABLES.items()
            },
            "quality": [(label, shown["quality"][name]) for name, label in QUALITY_FIELDS]
            if shown.get("quality")
            else [],
            "incidents": shown.get("incidents"),
        }
    return context
