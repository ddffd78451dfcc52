"""What each kind of a member's records covers, for retention: the rows
(model, and the path from a row to its member) and the fields that hold the
person (names, free text, contact details, date of birth). Everything else
stays: dates, counts, choices, star scores and outcome indicators, so the
figures of past periods do not change when a member is anonymised.

A field is cleared to what it may hold when empty: NULL where it may be
null, "" where it may be blank, else ``REMOVED`` (cut to its length).
Documents attached to a kind's rows lose their file; the row stays as a
tombstone, withdrawn, with the reason ``REMOVED``.
"""

from __future__ import annotations

from dataclasses import dataclass

from privacy.models import RecordKind

REMOVED = "Removed when its retention period ended."
ANONYMISED_NAME = "Anonymised member"


@dataclass(frozen=True)
class Target:
    """The rows of ``model`` (app label.Model) whose ``member_path`` is in
    the batch, and the fields of them to clear. ``all_members_due``: a row
    about several members (an incident) changes only when every one of
    them is past this kind's period and none is on hold."""

    model: str
    member_path: str
    fields: tuple[str, ...]
    all_members_due: bool = False


@dataclass(frozen=True)
class Files:
    """Documents of ``attached_kind`` attached to rows of ``model`` (or to
    the member, with ``model`` empty) reached by ``member_path``."""

    attached_kind: str
    model: str = ""
    member_path: str = ""
    all_members_due: bool = False


TARGETS: dict[str, tuple[Target, ...]] = {
    RecordKind.MEMBER: (
        Target(
            "members.Member",
            "pk",
            (
                "full_name",
                "preferred_name",
                "reference",
                "date_of_birth",
                "communication_needs",
                "communication_notes",
                "support_needs",
            ),
        ),
        Target(
            "members.Referral",
            "member_id",
            (
                "referrer",
                "reason_in_referrers_words",
                "reason_in_own_words",
                "assessment_notes",
                "decision_reason",
            ),
        ),
        Target("members.ChosenPerson", "member_id", ("name", "relationship", "phone", "email")),
        Target("members.Consent", "member_id", ("shared_with", "details")),
        Target("members.StatusChange", "member_id", ("reason",)),
        Target("members.SupportLevelChange", "member_id", ("reason",)),
        Target("members.PeerConnection", "member_a_id", ("note",)),
        Target("members.PeerConnection", "member_b_id", ("note",)),
        Target("members.CommunityConnection", "member_id", ("note",)),
        Target("outcomes.OutcomeIndicator", "member_id", ("note",)),
        Target("outcomes.SurveyResponse", "member_id", ("supporter_name",)),
        Target("outcomes.SurveyAnswer", "response__member_id", ("text",)),
    ),
    RecordKind.CONTACTS: (
        Target("members.Contact", "member_id", ("notes",)),
        Target("members.ContactCorrection", "contact__member_id", ("text", "reason")),
    ),
    RecordKind.PLANS: (
        Target("support_plans.StarReading", "member_id", ("who_was_there", "notes")),
        Target("support_plans.AreaScore", "reading__member_id", ("member_words", "worker_note")),
        Target("support_plans.SupportPlan", "member_id", ("easy_read_checked_by",)),
        Target("support_plans.Goal", "plan__member_id", ("in_own_words",)),
        Target("support_plans.Action", "goal__plan__member_id", ("text", "who_name")),
        Target("support_plans.ProgressNote", "goal__plan__member_id", ("text",)),
        Target("support_plans.PersonalBudget", "plan__member_id", ("pays_for",)),
        Target(
            "support_plans.RiskItem",
            "plan__member_id",
            ("risk", "what_could_go_well", "strategies", "who_helps"),
        ),
        Target(
            "support_plans.CrisisPlan",
            "plan__member_id",
            (
                "early_signs",
                "what_helps",
                "what_does_not_help",
                "who_to_contact",
                "who_not_to_contact",
                "treatment_preferences",
                "treatment_refusals",
                "practical_arrangements",
            ),
        ),
        Target("support_plans.PlanComment", "plan__member_id", ("text",)),
        Target("support_plans.PlanReview", "plan__member_id", ("members_reason",)),
    ),
    RecordKind.CASEWORK: (
        Target(
            "casework.Appointment",
            "member_id",
            ("with_whom", "place", "companion_name", "notes", "reason"),
        ),
        Target("casework.PlannedVisit", "member_id", ("purpose", "notes", "reason")),
        Target("volunteers.PlannedVisit", "member_id", ("note",)),
        Target("volunteers.LoneWorkingSession", "member_id", ("place",)),
        Target("casework.Task", "member_id", ("title", "details", "cancel_reason")),
        Target(
            "casework.Incident",
            "members__id",
            ("place", "others_involved", "what_happened", "done_at_once", "review_findings"),
            all_members_due=True,
        ),
        Target("casework.IncidentAction", "incident__members__id", ("text",), all_members_due=True),
    ),
    RecordKind.SAFEGUARDING: (
        Target(
            "casework.SafeguardingConcern",
            "member_id",
            (
                "other_person",
                "what_happened",
                "where",
                "done_at_once",
                "wishes",
                "wishes_not_asked_why",
                "decision_reasons",
                "council_decision",
                "outcome_reasons",
            ),
        ),
        Target("casework.ConcernAction", "concern__member_id", ("what",)),
    ),
}

FILES: dict[str, tuple[Files, ...]] = {
    RecordKind.MEMBER: (Files("member"),),
    RecordKind.CONTACTS: (),
    RecordKind.PLANS: (Files("plan", "support_plans.SupportPlan", "member_id"),),
    RecordKind.CASEWORK: (
        Files("incident", "casework.Incident", "members__id", all_members_due=True),
    ),
    RecordKind.SAFEGUARDING: (Files("concern", "casework.SafeguardingConcern", "member_id"),),
}
