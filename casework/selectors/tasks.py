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

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from casework.models import Task
from keyring_net.access import not_found, require
from keyring_net.actors import Actor
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


@dataclass
class Caseload:
    """Open tasks in groups a worker reads at a glance, and (for a team's
    caseload) the people and members its filters offer."""

    overdue: list[Task] = field(default_factory=list)
    today: list[Task] = field(default_factory=list)
    this_week: list[Task] = field(default_factory=list)
    later: list[Task] = field(default_factory=list)
    people: list[Choice] = field(default_factory=list)
    members: list[Choice] = field(default_factory=list)

    @property
    def groups(self) -> list[tuple[str, str, list[Task]]]:
        return [
            ("overdue", "Overdue", self.overdue),
            ("today", "Due today", self.today),
            ("week", f"Due in the next {NEAR_DAYS} days", self.this_week),
            ("later", "Later", self.later),
        ]

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.today) + len(self.this_week) + len(self.later)


def caseload_groups(tasks: list[Task], today: datetime.date | None = None) -> Caseload:
    """``tasks`` (in due order) in groups: overdue, today, the next 7 days,
    later."""
    today = today or timezone.localdate()
    week_end = today + datetime.timedelta(days=NEAR_DAYS)
    caseload = Caseload()
    for task in tasks:
        if task.due_on < today:
            caseload.overdue.append(task)
        elif task.due_on == today:
            caseload.today.append(task)
        elif task.due_on <= week_end:
            caseload.this_week.append(task)
        else:
            caseload.later.append(task)
    return caseload


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
    members among them (filtering by anyone else would show nothing), and
    ``owner_id`` and ``member_id`` narrow those rows here, so a filtered
    page is never slower than the whole team's and its filters still offer
    everyone else."""
    rows = _open_tasks(actor)
    caseload = caseload_groups(_narrowed(rows, owner_id, member_id), today)
    if sees_team(actor):
        caseload.people = _choices((t.owner_id, t.owner.full_name) for t in rows)
        caseload.members = _choices((t.member_id, t.member.full_name) for t in rows if t.member)
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


def may_work_on_tasks(actor: Actor) -> bool:
    return can(actor, Permission.WORK_ON_TASKS)


@dataclass(frozen=True)
class Source:
    """A record a task comes from, checked against the viewer's reach."""

    kind: str
    id: int
    member_id: int
    link: str


SOURCE_REFUSED = (
    "The record this task was to follow up is not one you can see, so the task is not linked to it."
)


def source_for_viewer(actor: Actor, given: str) -> Source | None:
    """The record named by ``given`` ("contact:12", "plan_review:3"), as
    the follow-up links send it, if the viewer reaches it. ``None`` for
    nothing given; ``LookupError`` (with words to show) for anything else:
    an unknown kind, someone else's record, another organisation's."""
    # Members' and plans' records are read through their own selectors, so
    # their reach rules apply here too.
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
    raise LookupError(SOURCE_REFUSED)
