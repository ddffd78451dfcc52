"""Reads for "today" (the phone view of CLVs, enablers and connections
volunteers) and for lone working, always within the viewer's organisation
and reach."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from keyring_net.actors import Actor
from keyring_net.clock import local_day_bounds, local_zone
from keyring_net.models import Organisation, Role, RoleAssignment
from keyring_net.policy import Permission, can, network_reach
from members.models import Allocation, Contact, Member
from members.selectors import CURRENT, members_for_viewer
from networks.models import Network
from volunteers.models import LoneWorkingAlert, LoneWorkingSession, PlannedVisit, Shift
from volunteers.selectors.found import found_in_reach

WORKER_ROLES = (Role.CLV, Role.COMMUNITY_ENABLER, Role.CONNECTIONS_VOLUNTEER)


# --- Today -----------------------------------------------------------------------


@dataclass
class DueMember:
    """A member I am due to see: planned on one of my shifts today, or
    allocated to me, with when I last saw them (None: never)."""

    member: Member
    last_seen_at: datetime.datetime | None
    days_since: int | None = None  # local days since last_seen_at: 0 today
    planned: list[PlannedVisit] = field(default_factory=list)
    allocated: bool = False


@dataclass
class TodayPage:
    now: datetime.datetime
    zone_name: str
    start: datetime.datetime
    shifts: list[Shift]
    due: list[DueMember]
    managers: list[RoleAssignment]
    out_of_hours_phone: str
    open_session: LoneWorkingSession | None
    may_log_contacts: bool
    may_lone_work: bool


def today_page(*, actor: Actor, now: datetime.datetime | None = None) -> TodayPage:
    """Everything the today page shows, in a fixed number of queries
    whatever the number of shifts, visits or allocated members.

    * my shifts that touch today (local day), not cancelled;
    * the members due: planned visits on those shifts and members allocated
      to me, each once, with my last contact with them, never-seen and
      longest-ago first;
    * who to call for help: the support managers of my networks' clusters
      and the organisation's out-of-hours helpline;
    * my open lone-working check-in, if any.
    """
    now = now or timezone.now()
    org = actor.organisation
    user = actor.user
    start, end = local_day_bounds(org, now)
    shifts = list(
        Shift.objects.filter(organisation=org, worker=user, starts_at__lt=end, ends_at__gt=start)
        .exclude(status=Shift.Status.CANCELLED)
        .select_related("network")
        .order_by("starts_at", "pk")
    )
    reached = members_for_viewer(actor)
    # Filtered like the shifts above rather than by their ids, so the query
    # runs (and counts the same) on a day with no shifts.
    todays_visits = PlannedVisit.objects.filter(
        organisation=org,
        shift__worker=user,
        shift__starts_at__lt=end,
        shift__ends_at__gt=start,
    ).exclude(shift__status=Shift.Status.CANCELLED)
    visits = list(
        todays_visits.filter(member__in=reached.values("pk"))
        .select_related("shift")
        .order_by("shift__starts_at", "pk")
    )
    allocated = Allocation.objects.filter(
        organisation=org, worker=user, ended_on__isnull=True
    ).values("member_id")
    last_seen = (
        Contact.objects.filter(organisation=org, worker=user, member=OuterRef("pk"))
        .order_by("-happened_at")
        .values("happened_at")[:1]
    )
    members = list(
        reached.filter(Q(pk__in=allocated) | Q(pk__in=todays_visits.values("member_id")))
        .filter(status__in=CURRENT)
        .annotate(
            last_seen_at=Subquery(last_seen),
            allocated=Exists(allocated.filter(member_id=OuterRef("pk"))),
        )
        .order_by("pk")
    )
    zone = local_zone(org)
    day = start.date()
    due = [
        DueMember(
            m,
            m.last_seen_at,
            days_since=(day - m.last_seen_at.astimezone(zone).date()).days
            if m.last_seen_at
            else None,
            allocated=m.allocated,
        )
        for m in members
    ]
    by_member = {d.member.pk: d for d in due}
    for visit in visits:
        if visit.member_id in by_member:
            by_member[visit.member_id].planned.append(visit)
    oldest = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    due.sort(key=lambda d: (d.last_seen_at or oldest, d.member.full_name, d.member.pk))
    may_lone_work = can(actor, Permission.LONE_WORKING)
    return TodayPage(
        now=now,
        zone_name=zone.key,
        start=start,
        shifts=shifts,
        due=due,
        managers=managers_of_workers_networks(actor),
        out_of_hours_phone=org.out_of_hours_phone,
        open_session=open_session_of(actor) if may_lone_work else None,
        may_log_contacts=can(actor, Permission.RECORD_CONTACTS),
        may_lone_work=may_lone_work,
    )


def managers_of_workers_networks(actor: Actor) -> list[RoleAssignment]:
    """The support managers of the clusters my networks are in (one query),
    each person once."""
    network_ids = [a.network_id for a in actor.assignments if a.network_id is not None]
    if not network_ids:
        return []
    rows = (
        RoleAssignment.objects.filter(
            organisation=actor.organisation,
            role=Role.SUPPORT_MANAGER,
            ended_at__isnull=True,
            cluster__in=Network.objects.filter(
                organisation=actor.organisation, pk__in=network_ids
            ).values("cluster_id"),
        )
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
    seen: set[int] = set()
    managers = []
    for row in rows:
        if row.user_id not in seen and row.user.is_active:
            seen.add(row.user_id)
            managers.append(row)
    return managers


def members_to_visit(actor: Actor) -> QuerySet[Member]:
    """Members someone may check in to visit: current members they reach."""
    return members_for_viewer(actor).filter(status__in=CURRENT)


# --- Lone working ----------------------------------------------------------------


def open_session_of(actor: Actor) -> LoneWorkingSession | None:
    return (
        LoneWorkingSession.objects.filter(
            organisation=actor.organisation, worker=actor.user, checked_out_at__isnull=True
        )
        .select_related("member")
        .order_by("-started_at", "-pk")
        .first()
    )


def lone_working_for_viewer(actor: Actor) -> QuerySet[LoneWorkingSession]:
    """Lone-working check-ins the viewer reaches: their own; and for those who
    acknowledge alerts (support managers), those of people working in, or
    visiting members of, the networks they manage."""
    org = actor.organisation
    reach = Q(worker=actor.user)
    if can(actor, Permission.ACKNOWLEDGE_ALERTS):
        networks = Network.objects.filter(organisation=org).filter(network_reach(actor))
        workers = RoleAssignment.objects.filter(
            organisation=org,
            role__in=WORKER_ROLES,
            ended_at__isnull=True,
            network__in=networks.values("pk"),
        ).values("user_id")
        reach |= Q(worker__in=workers) | Q(member__network__in=networks.values("pk"))
    return (
        LoneWorkingSession.objects.filter(organisation=org)
        .filter(reach)
        .select_related("worker", "member")
        .order_by("-started_at", "-pk")
    )


def lone_working_get_for_viewer(
    *, actor: Actor, session_id: int, permission: Permission = Permission.LONE_WORKING
) -> LoneWorkingSession:
    """One check-in: 404 when missing, in another organisation or out of
    reach; 403 when in reach but the role does not hold ``permission``."""
    return found_in_reach(lone_working_for_viewer(actor), session_id, actor, permission)


def alerts_for_viewer(actor: Actor) -> QuerySet[LoneWorkingAlert]:
    """Alerts about check-ins the viewer reaches, newest first."""
    return (
        LoneWorkingAlert.objects.filter(organisation=actor.organisation)
        .filter(session__in=lone_working_for_viewer(actor).values("pk"))
        .select_related("session__worker", "session__member", "acknowledged_by")
        .order_by("-raised_at", "-pk")
    )


def open_alerts_for_viewer(actor: Actor) -> list[LoneWorkingAlert]:
    """Alerts nobody has acknowledged yet, newest first, each with its
    check-in's other alerts (``session.all_alerts``). Two queries."""
    alerts = LoneWorkingAlert.objects.filter(organisation=actor.organisation).order_by("pk")
    return list(
        alerts_for_viewer(actor)
        .filter(acknowledged_at__isnull=True)
        .prefetch_related(Prefetch("session__alerts", queryset=alerts, to_attr="all_alerts"))
    )


def unresolved_alerts_for_viewer(actor: Actor) -> list[LoneWorkingAlert]:
    """Acknowledged alerts not yet resolved (false alarm or real), one per
    visit (its first alert), oldest first. One query."""
    return list(
        alerts_for_viewer(actor)
        .filter(
            acknowledged_at__isnull=False,
            resolved_at__isnull=True,
            level=LoneWorkingAlert.Level.MANAGER,
        )
        .order_by("raised_at", "pk")
    )


def alert_get_for_viewer(*, actor: Actor, alert_id: int) -> LoneWorkingAlert:
    """404 when missing, in another organisation or out of reach; 403 when
    in reach but the person may not acknowledge alerts."""
    return found_in_reach(alerts_for_viewer(actor), alert_id, actor, Permission.ACKNOWLEDGE_ALERTS)


# --- The overdue sweep (inside one organisation's scope) --------------------------


def sessions_due_for_manager_alert(
    organisation: Organisation, *, overdue_before: datetime.datetime
) -> list[LoneWorkingSession]:
    """Open check-ins whose expected end is before ``overdue_before`` and
    that have no support-manager alert yet. One query."""
    raised = LoneWorkingAlert.objects.filter(
        organisation=organisation, session=OuterRef("pk"), level=LoneWorkingAlert.Level.MANAGER
    )
    return list(
        LoneWorkingSession.objects.filter(
            organisation=organisation,
            checked_out_at__isnull=True,
            expected_end_at__lt=overdue_before,
        )
        .exclude(Exists(raised))
        .select_related("worker", "member")
        .order_by("expected_end_at", "pk")
    )


def sessions_due_for_out_of_hours_alert(
    organisation: Organisation, *, manager_told_before: datetime.datetime
) -> list[LoneWorkingSession]:
    """Open check-ins whose support-manager alert was raised before
    ``manager_told_before`` and is still not acknowledged, with no
    out-of-hours alert yet. One query."""
    levels = LoneWorkingAlert.Level
    waiting = LoneWorkingAlert.objects.filter(
        organisation=organisation,
        session=OuterRef("pk"),
        level=levels.MANAGER,
        raised_at__lt=manager_told_before,
        acknowledged_at__isnull=True,
    )
    acknowledged = LoneWorkingAlert.objects.filter(
        organisation=organisation, session=OuterRef("pk"), acknowledged_at__isnull=False
    )
    raised = LoneWorkingAlert.objects.filter(
        organisation=organisation, session=OuterRef("pk"), level=levels.OUT_OF_HOURS
    )
    return list(
        LoneWorkingSession.objects.filter(organisation=organisation, checked_out_at__isnull=True)
        .filter(Exists(waiting))
        .exclude(Exists(acknowledged))
        .exclude(Exists(raised))
        .select_related("worker", "member")
        .order_by("expected_end_at", "pk")
    )


def manager_emails_for_sessions(
    organisation: Organisation, sessions: list[LoneWorkingSession]
) -> dict[int, list[str]]:
    """For each check-in, the e-mail addresses of the support managers of
    the networks involved: the member's network and the networks the worker
    works in. Two queries, whatever the number of check-ins."""
    if not sessions:
        return {}
    worker_ids = {s.worker_id for s in sessions}
    member_ids = {s.member_id for s in sessions if s.member_id}
    networks_of_worker: dict[int, set[int]] = {}
    for user_id, network_id in RoleAssignment.objects.filter(
        organisation=organisation,
        user_id__in=worker_ids,
        role__in=WORKER_ROLES,
        ended_at__isnull=True,
    ).values_list("user_id", "network_id"):
        networks_of_worker.setdefault(user_id, set()).add(network_id)
    network_of_member = dict(
        Member.objects.filter(organisation=organisation, pk__in=member_ids).values_list(
            "pk", "network_id"
        )
    )
    all_networks = set().union(*networks_of_worker.values(), network_of_member.values()) - {None}
    managers_by_network: dict[int, list[str]] = {}
    for network_id, email in (
        RoleAssignment.objects.filter(
            organisation=organisation,
            role=Role.SUPPORT_MANAGER,
            ended_at__isnull=True,
            user__is_active=True,
        )
        .filter(
            cluster__in=Network.objects.filter(
                organisation=organisation, pk__in=all_networks
            ).values("cluster_id")
        )
        .values_list("cluster__networks__pk", "user__email")
        .order_by("user__email")
    ):
        managers_by_network.setdefault(network_id, []).append(email)
    result = {}
    for session in sessions:
        networks = set(networks_of_worker.get(session.worker_id, set()))
        if session.member_id and network_of_member.get(session.member_id):
            networks.add(network_of_member[session.member_id])
        emails = sorted({e for n in networks for e in managers_by_network.get(n, [])})
        result[session.pk] = emails
    return result


def alert_for_sending(organisation: Organisation, alert_id: int) -> LoneWorkingAlert | None:
    return (
        LoneWorkingAlert.objects.filter(organisation=organisation, pk=alert_id)
        .select_related("session__worker", "session__member")
        .first()
    )


def manager_alert_of(organisation: Organisation, session_id: int) -> LoneWorkingAlert | None:
    return LoneWorkingAlert.objects.filter(
        organisation=organisation, session_id=session_id, level=LoneWorkingAlert.Level.MANAGER
    ).first()
