"""The names of the figures and their labels, in the order reports print
them: the PDF, the CSV and the commissioner pages all read them here."""

from __future__ import annotations

# The counts of a network's row, in the order reports print them.
COUNT_FIELDS: tuple[tuple[str, str], ...] = (
    ("members_supported", "Members supported"),
    ("new_members", "New members"),
    ("moved_on", "Moved on"),
    ("tenancy_sustained", "Tenancy sustained"),
    ("tenancy_lost", "Tenancy lost"),
    ("admission_avoided", "Hospital admission avoided"),
    ("admission", "Admitted to hospital"),
    ("homelessness_avoided", "Homelessness avoided"),
    ("homelessness", "Became homeless"),
    ("work", "Started work"),
    ("learning", "Started learning"),
    ("volunteering", "Started volunteering"),
    ("visits_ended", "No longer need weekly professional visits"),
    ("admission_or_homelessness_avoided", "Admission or homelessness avoided"),
    ("work_learning_or_volunteering", "Started work, learning or volunteering"),
    ("members_with_connections", "Members with community connections"),
    ("community_connections", "Community connections"),
    ("peer_connections", "Peer connections"),
    ("support_went_up", "Support hours went up"),
    ("support_went_down", "Support hours went down"),
    ("star_members", "Members with two or more star readings"),
    ("star_moved_up_a_stage", "Moved up a journey stage"),
    ("survey_invited", "Invited to a survey"),
    ("survey_answered", "Survey answers"),
    ("faces_answers", "Picture answers"),
    ("quality_checks", "Quality checks done"),
)
HOURS_FIELDS: tuple[tuple[str, str], ...] = (
    ("support_hours_start", "Weekly support hours at the start"),
    ("support_hours_end", "Weekly support hours at the end"),
)
PERCENT_FIELDS: tuple[tuple[str, str, str, str], ...] = (
    # (name, label, part, whole)
    (
        "tenancy_sustained_percent",
        "Tenancy sustained (per cent)",
        "tenancy_sustained",
        "members_supported",
    ),
)
# Averages of a row: (name, label, the count of answers they come from).
AVERAGE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("faces_average", "Average picture answer score", "faces_answers"),
)
LABELS: dict[str, str] = (
    dict((*COUNT_FIELDS, *HOURS_FIELDS))
    | {name: label for name, label, _, _ in PERCENT_FIELDS}
    | {name: label for name, label, _ in AVERAGE_FIELDS}
)
QUALITY_FIELDS: tuple[tuple[str, str], ...] = (
    ("checks", "Quality checks done"),
    ("good", "Findings: good"),
    ("okay", "Findings: okay"),
    ("needs_work", "Findings: needs work"),
    ("actions_open", "Actions still open"),
    ("actions_done", "Actions done"),
)
