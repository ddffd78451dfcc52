"""The one place that answers "may this person do this?".

Views, API views, templates (through ``request.actor``) and tasks all ask
``can(actor, permission, obj)``. Two questions, kept apart:

* **Reach** - which rows a person can see at all. Selectors filter by it,
  so a row out of reach is "not found" (404), exactly like another
  organisation's row: existence never leaks.
* **Permission** - what a person may do, given their roles, to a row in
  reach. Refusal inside reach is "forbidden" (403).

Rules are data (``RULES``); later features add permissions here, never in
views. The route matrix in ``tests/routes.py`` checks every route against it.
"""

from __future__ import annotations

from enum import StrEnum

from django.db.models import Q

from keyring_net.actors import Actor
from keyring_net.models import Role

STAFF_ROLES = frozenset(
    {
        Role.ORG_ADMIN,
        Role.SUPPORT_MANAGER,
        Role.CLV,
        Role.COMMUNITY_ENABLER,
        Role.CONNECTIONS_VOLUNTEER,
        Role.QUALITY_CHECKER,
    }
)
# Roles whose work is reading and writing members' care records.
CARE_ROLES = frozenset({Role.SUPPORT_MANAGER, Role.CLV, Role.COMMUNITY_ENABLER})
# Roles that can read another person's records must use two-step sign-in;
# so must commissioners, who see their council's contracts and reports.
# Platform staff (``is_staff``, the Django admin) need it too: see
# ``needs_two_step``.
TWO_STEP_ROLES = STAFF_ROLES | {Role.COMMISSIONER}


class Permission(StrEnum):
    # Organisation administration
    ADMINISTER_PEOPLE = "organisation.people"  # invite, give and end roles, deactivate
    MANAGE_ORGANISATION = "organisation.settings"  # its name, helpline, clock and thresholds
    VIEW_AUDIT_TRAIL = "organisation.audit"
    IMPORT_RECORDS = "records.import"  # bring records in from CSV and Excel files
    EXPORT_RECORDS = "records.export"  # CSV / PDF of records: its own permission
    # Members' records (staff)
    VIEW_MEMBERS = "members.view"
    ISSUE_LOGIN_CARD = "members.login_card"
    CHANGE_MEMBERS = "members.change"  # journey, support level, allocation
    RECORD_CONTACTS = "members.contacts"
    MANAGE_REFERRALS = "members.referrals"
    # Networks
    VIEW_NETWORKS = "networks.view"
    MANAGE_HOMES = "networks.homes"
    VIEW_ADDRESSES = "networks.addresses"  # home addresses and the map
    MANAGE_PLACES = "networks.places"  # community places and hub events
    MANAGE_CLUSTERS = "networks.clusters"  # add and rename clusters
    ADD_NETWORKS = "networks.add"
    # Change a network: name, cluster, status, capacity, CLV's home (in reach)
    MANAGE_NETWORKS = "networks.manage"
    # The support manager's cluster at a glance
    VIEW_DASHBOARD = "dashboard.view"
    REASSIGN_WORK = "dashboard.reassign"
    # Volunteers and enablers, rotas, lone working
    VIEW_VOLUNTEERS = "volunteers.view"  # recruitment, DBS, training
    MANAGE_VOLUNTEERS = "volunteers.manage"  # also the values, interview panels, decisions
    SIT_ON_PANELS = "volunteers.panels"  # score the interviews one sits on (reach: own seats)
    VIEW_ROTA = "rota.view"
    MANAGE_ROTA = "rota.manage"  # shifts, patterns, approving swaps
    WORK_SHIFTS = "rota.work"  # own shifts, availability, swap requests, today
    LONE_WORKING = "rota.lone_working"  # check in and out of visits alone
    ACKNOWLEDGE_ALERTS = "rota.alerts"
    # Stars and support plans
    VIEW_PLANS = "plans.view"
    WRITE_PLANS = "plans.write"  # readings, drafts, the worker's agreement
    MANAGE_STAR_TEMPLATES = "plans.templates"
    # Outcomes: surveys, quality checks, indicators, costs, contracts, reports
    MANAGE_SURVEYS = "outcomes.surveys"  # write, open and close surveys
    VIEW_SURVEY_RESULTS = "outcomes.survey_results"  # with free-text answers
    ANSWER_SURVEYS = "outcomes.answer"  # a member's own answers
    VIEW_QUALITY_CHECKS = "outcomes.quality_view"
    RECORD_QUALITY_CHECKS = "outcomes.quality_record"  # visits, findings, actions
    RECORD_OUTCOMES = "outcomes.indicators"  # a member's outcome indicators
    VIEW_OUTCOMES = "outcomes.dashboard"  # the organisation's figures, by network
    MANAGE_COST_MODEL = "outcomes.costs"
    MANAGE_CONTRACTS = "outcomes.contracts"
    VIEW_REPORTS = "outcomes.reports"  # aggregates only, small counts suppressed
    REQUEST_REPORTS = "outcomes.reports_request"
    # Documents kept with the records (a member's, a volunteer's, a plan's):
    # each kind adds its own permission and reach (documents/registry.py)
    VIEW_DOCUMENTS = "documents.view"
    MANAGE_DOCUMENTS = "documents.manage"  # upload and withdraw
    # A member's own pages
    VIEW_OWN_RECORD = "self.view"
    # Notifications
    RECEIVE_NOTIFICATIONS = "notifications.own"  # own inbox and choices
    VIEW_SENT_NOTIFICATIONS = "notifications.sent"  # what was sent, failed, is waiting
    # Casework: tasks and the caseload view
    WORK_ON_TASKS = "casework.tasks"  # own tasks, and the team's in reach
    # The API's interactive docs
    USE_API_DOCS = "api.docs"
    # Make, see and revoke one's own API tokens
    USE_API_TOKENS = "api.tokens"
    # Safeguarding (casework): raise a concern; name the organisation's
    # leads. Who sees a concern is reach (casework/selectors/safeguarding.py):
    # the person who raised it, the leads and the member's support manager.
    RAISE_SAFEGUARDING = "safeguarding.raise"
    MANAGE_SAFEGUARDING_LEADS = "safeguarding.leads"
    SAY_I_AM_WORRIED = "safeguarding.worried"  # a member's own "I am worried"
    # Casework: incidents and accidents (reach: casework/selectors/incidents.py)
    VIEW_INCIDENTS = "incidents.view"
    RECORD_INCIDENTS = "incidents.record"  # write one, keep it as a draft, record it
    REVIEW_INCIDENTS = "incidents.review"  # findings, actions, closing
    # Casework: appointments. Members' own appointments and workers' planned
    # visits (reach: the members a person reaches).
    RECORD_APPOINTMENTS = "casework.appointments"
    PLAN_VISITS = "casework.visits"
    # Search across the records a person already reaches (search/): each
    # kind of record still needs its own permission and reach.
    SEARCH_RECORDS = "search.records"
    # The member's right of access (privacy/): log, review, redact and
    # release a copy of everything held about a member. The organisation
    # admin is the organisation's data protection lead; support managers
    # handle their clusters' members (reach: privacy/selectors/access.py).
    HANDLE_SUBJECT_ACCESS = "privacy.subject_access"
    ASK_FOR_OWN_RECORDS = "privacy.ask_own"  # a member's "I want a copy of my records"
    # Retention (privacy): put a legal hold on a member's records, and lift
    # it. Reach: the admin (the data protection lead) every member; a
    # support manager the members they reach (privacy/selectors/retention.py).
    MANAGE_LEGAL_HOLDS = "privacy.legal_holds"


RULES: dict[Permission, frozenset[str]] = {
    Permission.ADMINISTER_PEOPLE: frozenset({Role.ORG_ADMIN}),
    Permission.MANAGE_ORGANISATION: frozenset({Role.ORG_ADMIN}),
    Permission.VIEW_AUDIT_TRAIL: frozenset({Role.ORG_ADMIN}),
    Permission.IMPORT_RECORDS: frozenset({Role.ORG_ADMIN}),
    Permission.EXPORT_RECORDS: frozenset({Role.SUPPORT_MANAGER}),
    Permission.MANAGE_LEGAL_HOLDS: frozenset({Role.ORG_ADMIN, Role.SUPPORT_MANAGER}),
    # Connections volunteers see who is in their network (for hub sessions),
    # but FIELD_RULES keep care details and addresses from them.
    Permission.VIEW_MEMBERS: CARE_ROLES | {Role.CONNECTIONS_VOLUNTEER},
    Permission.ISSUE_LOGIN_CARD: frozenset({Role.SUPPORT_MANAGER}),
    Permission.CHANGE_MEMBERS: frozenset({Role.SUPPORT_MANAGER}),
    Permission.RECORD_CONTACTS: CARE_ROLES,
    Permission.MANAGE_REFERRALS: frozenset({Role.SUPPORT_MANAGER}),
    Permission.VIEW_NETWORKS: STAFF_ROLES,
    Permission.MANAGE_HOMES: frozenset({Role.SUPPORT_MANAGER}),
    Permission.VIEW_ADDRESSES: CARE_ROLES,
    Permission.MANAGE_PLACES: CARE_ROLES | {Role.CONNECTIONS_VOLUNTEER},
    # Admins set the organisation up; a support manager changes the networks
    # of their own clusters (reach), but makes no cluster or network.
    Permission.MANAGE_CLUSTERS: frozenset({Role.ORG_ADMIN}),
    Permission.ADD_NETWORKS: frozenset({Role.ORG_ADMIN}),
    Permission.MANAGE_NETWORKS: frozenset({Role.ORG_ADMIN, Role.SUPPORT_MANAGER}),
    Permission.VIEW_DASHBOARD: frozenset({Role.SUPPORT_MANAGER}),
    Permission.VIEW_VOLUNTEERS: frozenset({Role.SUPPORT_MANAGER, Role.ORG_ADMIN}),
    Permission.MANAGE_VOLUNTEERS: frozenset({Role.SUPPORT_MANAGER, Role.ORG_ADMIN}),
    # Members sit on interview panels with an equal say, as staff do.
    Permission.SIT_ON_PANELS: STAFF_ROLES | {Role.MEMBER},
    Permission.VIEW_ROTA: CARE_ROLES | {Role.CONNECTIONS_VOLUNTEER},
    Permission.MANAGE_ROTA: frozenset({Role.SUPPORT_MANAGER}),
    Permission.WORK_SHIFTS: frozenset(
        {Role.CLV, Role.COMMUNITY_ENABLER, Role.CONNECTIONS_VOLUNTEER}
    ),
    Permission.LONE_WORKING: frozenset({Role.CLV, Role.COMMUNITY_ENABLER}),
    Permission.ACKNOWLEDGE_ALERTS: frozenset({Role.SUPPORT_MANAGER}),
    Permission.VIEW_PLANS: CARE_ROLES,
    Permission.WRITE_PLANS: CARE_ROLES,
    Permission.MANAGE_STAR_TEMPLATES: frozenset({Role.ORG_ADMIN, Role.SUPPORT_MANAGER}),
    Permission.REASSIGN_WORK: frozenset({Role.SUPPORT_MANAGER}),
    Permission.VIEW_OWN_RECORD: frozenset({Role.MEMBER}),
    # Staff who keep care records, and admins for volunteers' documents (DBS
    # certificates); what each kind of record allows is its app's rule.
    Permission.VIEW_DOCUMENTS: CARE_ROLES | {Role.ORG_ADMIN},
    Permission.MANAGE_DOCUMENTS: CARE_ROLES | {Role.ORG_ADMIN},
    Permission.MANAGE_SURVEYS: frozenset({Role.ORG_ADMIN, Role.SUPPORT_MANAGER}),
    Permission.VIEW_SURVEY_RESULTS: frozenset({Role.ORG_ADMIN, Role.SUPPORT_MANAGER}),
    Permission.ANSWER_SURVEYS: frozenset({Role.MEMBER}),
    Permission.VIEW_QUALITY_CHECKS: frozenset(
        {Role.ORG_ADMIN, Role.SUPPORT_MANAGER, Role.QUALITY_CHECKER}
    ),
    Permission.RECORD_QUALITY_CHECKS: frozenset(
        {Role.ORG_ADMIN, Role.SUPPORT_MANAGER, Role.QUALITY_CHECKER}
    ),
    Permission.RECORD_OUTCOMES: CARE_ROLES,
    Permission.VIEW_OUTCOMES: frozenset({Role.ORG_ADMIN, Role.SUPPORT_MANAGER}),
    Permission.MANAGE_COST_MODEL: frozenset({Role.ORG_ADMIN}),
    Permission.MANAGE_CONTRACTS: frozenset({Role.ORG_ADMIN}),
    Permission.VIEW_REPORTS: frozenset({Role.ORG_ADMIN, Role.SUPPORT_MANAGER, Role.COMMISSIONER}),
    Permission.REQUEST_REPORTS: frozenset(
        {Role.ORG_ADMIN, Role.SUPPORT_MANAGER, Role.COMMISSIONER}
    ),
    # Casework: tasks and the caseload view. Everyone who works with members
    # owns tasks; admins see the organisation's, managers their cluster's.
    Permission.WORK_ON_TASKS: frozenset(
        {Role.ORG_ADMIN, Role.SUPPORT_MANAGER, Role.CLV, Role.COMMUNITY_ENABLER}
        | {Role.CONNECTIONS_VOLUNTEER}
    ),
    # Search: everyone who works with members; what each finds is the reach
    # and permission of each kind of record (search/selectors.py).
    Permission.SEARCH_RECORDS: frozenset(
        {Role.ORG_ADMIN, Role.SUPPORT_MANAGER, Role.CLV, Role.COMMUNITY_ENABLER}
        | {Role.CONNECTIONS_VOLUNTEER}
    ),
    Permission.USE_API_DOCS: STAFF_ROLES | {Role.COMMISSIONER},
    # The same people who may read the API's docs may call it from another system.
    Permission.USE_API_TOKENS: STAFF_ROLES | {Role.COMMISSIONER},
    Permission.RECEIVE_NOTIFICATIONS: frozenset(Role.values),
    Permission.VIEW_SENT_NOTIFICATIONS: frozenset({Role.SUPPORT_MANAGER}),
    # Safeguarding (casework): anyone who works with members raises a
    # concern; admins name the leads; a member says "I am worried".
    Permission.RAISE_SAFEGUARDING: frozenset(
        {
            Role.ORG_ADMIN,
            Role.SUPPORT_MANAGER,
            Role.CLV,
            Role.COMMUNITY_ENABLER,
            Role.CONNECTIONS_VOLUNTEER,
        }
    ),
    Permission.MANAGE_SAFEGUARDING_LEADS: frozenset({Role.ORG_ADMIN}),
    Permission.SAY_I_AM_WORRIED: frozenset({Role.MEMBER}),
    # Casework: incidents and accidents. Anyone who works with members
    # records one; support managers review their clusters'; admins read
    # all of the organisation's; commissioners only ever see counts.
    Permission.VIEW_INCIDENTS: CARE_ROLES | {Role.CONNECTIONS_VOLUNTEER, Role.ORG_ADMIN},
    Permission.RECORD_INCIDENTS: CARE_ROLES | {Role.CONNECTIONS_VOLUNTEER},
    Permission.REVIEW_INCIDENTS: frozenset({Role.SUPPORT_MANAGER}),
    # Casework: appointments. The care roles plan visits and record members'
    # appointments; a member sees their own through VIEW_OWN_RECORD.
    Permission.RECORD_APPOINTMENTS: CARE_ROLES,
    Permission.PLAN_VISITS: CARE_ROLES,
    # Subject access: the data protection lead (the organisation admin) for
    # every member, support managers for their clusters'; members ask.
    Permission.HANDLE_SUBJECT_ACCESS: frozenset({Role.ORG_ADMIN, Role.SUPPORT_MANAGER}),
    Permission.ASK_FOR_OWN_RECORDS: frozenset({Role.MEMBER}),
}


# What whoever runs the service may do from the command line
# (``Actor.platform``): invite a new organisation's first admin. Nothing else:
# everything after that is the organisation's own people's work.
PLATFORM_RULES: frozenset[Permission] = frozenset({Permission.ADMINISTER_PEOPLE})


def can(actor: Actor, permission: Permission) -> bool:
    """True when ``actor`` holds ``permission`` in their current organisation.

    Fails closed: no organisation, no permission; a permission with no rule
    is refused. Whether a particular row is in reach is the selectors' job
    (``member_reach``); call both. The platform (a command run by whoever
    runs the service) holds only ``PLATFORM_RULES``.
    """
    if actor.organisation is None:
        return False
    if actor.platform:
        return permission in PLATFORM_RULES
    if actor.user is None:
        return False
    roles = RULES.get(permission)
    return bool(roles and actor.roles.intersection(roles))


# Fields of a record that only some of the people who reach it may see.
# "app_label.Model.field" -> roles that see it. Serializers and templates
# ask ``may_see_field``; a field not listed here is seen by all who reach
# the record.
FIELD_RULES: dict[str, frozenset[str]] = {
    "members.Member.support_needs": CARE_ROLES | {Role.MEMBER},
    "members.Member.home": CARE_ROLES | {Role.MEMBER},
    # Personal data: the member's own network staff and support managers
    # (reach keeps them to their members), not connections volunteers.
    "members.Member.date_of_birth": CARE_ROLES | {Role.MEMBER},
    "members.Member.consents": CARE_ROLES,
    "members.Member.chosen_people": CARE_ROLES,
    "members.Member.contacts": CARE_ROLES,
    # An import's report shows a row's address only to those who may see
    # addresses: not to an organisation admin as such.
    "spreadsheets.ImportReportRow.address": RULES[Permission.VIEW_ADDRESSES],
}


def may_see_field(actor: Actor, field: str) -> bool:
    roles = FIELD_RULES.get(field)
    return roles is None or bool(actor.roles.intersection(roles))


def needs_two_step(actor: Actor) -> bool:
    """True for platform staff (who can open any organisation's records in
    the Django admin) and for anyone holding a role in ``TWO_STEP_ROLES``."""
    if actor.user is not None and actor.user.is_staff:
        return True
    return bool(actor.roles.intersection(TWO_STEP_ROLES))


def member_reach(actor: Actor) -> Q:
    """The members a person can see, as a filter on ``Member``.

    Support managers: members of networks in their clusters. CLVs, community
    enablers and connections volunteers: members of their networks. A
    member: themselves. Everyone else (admins, quality checkers,
    commissioners): nobody, so member pages are not found for them.
    """
    reach = Q(pk__in=[])
    clusters = [a.cluster_id for a in actor.assignments if a.role == Role.SUPPORT_MANAGER]
    networks = [
        a.network_id
        for a in actor.assignments
        if a.role in (Role.CLV, Role.COMMUNITY_ENABLER, Role.CONNECTIONS_VOLUNTEER)
    ]
    if clusters:
        reach |= Q(network__cluster_id__in=clusters)
    if networks:
        reach |= Q(network_id__in=networks)
    if actor.has_role(Role.MEMBER) and actor.user is not None:
        reach |= Q(user=actor.user)
    return reach


def network_reach(actor: Actor) -> Q:
    """The networks a person works in, as a filter on ``Network``.

    Org admins and quality checkers: all of the organisation's networks.
    Support managers: their clusters'. Volunteers and enablers: their own.
    """
    if actor.has_role(Role.ORG_ADMIN, Role.QUALITY_CHECKER):
        return Q()
    reach = Q(pk__in=[])
    clusters = [a.cluster_id for a in actor.assignments if a.role == Role.SUPPORT_MANAGER]
    networks = [a.network_id for a in actor.assignments if a.network_id is not None]
    if clusters:
        reach |= Q(cluster_id__in=clusters)
    if networks:
        reach |= Q(pk__in=networks)
    return reach


def contract_reach(actor: Actor) -> Q:
    """The contracts a person can see, as a filter on ``outcomes.Contract``.

    Organisation admins and support managers: all of the organisation's
    contracts (reports are aggregates). Commissioners: their own council's
    contracts only. Everyone else: none, so contract and report pages are
    not found for them.
    """
    if actor.has_role(Role.ORG_ADMIN, Role.SUPPORT_MANAGER):
        return Q()
    councils = [
        a.local_authority_id
        for a in actor.assignments
        if a.role == Role.COMMISSIONER and a.local_authority_id is not None
    ]
    if councils:
        return Q(local_authority_id__in=councils)
    return Q(pk__in=[])
