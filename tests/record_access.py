"""Which pages and API calls show a member's personal data, and so log who
looked (``members.RecordAccess``), as data.

Every GET route in the role matrix (``tests/routes.py``, pages and API
alike) is in exactly one of:

- ``SHOWS_MEMBERS``: a GET by someone allowed to see it adds a
  ``RecordAccess`` for each member it shows (``ONE``: the page or call is
  about one member; ``LIST``: members shown among others, ``in_list``);
- ``NO_MEMBER_DATA``: it shows nothing of a member's record, with the
  reason;
- ``CONCERN_ROUTES``: a safeguarding concern, logged as a ``ConcernView``
  and kept out of the member's "who looked" on purpose (DEVELOPERS.md,
  "Casework: safeguarding");
- ``MEMBERS_OWN``: the member's own pages: a member reading their own
  record is not "someone looked", so nothing is logged.

``tests/test_record_access_routes.py`` fails on a GET route in none of
them, and checks every entry in ``SHOWS_MEMBERS`` over HTTP.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

ONE, LIST = "one", "list"


@dataclass(frozen=True)
class Shows:
    """How a route shows members. ``kind``: ``ONE`` or ``LIST``. ``role``:
    who reads it (else the first allowed of support manager, CLV, enabler,
    connections volunteer). ``query``: added to the path. ``needs``: URL
    argument sources (``OBJECT_KWARGS``) to call first, so a list has the
    world's row to show; ``prepare(world)``: anything else it needs.
    ``channel``: the channel logged (else "api" for the API, "page")."""

    kind: str
    role: str | None = None
    query: str = ""
    needs: tuple[str, ...] = ()
    prepare: Callable | None = None
    channel: str | None = None


def coming_appointment(world) -> None:
    from django.utils import timezone

    from casework.models import Appointment
    from keyring_net.tenancy import organisation_scope

    with organisation_scope(world.organisation):
        Appointment.objects.create(
            organisation=world.organisation,
            member=world.member,
            with_whom="Dentist",
            kind="gp",
            starts_at=timezone.now() + datetime.timedelta(days=2),
            created_by=world.clv,
        )


def out_of_hours_call(world) -> None:
    from django.utils import timezone

    from keyring_net.tenancy import organisation_scope
    from members.models import Contact

    with organisation_scope(world.organisation):
        Contact.objects.create(
            organisation=world.organisation,
            member=world.member,
            worker=world.clv,
            happened_at=timezone.now() - datetime.timedelta(hours=8),
            minutes=15,
            method=Contact.Method.OUT_OF_HOURS,
            notes="Rang at 2am.",
        )


def named_survey_answer(world) -> None:
    from keyring_net.tenancy import organisation_scope
    from outcomes.models import Survey, SurveyResponse

    with organisation_scope(world.organisation):
        survey = Survey.objects.create(
            organisation=world.organisation,
            title="How are you?",
            created_by=world.manager,
            status=Survey.Status.OPEN,
        )
        SurveyResponse.objects.create(
            organisation=world.organisation,
            survey=survey,
            network=world.network,
            member=world.member,
        )


def allocated_to_the_clv(world) -> None:
    from django.utils import timezone

    from keyring_net.tenancy import organisation_scope
    from members.models import Allocation

    with organisation_scope(world.organisation):
        Allocation.objects.create(
            organisation=world.organisation,
            member=world.member,
            worker=world.clv,
            started_on=timezone.localdate(),
        )


SEARCH = "?q=Contact"

SHOWS_MEMBERS: dict[str, Shows] = {
    # Members
    "members:list": Shows(LIST),
    "members:detail": Shows(ONE),
    "members:details": Shows(ONE),
    "members:status": Shows(ONE),
    "members:support-level": Shows(ONE),
    "members:communication-needs": Shows(ONE),
    "members:consent-add": Shows(ONE),
    "members:person-add": Shows(ONE),
    "members:connection-add": Shows(ONE),
    "members:contact-edit": Shows(ONE, role="clv"),  # only its author edits it
    "members:contact-correct": Shows(ONE),
    "members:handover": Shows(LIST, prepare=out_of_hours_call),
    "members:referrals": Shows(LIST),
    "members:referral-detail": Shows(ONE),
    "api-member-list": Shows(LIST),
    "api-member-detail": Shows(ONE),
    "api-contact-list": Shows(LIST),
    "api-contact-detail": Shows(ONE),
    "api-connection-list": Shows(LIST, needs=("connection_id",)),
    "api-connection-detail": Shows(ONE),
    "api-referral-list": Shows(LIST),
    "api-referral-detail": Shows(ONE),
    "api-export-members": Shows(LIST, channel="export"),
    "api-export-contacts": Shows(LIST, channel="export"),
    # Support plans and stars
    "plans:plan": Shows(ONE),
    "plans:version": Shows(ONE),
    "plans:budget": Shows(ONE),
    "plans:crisis": Shows(ONE),
    "plans:star": Shows(ONE),
    "plans:reading-add": Shows(ONE),
    "api-plan-list": Shows(LIST, needs=("plan_id",)),
    "api-plan-detail": Shows(ONE),
    "api-goal-list": Shows(LIST, needs=("goal_id",)),
    "api-goal-detail": Shows(ONE),
    "api-action-list": Shows(LIST, needs=("action_id",)),
    "api-action-detail": Shows(ONE),
    "api-risk-plan-list": Shows(LIST, needs=("risk_id",)),
    "api-risk-plan-detail": Shows(ONE),
    "api-crisis-plan-list": Shows(LIST, needs=("crisis_plan_id",)),
    "api-crisis-plan-detail": Shows(ONE),
    "api-plan-review-list": Shows(LIST, needs=("review_id",)),
    "api-plan-review-detail": Shows(ONE),
    "api-star-reading-list": Shows(LIST, needs=("reading_id",)),
    "api-star-reading-detail": Shows(ONE),
    # Outcomes
    "outcomes_figures:member-indicators": Shows(ONE),
    "api-outcome-indicator-list": Shows(LIST, needs=("indicator_id",)),
    "api-outcome-indicator-detail": Shows(ONE),
    "api-survey-response-list": Shows(LIST, prepare=named_survey_answer),
    # Documents of a member (and of their plan, and of an incident)
    "documents:member-list": Shows(ONE),
    "documents:member-add": Shows(ONE),
    "documents:plan-list": Shows(ONE),
    "documents:plan-add": Shows(ONE),
    "documents:detail": Shows(ONE),
    "documents:download": Shows(ONE),
    "documents:withdraw": Shows(ONE),
    "documents:incident-list": Shows(LIST),
    "documents:incident-add": Shows(LIST),
    "api-document-list": Shows(LIST, needs=("document_id",)),
    "api-document-detail": Shows(ONE),
    "api-document-download": Shows(ONE),
    # Casework
    "casework_appointments:appointments": Shows(LIST, prepare=coming_appointment),
    "casework_appointments:appointment": Shows(ONE),
    "casework_appointments:appointment-change": Shows(ONE),
    "casework_appointments:visits": Shows(LIST, needs=("visit_id",)),
    "casework_appointments:visit": Shows(ONE),
    "casework_appointments:visit-change": Shows(ONE),
    "api-appointment-list": Shows(LIST, needs=("appointment_id",)),
    "api-appointment-detail": Shows(ONE),
    "api-planned-visit-list": Shows(LIST, needs=("visit_id",)),
    "api-planned-visit-detail": Shows(ONE),
    "tasks:detail": Shows(ONE),
    "tasks:change": Shows(ONE),
    "tasks:member": Shows(ONE),
    "tasks:caseload": Shows(LIST, needs=("task_id",)),
    "api-task-list": Shows(LIST, needs=("task_id",)),
    "api-task-detail": Shows(ONE),
    # An incident may be about several members: each is logged as in a list.
    "incidents:list": Shows(LIST, needs=("incident_id",)),
    "incidents:detail": Shows(LIST),
    "incidents:edit": Shows(LIST),
    "api-incident-list": Shows(LIST, needs=("incident_id",)),
    "api-incident-detail": Shows(LIST),
    # Composed pages and search
    "dashboards:dashboard": Shows(LIST),
    "dashboards:connections": Shows(LIST),
    "networks:detail": Shows(LIST),
    "search:page": Shows(LIST, query=SEARCH),
    "api-search": Shows(LIST, query=SEARCH),
    "volunteers_today:today": Shows(LIST, role="clv", prepare=allocated_to_the_clv),
    # Subject access: the review page shows the whole copy; staff's
    # download is the copy itself (both logged as an export).
    "privacy:detail": Shows(ONE, needs=("access_request_id",), channel="export"),
    "privacy:download": Shows(ONE, needs=("access_request_id",), channel="export"),
}

CHOOSER = "a form: its chooser lists members' names only, nothing from their records"
VOLUNTEERS = "volunteers' own records (profiles, checks, training, interviews)"
ROTA = "the volunteers' rota, shifts and hours: no member is named"
SETUP = "the organisation's set-up: no member is named"
FIGURES = "figures across members, small counts suppressed: no member is named"
QUALITY = "quality checks of a network: no member is named"
IMPORTS = "imports of records: counts and problems by row, no member's record is shown"
MINE = "the signed-in person's own account, settings or messages"

NO_MEMBER_DATA: dict[str, str] = {
    "home": "sends each person to their own start page",
    "api-me": MINE,
    "tokens:list": MINE,
    "notifications:inbox": MINE,
    "notifications:preferences": MINE,
    "api-notification-list": MINE,
    "api-notification-detail": MINE,
    "api-notification-preference-list": MINE,
    "notifications:sent": "the delivery record of messages sent (to whom, when, whether they "
    "arrived), not the member's record",
    "api-notification-delivery-list": "the delivery record of messages sent, as notifications:sent",
    "members:contact-add": CHOOSER,
    "members:referral-add": "a form to record a new referral: no member yet",
    "casework_appointments:appointment-add": CHOOSER,
    "casework_appointments:visit-add": CHOOSER,
    "tasks:add": CHOOSER,
    "incidents:add": CHOOSER,
    "members:my-record-views": "the member's own page of who looked: their record is not shown",
    # Networks and places: addresses and places, never whose home it is
    "networks:list": SETUP,
    "networks:add": SETUP,
    "networks:edit": SETUP,
    "networks:clusters": SETUP,
    "networks:cluster-add": SETUP,
    "networks:cluster-edit": SETUP,
    "networks:places": SETUP,
    "networks:place-add": SETUP,
    "networks:place-edit": SETUP,
    "networks:hub-add": SETUP,
    "networks:hub-edit": SETUP,
    "networks:event-add": SETUP,
    "networks:home-add": "a home's address, with no member named (the tenant is on their record)",
    "networks:home-edit": "a home's address, with no member named",
    "networks:map": "the network's homes on a map, with no member named",
    "api-network-list": SETUP,
    "api-network-detail": SETUP,
    "api-cluster-list": SETUP,
    "api-cluster-detail": SETUP,
    "api-community-asset-list": SETUP,
    "api-community-asset-detail": SETUP,
    "api-home-list": "homes' addresses, with no member named",
    "api-home-detail": "a home's address, with no member named",
    "organisation:settings": SETUP,
    "api-organisation": SETUP,
    "plans:templates": SETUP,
    "plans:template-add": SETUP,
    "plans:template-edit": SETUP,
    "api-star-template-list": SETUP,
    "api-star-template-detail": SETUP,
    "safeguarding:leads": SETUP,
    "api-safeguarding-lead-list": SETUP,
    "api-safeguarding-lead-detail": SETUP,
    "people:list": "staff and sign-ins: a member appears only as a person with a sign-in",
    "people:detail": "a member of staff and their roles",
    "people:invite": "a form to invite a member of staff",
    "people:trail": "a member of staff's own audit trail (what they did, not a member's record)",
    "people:role-move": "a member of staff's role",
    "api-person-list": "staff and sign-ins, as people:list",
    "api-person-detail": "a member of staff and their roles",
    "api-role-assignment-detail": "a member of staff's role",
    # Volunteers
    **dict.fromkeys(
        [
            "volunteers_people:pipeline",
            "volunteers_people:add",
            "volunteers_people:detail",
            "volunteers_people:edit",
            "volunteers_people:stage",
            "volunteers_people:dbs-add",
            "volunteers_people:reference-add",
            "volunteers_people:training",
            "volunteers_people:training-add",
            "volunteers_people:module-edit",
            "volunteers_people:interview-add",
            "volunteers_panels:values",
            "volunteers_panels:value-edit",
            "volunteers_panels:panel-add",
            "volunteers_panel_member:list",
            "volunteers_panel_member:scores",
            "documents:volunteer-list",
            "documents:volunteer-add",
            "api-volunteer-list",
            "api-volunteer-detail",
            "api-dbs-check-list",
            "api-dbs-check-detail",
            "api-training-record-list",
            "api-training-record-detail",
            "api-recruitment-value-list",
            "api-recruitment-value-detail",
            "api-panel-view-detail",
        ],
        VOLUNTEERS,
    ),
    "volunteers_panels:interview": "a volunteer's interview: a member on the panel is named as a "
    "panel member, nothing from their record",
    "volunteers_panels:decide": "a volunteer's interview decision, as volunteers_panels:interview",
    "api-panel-view-list": "interview panels' scores: members named as panel members only",
    **dict.fromkeys(
        [
            "volunteers_rota:my-rota",
            "volunteers_rota:calendar",
            "volunteers_rota:availability",
            "volunteers_rota:availability-add",
            "volunteers_rota:my-hours",
            "volunteers_rota:hours",
            "volunteers_rota:network-rota",
            "volunteers_rota:pattern-add",
            "volunteers_rota:shift-add",
            "volunteers_rota:shift-edit",
            "volunteers_rota:swap-add",
            "volunteers_rota:swaps",
            "api-availability-list",
            "api-availability-detail",
            "api-shift-list",
            "api-shift-detail",
            "api-swap-request-list",
            "api-swap-request-detail",
        ],
        ROTA,
    ),
    **dict.fromkeys(
        [
            "volunteers_today:alerts",
            "volunteers_today:alert-resolve",
            "api-lone-working-list",
            "api-lone-working-detail",
        ],
        "a worker's lone-working safety record: where they went and when, "
        "nothing from the member's record",
    ),
    # Outcomes: figures, contracts, reports, surveys, quality checks
    **dict.fromkeys(
        [
            "outcomes_figures:dashboard",
            "outcomes_figures:costs",
            "contracts:list",
            "contracts:add",
            "contracts:edit",
            "reports:list",
            "reports:detail",
            "reports:request",
            "reports:pdf",
            "reports:csv",
            "api-contract-list",
            "api-contract-detail",
            "api-report-list",
            "api-report-detail",
            "api-report-download",
            "surveys:list",
            "surveys:add",
            "surveys:detail",
            "surveys:networks",
            "surveys:question-add",
            "surveys:results",
            "api-survey-list",
            "api-survey-detail",
        ],
        FIGURES,
    ),
    **dict.fromkeys(
        [
            "quality:list",
            "quality:check",
            "quality:check-add",
            "quality:checklists",
            "quality:checklist",
            "quality:actions",
            "quality:action-add",
            "quality:action-done",
            "api-quality-check-list",
            "api-quality-check-detail",
        ],
        QUALITY,
    ),
    # Moving records in and out
    **dict.fromkeys(
        [
            "imports:list",
            "imports:start",
            "imports:detail",
            "imports:progress",
            "imports:report",
            "api-import-list",
            "api-import-detail",
            "api-import-rows",
        ],
        IMPORTS,
    ),
    "exports:page": "the history of exports: who, when, how many rows",
    "api-export-list": "the history of exports: who, when, how many rows",
    "api-export-hours": "volunteers' hours: no member is named",
    "api-export-compliance": "volunteers' checks and training: no member is named",
    "tasks:cancel": "a form to cancel a task: its title, no member's record",
    "incidents:review": "a form to review an incident: no member is shown",
    "incidents:action-add": "a form to add an action to an incident: no member is shown",
    "dashboards:reassign": "handing a leaver's work over: counts of their work, by worker",
    "privacy:list": "requests for a copy: the members' names and deadlines, not their records",
    "privacy:new": "a form to log a request for a copy, with members to choose by name",
    "privacy:holds": "legal holds: the held members' names and why, not their records",
    "privacy:hold-lift": "lifting a hold: the member's name and the hold's reason",
}

CONCERN_ROUTES: dict[str, str] = dict.fromkeys(
    [
        "safeguarding:list",
        "safeguarding:raise",
        "safeguarding:detail",
        "safeguarding:wishes",
        "safeguarding:triage",
        "safeguarding:refer",
        "safeguarding:action",
        "safeguarding:close",
        "documents:concern-list",
        "documents:concern-add",
        "api-safeguarding-concern-list",
        "api-safeguarding-concern-detail",
    ],
    "a safeguarding concern: opening one is a ConcernView for the leads; a member may be "
    "the subject of a concern about someone close to them, so their 'who looked' must not "
    "show it",
)

MEMBERS_OWN: dict[str, str] = dict.fromkeys(
    [
        "members:my-home",
        "plans:my-plan",
        "plans:my-plan-pdf",
        "casework_appointments:my",
        "safeguarding:my-worried",
        "safeguarding:my-thanks",
        "surveys:my-list",
        "surveys:my-answer",
        "privacy:my",
        "privacy:my-ask",
        "privacy:my-download",
    ],
    "the member's own page: reading their own record is not 'someone looked'",
)
