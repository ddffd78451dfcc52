"""Reads of networks, homes, hubs and community places, always within the
viewer's organisation and reach."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, OuterRef, Prefetch, QuerySet
from django.db.models.functions import JSONObject
from django.utils import timezone

from keyring_net.access import not_found, require
from keyring_net.actors import Actor
from keyring_net.models import Role, RoleAssignment
from keyring_net.policy import Permission, can, network_reach
from networks.models import Cluster, CommunityAsset, CommunityHub, Home, HubEvent, Network
from networks.people import member_readers

TARGET_HOMES = 10
CLV_WEEKLY_HOURS = 12


def networks_for_viewer(actor: Actor) -> QuerySet[Network]:
    return (
        Network.objects.filter(organisation=actor.organisation)
        .filter(network_reach(actor))
        .select_related("cluster")
        .order_by("name", "pk")
    )


def network_get_for_viewer(
    *, actor: Actor, network_id: int, permission: Permission = Permission.VIEW_NETWORKS
) -> Network:
    """404 when missing, in another organisation or out of reach; 403 when
    in reach but the role does not hold ``permission``."""
    network = networks_for_viewer(actor).filter(pk=network_id).first()
    if network is None:
        raise not_found()
    require(actor, permission)
    return network


def clusters_for_viewer(actor: Actor) -> QuerySet[Cluster]:
    """The clusters a person reaches: organisation admins every one, support
    managers their own, everyone else none (so a cluster is "not found")."""
    clusters = Cluster.objects.filter(organisation=actor.organisation).order_by("name", "pk")
    if actor.has_role(Role.ORG_ADMIN):
        return clusters
    return clusters.filter(
        pk__in=[a.cluster_id for a in actor.assignments if a.role == Role.SUPPORT_MANAGER]
    )


def clusters_with_managers(actor: Actor) -> QuerySet[Cluster]:
    """The clusters a person reaches, each with ``managers``: its support
    managers now, as ``{"id", "name"}`` by name (one query for any number)."""
    holding = (
        RoleAssignment.objects.filter(
            organisation=actor.organisation,
            cluster=OuterRef("pk"),
            role=Role.SUPPORT_MANAGER,
            ended_at__isnull=True,
        )
        .order_by("user__full_name", "pk")
        .values(json=JSONObject(id="user_id", name="user__full_name"))
    )
    return clusters_for_viewer(actor).annotate(managers=ArraySubquery(holding))


def cluster_get_for_viewer(*, actor: Actor, cluster_id: int) -> Cluster:
    """A cluster to change: 404 out of reach, 403 for anyone but its admins."""
    cluster = clusters_for_viewer(actor).filter(pk=cluster_id).first()
    if cluster is None:
        raise not_found()
    require(actor, Permission.MANAGE_CLUSTERS)
    return cluster


def support_managers_of(clusters: list[Cluster]) -> dict[int, list[RoleAssignment]]:
    """The support managers holding each cluster now, by cluster id (one query)."""
    managers: dict[int, list[RoleAssignment]] = {c.pk: [] for c in clusters}
    for assignment in (
        RoleAssignment.objects.filter(
            organisation__in={c.organisation_id for c in clusters},
            cluster__in=list(managers),
            role=Role.SUPPORT_MANAGER,
            ended_at__isnull=True,
        )
        .select_related("user")
        .order_by("user__full_name", "pk")
    ):
        managers[assignment.cluster_id].append(assignment)
    return managers


@dataclass
class ClusterRow:
    cluster: Cluster
    networks: int
    managers: list[RoleAssignment]


def cluster_rows(actor: Actor) -> list[ClusterRow]:
    """The clusters list: three queries whatever the number of clusters."""
    clusters = list(clusters_for_viewer(actor))
    counts = dict(
        Network.objects.filter(organisation=actor.organisation, cluster__in=clusters)
        .values_list("cluster")
        .annotate(n=Count("pk"))
    )
    managers = support_managers_of(clusters)
    return [ClusterRow(c, counts.get(c.pk, 0), managers[c.pk]) for c in clusters]


def networks_of_cluster(cluster: Cluster) -> list[Network]:
    return list(
        Network.objects.filter(organisation=cluster.organisation_id, cluster=cluster).order_by(
            "name", "pk"
        )
    )


def hubs_of_network(network: Network) -> list[CommunityHub]:
    return list(
        CommunityHub.objects.filter(organisation=network.organisation_id, network=network).order_by(
            "name", "pk"
        )
    )


def places_taken(actor: Actor, network: Network) -> int:
    """Members supported or being assessed in the network: the places taken."""
    return member_readers().supported_counts(actor, [network.pk]).get(network.pk, 0)


def _in_reach(model, actor: Actor) -> QuerySet:
    """Rows of ``model`` (homes, hubs, places) in the viewer's networks."""
    return (
        model.objects.filter(organisation=actor.organisation)
        .filter(network__in=networks_for_viewer(actor).values("pk"))
        .select_related("network")
    )


def home_get_for_viewer(*, actor: Actor, home_id: int, permission: Permission) -> Home:
    home = _in_reach(Home, actor).filter(pk=home_id).first()
    if home is None or not can(actor, Permission.VIEW_ADDRESSES):
        raise not_found()
    require(actor, permission)
    return home


def asset_get_for_viewer(*, actor: Actor, asset_id: int) -> CommunityAsset:
    return _managed_place(_in_reach(CommunityAsset, actor).filter(pk=asset_id).first(), actor)


def hub_get_for_viewer(*, actor: Actor, hub_id: int) -> CommunityHub:
    return _managed_place(_in_reach(CommunityHub, actor).filter(pk=hub_id).first(), actor)


def _managed_place(place, actor: Actor):
    """A hub or place to change: 404 when out of reach, 403 for people who
    do not manage places."""
    if place is None:
        raise not_found()
    require(actor, Permission.MANAGE_PLACES)
    return place


def homes_of_network(network: Network) -> list[Home]:
    return list(
        Home.objects.filter(organisation=network.organisation_id, network=network).order_by(
            "address_line_1", "pk"
        )
    )


def network_homes(network: Network) -> QuerySet[Home]:
    """The network's own homes, to choose the CLV's among."""
    return Home.objects.filter(organisation=network.organisation_id, network=network).order_by(
        "address_line_1", "pk"
    )


def assets_of_network(network: Network) -> QuerySet[CommunityAsset]:
    return CommunityAsset.objects.filter(
        organisation=network.organisation_id, network=network, is_active=True
    ).order_by("category", "name")


def clvs_of_network(network: Network) -> list[RoleAssignment]:
    return list(
        RoleAssignment.objects.filter(
            organisation=network.organisation_id,
            network=network,
            role=Role.CLV,
            ended_at__isnull=True,
        ).select_related("user")
    )


@dataclass
class Gap:
    """Something a support manager should see at a glance."""

    text: str
    serious: bool = True


@dataclass
class NetworkPage:
    network: Network
    homes: list[Home]
    members: list
    clvs: list[RoleAssignment]
    hubs: list[CommunityHub]
    clv_hours_this_week: float
    places_taken: int = 0
    gaps: list[Gap] = field(default_factory=list)


def network_page(*, actor: Actor, network: Network) -> NetworkPage:
    """Everything the network page shows, in a fixed number of queries."""
    people = member_readers()
    homes = homes_of_network(network)
    members = people.members_of(actor, network) if can(actor, Permission.VIEW_MEMBERS) else []
    clvs = clvs_of_network(network)
    now = timezone.now()
    hubs = list(
        CommunityHub.objects.filter(organisation=actor.organisation, network=network)
        .prefetch_related(
            Prefetch(
                "events",
                queryset=HubEvent.objects.filter(starts_at__gte=now).order_by("starts_at")[:50],
                to_attr="upcoming",
            )
        )
        .order_by("name")
    )
    week_start = now - datetime.timedelta(days=7)
    minutes = people.support_minutes(actor, network, [a.user_id for a in clvs], week_start)
    taken = people.supported_counts(actor, [network.pk]).get(network.pk, 0)
    page = NetworkPage(network, homes, members, clvs, hubs, round(minutes / 60, 1), taken)
    page.gaps = network_gaps(page)
    return page


def capacity_gap(taken: int, capacity: int) -> Gap | None:
    """Full, or more members than places: said in plain words."""
    if taken > capacity:
        return Gap(f"{taken} members in {capacity} places: more than the network's capacity.")
    if taken == capacity:
        return Gap(f"All {capacity} places are taken.", serious=False)
    return None


def network_gaps(page: NetworkPage) -> list[Gap]:
    gaps = []
    full = capacity_gap(page.places_taken, page.network.capacity)
    if full is not None:
        gaps.append(full)
    if len(page.homes) < TARGET_HOMES:
        gaps.append(Gap(f"Only {len(page.homes)} homes: a network needs about {TARGET_HOMES}."))
    if not page.clvs:
        gaps.append(Gap("No Community Living Volunteer."))
    elif page.clv_hours_this_week < CLV_WEEKLY_HOURS:
        gaps.append(
            Gap(
                f"The CLV logged {page.clv_hours_this_week:g} hours of support in the last 7 "
                f"days, under the {CLV_WEEKLY_HOURS} agreed.",
                serious=False,
            )
        )
    if page.network.clv_home_id is None:
        gaps.append(Gap("The CLV's home is not recorded.", serious=False))
    if not page.hubs:
        gaps.append(Gap("No community hub yet.", serious=False))
    return gaps


@dataclass
class NetworkRow:
    network: Network
    homes: int
    members: int
    clvs: int


def network_rows(actor: Actor) -> list[NetworkRow]:
    """The networks list: counts come from three grouped queries, not one
    query per network."""
    networks = list(networks_for_viewer(actor))
    ids = [n.pk for n in networks]
    homes = dict(
        Home.objects.filter(organisation=actor.organisation, network__in=ids)
        .values_list("network")
        .annotate(n=Count("pk"))
    )
    members = member_readers().supported_counts(actor, ids)
    clvs = dict(
        RoleAssignment.objects.filter(
            organisation=actor.organisation, network__in=ids, role=Role.CLV, ended_at__isnull=True
        )
        .values_list("network")
        .annotate(n=Count("pk"))
    )
    return [
        NetworkRow(n, homes.get(n.pk, 0), members.get(n.pk, 0), clvs.get(n.pk, 0)) for n in networks
    ]


def below_strength(rows: list[NetworkRow]) -> list[NetworkRow]:
    return [r for r in rows if r.homes < TARGET_HOMES or r.clvs == 0]


# --- API reads -------------------------------------------------------------------------------


def homes_for_viewer(actor: Actor) -> QuerySet[Home]:
    """Homes in the viewer's networks, for people who may see addresses.

    Everyone else reaches none, so for them a home is "not found", as with
    ``home_get_for_viewer``.
    """
    if not can(actor, Permission.VIEW_ADDRESSES):
        return Home.objects.none()
    return _in_reach(Home, actor).order_by("address_line_1", "pk")


def assets_for_viewer(actor: Actor) -> QuerySet[CommunityAsset]:
    """Community places and people in the viewer's networks (active or not)."""
    return _in_reach(CommunityAsset, actor).select_related("introduced_by").order_by("name", "pk")
