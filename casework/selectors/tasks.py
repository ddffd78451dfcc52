"""Reads of tasks, scoped to what the viewer may see.

Reach (``task_reach``): organisation admins reach every task of the
organisation; support managers the tasks about members and networks of
their clusters and the tasks of the people who work there; CLVs and
community enablers the tasks about their networks' members and networks;
everyone the tasks they own or made. A task out of reach is "not found",
exactly like another organisation's.

The caseload (``tasks_due_for``, ``caseload_for`` with its filters) is the
open tasks in reach, overdue first (oldest first), then by due day: one
query, whatever the number.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from casework.models import PlannedVisit, Task
from casework.selectors.appointments import visits_due_for
from casework.selectors.incidents import incidents_in_reach
from casework.selectors.safeguarding import concerns_for_viewer, may_handle
from keyring_net.access import not_found, require
from keyring_net.actors import Actor
from keyring_net.clock import local_zone
from keyring_net.models import Role, RoleAssignment, User
from keyring_net.policy import RULES, Permission, can, member_reach, network_reach
from members.models import Member
from members.selectors import contacts_for_viewer
from networks.models import Network
from support_plans.selectors.reach import reviews_in_reach

# Roles whose people may own a task.
OWNER_ROLES = RULES[Permission.WORK_ON_TASKS]
NEAR_DAYS = 7  # "due in the next 7 days"


def _clusters(actor: Actor) -> list[int]:
    return [a.cluster_id for a in actor.assignments if a.role == Role.SUPPORT_MANAGER]


def _care_networks(actor: Actor) -> list[int]:
    return [
        a.network_id
        for a in actor.assignments
        if a.role in (Role.CLV, Role.COMMUNITY_ENABLER) and a.network_id is not None
    ]


def _people_in_clusters(organisation, clusters: list[int]) -> QuerySet:
    """Ids of the people with a role now in these clusters (or in one of
    their networks)."""
    return RoleAssignment.objects.filter(
        Q(cluster_id__in=clusters) | Q(network__cluster_id__in=clusters),
        organisation=organisation,
        ended_at__isnull=True,
    ).values("user_id")


def task_reach(actor: Actor) -> Q:
    """The tasks a person reaches, as a filter on ``Task``."""
    if actor.user is None:
        return Q(pk__in=[])
    if actor.has_role(Role.ORG_ADMIN):
        return Q()
    reach = Q(owner=actor.user) | Q(created_by=actor.user)
    clusters = _clusters(actor)
    if clusters:
        reach |= (
            Q(member__network__cluster_id__in=clusters)
            | Q(network__cluster_id__in=clusters)
            | Q(owner_id__in=_people_in_clusters(actor.organisation, clusters))
        )
    networks = _care_networks(actor)
    if networks:
        reach |= Q(member__network_id__in=networks) | Q(network_id__in=networks)
    return reach


def _reached(actor: Actor) -> QuerySet[Task]:
    return Task.objects.filter(organisation=actor.organisation).filter(task_reach(actor))


# Of a task's owner, member and network, the API shows only their names:
# the rest of those rows (a person's password hash, a member's needs) is
# never read from its list, so it is not fetched.
SHOWN_NAMES = ("owner__full_name", "member__full_name", "network__name")


def tasks_for_viewer(actor: Actor) -> QuerySet[Task]:
    """Every task in reach (any state), with its owner's, member's and
    network's names: the API's list. One query."""
    columns = [f.name for f in Task._meta.concrete_fields]
    return (
        _reached(actor)
        .select_related("owner", "member", "network")
        .only(*columns, *SHOWN_NAMES)
        .order_by("due_on", "pk")
    )


def task_get_for_viewer(*, actor: Actor, task_id: int) -> Task:
    """One task, with its people, member and network: 404 when missing,
    another organisation's or out of reach; then 403 for a role that does
    not work on tasks."""
    people = ("owner", "member", "network", "created_by", "closed_by")
    task = _reached(actor).select_related(*people).filter(pk=task_id).first()
    if task is None:
        raise not_found()
    require(actor, Permission.WORK_ON_TASKS)
    return task


def sees_team(actor: Actor) -> bool:
    """Managers and admins see their cluster's or organisation's tasks on
    the caseload; everyone else their own."""
    return actor.has_role(Role.ORG_ADMIN, Role.SUPPORT_MANAGER)


# What a caseload row shows: the task, its owner's and member's names, the
# network's name. Left out: details, history links and the people's other
# columns, which the caseload never reads.
CASELOAD_COLUMNS = (
    "title",
    "due_on",
    "state",
    "owner__full_name",
    "member__full_name",
    "network__name",
)


def _open_tasks(actor: Actor) -> list[Task]:
    """The open tasks on a person's caseload, in due order. One query."""
    require(actor, Permission.WORK_ON_TASKS)
    if sees_team(actor):
        rows = _reached(actor)
    else:
        # Their own tasks: always in reach, so the reach's joins are not needed.
        rows = Task.objects.filter(organisation=actor.organisation, owner=actor.user)
    rows = rows.filter(state=Task.State.OPEN).select_related("owner", "member", "network")
    return list(rows.only(*CASELOAD_COLUMNS).order_by("due_on", "pk"))


def _narrowed(tasks: list[Task], owner_id: int | None, member_id: int | None) -> list[Task]:
    return [
        task
        for task in tasks
        if (owner_id is None or task.owner_id == owner_id)
        and (member_id is None or task.member_id == member_id)
    ]


def tasks_due_for(
    actor: Actor, *, owner_id: int | None = None, member_id: int | None = None
) -> list[Task]:
    """The caseload: open tasks, overdue first (oldest due first), then by
    due day. A worker's own; a manager's cluster's, an admin's
    organisation's (``owner_id``, ``member_id`` narrow it). One query."""
    return _narrowed(_open_tasks(actor), owner_id, member_id)


@dataclass(frozen=True)
class Choice:
    """A person or a member to filter the caseload by."""

    pk: int
    name: str


GROUPS = ("overdue", "today", "week", "later")


@dataclass(frozen=True)
class CaseloadGroup:
    key: str
    heading: str
    tasks: list[Task]
    visits: list[PlannedVisit]

    @property
    def count(self) -> int:
        return len(self.tasks) + len(self.visits)


@dataclass
class Caseload:
    """Open tasks, and planned visits still to happen, in groups a worker
    reads at a glance (overdue, today, the next 7 days, later), and (for a
    team's caseload) the people and members its filters offer."""

    overdue: list[Task] = field(default_factory=list)
    today: list[Task] = field(default_factory=list)
    this_week: list[Task] = field(default_factory=list)
    later: list[Task] = field(default_factory=list)
    visits: dict[str, list[PlannedVisit]] = field(
        default_factory=lambda: {key: [] for key in GROUPS}
    )
    people: list[Choice] = field(default_factory=list)
    members: list[Choice] = field(default_factory=list)

    @property
    def groups(self) -> list[CaseloadGroup]:
        return [
            CaseloadGroup("overdue", "Overdue", self.overdue, self.visits["overdue"]),
            CaseloadGroup("today", "Due today", self.today, self.visits["today"]),
            CaseloadGroup(
                "week", f"Due in the next {NEAR_DAYS} days", self.this_week, self.visits["week"]
            ),
            CaseloadGroup("later", "Later", self.later, self.visits["later"]),
        ]

    @property
    def count(self) -> int:
        tasks = len(self.overdue) + len(self.today) + len(self.this_week) + len(self.later)
        return tasks + sum(len(rows) for rows in self.visits.values())


def _group_of(day: datetime.date, today: datetime.date) -> str:
    if day < today:
        return "overdue"
    if day == today:
        return "today"
    if day <= today + datetime.timedelta(days=NEAR_DAYS):
        return "week"
    return "later"


def caseload_groups(
    tasks: list[Task],
    today: datetime.date | None = None,
    visits: list[PlannedVisit] = (),
    zone: datetime.tzinfo | None = None,
) -> Caseload:
    """``tasks`` (in due order) and ``visits`` (in time order, each by its
    day in ``zone``) in groups: overdue, today, the next 7 days, later."""
    today = today or timezone.localdate()
    caseload = Caseload()
    lists = {
        "overdue": caseload.overdue,
        "today": caseload.today,
        "week": caseload.this_week,
        "later": caseload.later,
    }
    for task in tasks:
        lists[_group_of(task.due_on, today)].append(task)
    for visit in visits:
        day = timezone.localtime(visit.starts_at, zone).date()
        caseload.visits[_group_of(day, today)].append(visit)
    return caseload


def visits_on_caseload(
    actor: Actor,
    today: datetime.date,
    *,
    owner_id: int | None = None,
    member_id: int | None = None,
) -> list[PlannedVisit]:
    """The planned visits on the caseload: still planned (not yet marked
    attended, missed or cancelled), overdue ones included, up to the end
    of the next 7 days (later ones are on "My visits"). A worker's own; a
    support manager's cluster's (``owner_id``, ``member_id`` narrow it).
    One query; none for a role that does not plan visits."""
    if not can(actor, Permission.PLAN_VISITS):
        return []
    zone = local_zone(actor.organisation)
    end = datetime.datetime.combine(
        today + datetime.timedelta(days=NEAR_DAYS + 1), datetime.time(0), tzinfo=zone
    )
    rows = visits_due_for(actor, end)
    if owner_id is not None:
        rows = rows.filter(worker_id=owner_id)
    if member_id is not None:
        rows = rows.filter(member_id=member_id)
    return list(rows)


def _choices(pairs) -> list[Choice]:
    return sorted({Choice(pk, name) for pk, name in pairs}, key=lambda c: (c.name, c.pk))


def caseload_for(
    actor: Actor,
    *,
    owner_id: int | None = None,
    member_id: int | None = None,
    today: datetime.date | None = None,
) -> Caseload:
    """The caseload page's groups (``tasks_due_for``) and, for a manager's
    or an admin's, its filters: the people and the members with open tasks
    in reach. One query, whatever the number of tasks, people or members.

    The open tasks in reach are read once; the filters are the people and
    members among them and among the visits (filtering by anyone else would show nothing), and
    ``owner_id`` and ``member_id`` narrow those rows here, so a filtered
    page is never slower than the whole team's and its filters still offer
    everyone else. The planned visits (``visits_on_caseload``, one query
    more) join the same groups."""
    today = today or timezone.localdate()
    rows = _open_tasks(actor)
    visits = visits_on_caseload(actor, today, owner_id=owner_id, member_id=member_id)
    caseload = caseload_groups(
        _narrowed(rows, owner_id, member_id), today, visits, local_zone(actor.organisation)
    )
    if sees_team(actor):
        caseload.people = _choices(
            [(t.owner_id, t.owner.full_name) for t in rows]
            + [(v.worker_id, v.worker.full_name) for v in visits]
        )
        caseload.members = _choices(
            [(t.member_id, t.member.full_name) for t in rows if t.member]
            + [(v.member_id, v.member.full_name) for v in visits]
        )
    return caseload


def tasks_about_member(*, actor: Actor, member: Member) -> list[Task]:
    """Tasks about one member (reached already): open ones first by due
    day, then the latest done or cancelled. One query."""
    require(actor, Permission.WORK_ON_TASKS)
    rows = _reached(actor).filter(member=member).select_related("owner", "closed_by")
    return sorted(rows, key=lambda t: (t.state != Task.State.OPEN, t.due_on, t.pk))


def task_owners(actor: Actor) -> QuerySet[User]:
    """Who may own a task: the people with a role that works on tasks in the
    organisation now."""
    ids = RoleAssignment.objects.filter(
        organisation=actor.organisation, role__in=list(OWNER_ROLES), ended_at__isnull=True
    ).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("full_name", "pk")


def task_members(actor: Actor) -> QuerySet[Member]:
    """Members a task may be about: the current members in the viewer's
    reach."""
    return (
        Member.objects.filter(organisation=actor.organisation)
        .filter(member_reach(actor))
        .exclude(status=Member.Status.LEFT)
        .only("pk", "full_name", "organisation_id")
        .order_by("full_name", "pk")
    )


def task_networks(actor: Actor) -> QuerySet[Network]:
    return (
        Network.objects.filter(organisation=actor.organisation)
        .filter(network_reach(actor))
        .order_by("name", "pk")
    )


def may_plan_visits(actor: Actor) -> bool:
    return can(actor, Permission.PLAN_VISITS)


def may_work_on_tasks(actor: Actor) -> bool:
    return can(actor, Permission.WORK_ON_TASKS)


@dataclass(frozen=True)
class Source:
    """A record a task comes from, checked against the viewer's reach.
    ``member_id``: the member it is about, when there is one."""

    kind: str
    id: int
    member_id: int | None
    link: str


SOURCE_REFUSED = (
    "The record this task was to follow up is not one you can see, so the task is not linked to it."
)
NOT_HANDLER = (
    "Only the safeguarding leads and the member's support managers make follow-up tasks "
    "from a concern, so the task is not linked to it."
)


def follow_up_url(kind: str, record_id: int, member_id: int | None = None) -> str:
    """The "Add a follow-up task" link of a record's page."""
    query = {"member": member_id} if member_id else {}
    query["source"] = f"{kind}:{record_id}"
    return f"{reverse('tasks:add')}?{urlencode(query)}"


def source_for_viewer(actor: Actor, given: str) -> Source | None:
    """The record named by ``given`` ("contact:12", "plan_review:3",
    "safeguarding:4", "incident:5"), as the follow-up links send it, if the
    viewer reaches it. ``None`` for nothing given; ``LookupError`` (with
    words to show) for anything else: an unknown kind, someone else's
    record, another organisation's, a concern outside the viewer's
    audience, or one they are in the audience of but do not handle."""
    # Every record is read through its own area's selectors, so their reach
    # rules apply here too (a concern's audience, incident reach).
    if not given:
        return None
    kind, _, number = given.partition(":")
    if not number.isdigit():
        raise LookupError(SOURCE_REFUSED)
    if kind == Task.Source.CONTACT and can(actor, Permission.RECORD_CONTACTS):
        row = contacts_for_viewer(actor).filter(pk=int(number)).values("pk", "member_id").first()
        if row:
            link = reverse("members:detail", args=[row["member_id"]])
            return Source(kind, row["pk"], row["member_id"], link)
    elif kind == Task.Source.PLAN_REVIEW and can(actor, Permission.VIEW_PLANS):
        row = reviews_in_reach(actor).filter(pk=int(number)).values("pk", "plan__member_id").first()
        if row:
            link = reverse("plans:plan", args=[row["plan__member_id"]])
            return Source(kind, row["pk"], row["plan__member_id"], link)
    elif kind == Task.Source.SAFEGUARDING:
        concern = (
            concerns_for_viewer(actor)
            .select_related("member__network", "raised_by_member__network")
            .filter(pk=int(number))
            .first()
        )
        if concern is not None:
            if not may_handle(actor, concern):
                raise LookupError(NOT_HANDLER)
            link = reverse("safeguarding:detail", args=[concern.pk])
            return Source(kind, concern.pk, concern.member_id or concern.raised_by_member_id, link)
    elif kind == Task.Source.INCIDENT and can(actor, Permission.VIEW_INCIDENTS):
        incident = incidents_in_reach(actor).filter(pk=int(number)).first()
        if incident is not None:
            link = reverse("incidents:detail", args=[incident.pk])
            return Source(kind, incident.pk, None, link)
    raise LookupError(SOURCE_REFUSED)


# Sources whose records are kept from some of the people who see the task:
# a concern (its audience) and an incident (incident reach).
GUARDED_SOURCES = {
    Task.Source.SAFEGUARDING: concerns_for_viewer,
    Task.Source.INCIDENT: incidents_in_reach,
}


class SourceSight:
    """Whether a viewer may be shown where a task came from. A task made
    from a concern is seen by its owner and their managers, who may be
    outside the concern's audience: to them the concern does not exist, so
    the task shows no kind, id or link for it. One query per guarded kind
    met, whatever the number of tasks."""

    def __init__(self, actor: Actor | None):
        self.actor = actor
        self._reached: dict[str, set[int]] = {}

    def sees(self, task: Task) -> bool:
        reads = GUARDED_SOURCES.get(task.source_kind)
        if reads is None:
            return True
        if self.actor is None:
            return False
        if task.source_kind not in self._reached:
            self._reached[task.source_kind] = set(
                reads(self.actor).order_by().values_list("pk", flat=True)
            )
        return task.source_id in self._reached[task.source_kind]


def follow_ups_of(actor: Actor, kind: str, record_id: int) -> list[Task]:
    """The open tasks made from one record (a concern, an incident) that
    the viewer reaches, by due day. One query; none for a role that does
    not work on tasks."""
    if not can(actor, Permission.WORK_ON_TASKS):
        return []
    return list(
        _reached(actor)
        .filter(state=Task.State.OPEN, source_kind=kind, source_id=record_id)
        .select_related("owner")
        .order_by("due_on", "pk")
    )
