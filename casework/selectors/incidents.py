"""Reads of incidents and accidents.

Reach: organisation admins reach every incident of the organisation;
support managers the incidents of their clusters' networks; CLVs and
community enablers those of their networks; connections volunteers the
ones they wrote. Nobody else reaches any (quality checkers, members and
commissioners: 404; commissioners see counts only, through the reports).
An incident out of reach is "not found", exactly like another
organisation's."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from casework.models import Incident, IncidentAction
from keyring_net.access import not_found, require
from keyring_net.actors import Actor
from keyring_net.clock import local_zone
from keyring_net.models import Role, RoleAssignment
from keyring_net.policy import Permission
from members.models import Member
from members.selectors import members_for_viewer, workers_in_reach
from networks.selectors import networks_for_viewer


def incident_reach(actor: Actor) -> Q:
    """The incidents ``actor`` reaches, as a filter on ``Incident``."""
    if actor.has_role(Role.ORG_ADMIN):
        return Q()
    reach = Q(pk__in=[])
    clusters = [a.cluster_id for a in actor.assignments if a.role == Role.SUPPORT_MANAGER]
    networks = [
        a.network_id
        for a in actor.assignments
        if a.role in (Role.CLV, Role.COMMUNITY_ENABLER) and a.network_id is not None
    ]
    if clusters:
        reach |= Q(network__cluster_id__in=clusters)
    if networks:
        reach |= Q(network_id__in=networks)
    if actor.has_role(Role.CONNECTIONS_VOLUNTEER) and actor.user is not None:
        reach |= Q(started_by=actor.user) | Q(recorded_by=actor.user)
    return reach


def _reached(actor: Actor) -> QuerySet[Incident]:
    return Incident.objects.filter(organisation=actor.organisation).filter(incident_reach(actor))


def incidents_in_reach(actor: Actor) -> QuerySet[Incident]:
    """Every incident ``actor`` reaches, whatever their permission (what
    documents ask, so an incident's files are 404 exactly when it is)."""
    return _reached(actor).select_related("network")


def _in_full(rows: QuerySet[Incident]) -> QuerySet[Incident]:
    return rows.select_related(
        "network", "started_by", "recorded_by", "reviewed_by", "closed_by"
    ).prefetch_related(
        Prefetch("members", queryset=Member.objects.order_by("full_name", "pk")),
        "staff",
        Prefetch(
            "actions",
            queryset=IncidentAction.objects.select_related("owner", "done_by").order_by(
                "added_at", "pk"
            ),
        ),
    )


def incidents_for_viewer(
    actor: Actor, *, state: str = "", kind: str = "", severity: str = ""
) -> QuerySet[Incident]:
    """Incidents in reach, newest first, with their network, people and
    actions (a fixed number of queries), filtered by state, type and
    severity when given."""
    require(actor, Permission.VIEW_INCIDENTS)
    rows = _reached(actor)
    if state:
        rows = rows.filter(state=state)
    if kind:
        rows = rows.filter(kind=kind)
    if severity:
        rows = rows.filter(severity=severity)
    return _in_full(rows).order_by("-happened_at", "-pk")


def incidents_in_full(actor: Actor) -> QuerySet[Incident]:
    """The API's rows: every incident in reach, in full (the API asks the
    policy itself, after the lookup, so out of reach is 404 first)."""
    return _in_full(_reached(actor)).order_by("-happened_at", "-pk")


def incident_get_for_viewer(
    *, actor: Actor, incident_id: int, permission: Permission = Permission.VIEW_INCIDENTS
) -> Incident:
    """One incident in full: 404 when missing, another organisation's or out
    of reach; then 403 without ``permission``."""
    incident = _in_full(_reached(actor).filter(pk=incident_id)).first()
    if incident is None:
        raise not_found()
    require(actor, permission)
    return incident


def incident_action_get_for_viewer(*, actor: Actor, action_id: int) -> IncidentAction:
    action = (
        IncidentAction.objects.filter(
            organisation=actor.organisation,
            pk=action_id,
            incident__in=_reached(actor).values("pk"),
        )
        .select_related("incident", "owner")
        .first()
    )
    if action is None:
        raise not_found()
    require(actor, Permission.REVIEW_INCIDENTS)
    return action


def members_to_name(actor: Actor) -> QuerySet[Member]:
    """The members an incident may name: those the recorder reaches."""
    return members_for_viewer(actor)


def staff_to_name(actor: Actor):
    """The workers an incident may name: those working in the recorder's
    networks, and support managers."""
    return workers_in_reach(actor)


def networks_to_choose(actor: Actor):
    return networks_for_viewer(actor)


def network_of_worker(organisation, user):
    """The network a CLV or enabler works in (their oldest active role
    there), or None."""
    assignment = (
        RoleAssignment.objects.filter(
            organisation=organisation,
            user=user,
            ended_at__isnull=True,
            network__isnull=False,
        )
        .select_related("network")
        .order_by("pk")
        .first()
    )
    return assignment.network if assignment else None


def incident_from_alert(organisation, alert_id: int) -> Incident | None:
    return Incident.objects.filter(organisation=organisation, source_alert_id=alert_id).first()


# --- Counts ------------------------------------------------------------------------


@dataclass(frozen=True)
class IncidentCounts:
    """Recorded incidents (drafts left out) by type and by severity."""

    total: int
    by_kind: dict[str, int]
    by_severity: dict[str, int]


def incident_counts(*, organisation, network_ids, start: datetime.date, end: datetime.date):
    """Incidents recorded (not drafts) in ``network_ids`` that happened from
    ``start`` to ``end`` (local days, both included), by type and by
    severity. Raw counts: suppress small ones before a commissioner sees
    them. One query."""
    zone = local_zone(organisation)
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    after = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, zone)
    rows = (
        Incident.objects.filter(
            organisation=organisation,
            network_id__in=list(network_ids),
            happened_at__gte=first,
            happened_at__lt=after,
        )
        .exclude(state=Incident.State.DRAFT)
        .values("kind", "severity")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_kind = dict.fromkeys(Incident.Kind.values, 0)
    by_severity = dict.fromkeys(Incident.Severity.values, 0)
    total = 0
    for row in rows:
        by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + row["n"]
        by_severity[row["severity"]] = by_severity.get(row["severity"], 0) + row["n"]
        total += row["n"]
    return IncidentCounts(total=total, by_kind=by_kind, by_severity=by_severity)


@dataclass(frozen=True)
class IncidentCard:
    """The staff dashboard's card: open incidents, and this month's by
    severity."""

    open: int
    drafts: int
    month_by_severity: list[tuple[str, int]]
    month_total: int


def incident_card(actor: Actor) -> IncidentCard:
    """For support managers and admins, over the incidents they reach. One
    query."""
    require(actor, Permission.VIEW_INCIDENTS)
    zone = local_zone(actor.organisation)
    today = timezone.now().astimezone(zone).date()
    first = datetime.datetime.combine(today.replace(day=1), datetime.time.min, tzinfo=zone)
    this_month = Q(happened_at__gte=first) & ~Q(state=Incident.State.DRAFT)
    counts = _reached(actor).aggregate(
        open=Count("pk", filter=Q(state__in=[Incident.State.RECORDED, Incident.State.REVIEWED])),
        drafts=Count("pk", filter=Q(state=Incident.State.DRAFT)),
        **{
            f"month_{value}": Count("pk", filter=this_month & Q(severity=value))
            for value in Incident.Severity.values
        },
    )
    shown = [(label, counts[f"month_{value}"]) for value, label in Incident.Severity.choices]
    return IncidentCard(
        open=counts["open"],
        drafts=counts["drafts"],
        month_by_severity=shown,
        month_total=sum(n for _, n in shown),
    )
