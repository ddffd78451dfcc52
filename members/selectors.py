"""Reads of members, always within the viewer's organisation and reach."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from keyring_net.access import not_found, require
from keyring_net.actors import Actor
from keyring_net.models import Role, User
from keyring_net.policy import Permission, can, may_see_field, member_reach
from members.models import (
    Allocation,
    ChosenPerson,
    CommunityConnection,
    Consent,
    Contact,
    ContactCorrection,
    LoginCard,
    Member,
    PeerConnection,
    RecordAccess,
    Referral,
    StatusChange,
    SupportLevelChange,
)
from networks.models import Home
from networks.selectors import networks_for_viewer


def _one(rows: QuerySet):
    """The first of ``rows``, or "not found" when there is none."""
    row = rows.first()
    if row is None:
        raise not_found()
    return row


def _of_reached_members(model, actor: Actor) -> QuerySet:
    """``model``'s rows about members the viewer reaches."""
    return model.objects.filter(organisation=actor.organisation).filter(
        member__in=members_for_viewer(actor).values("pk")
    )


def _reached(actor: Actor) -> QuerySet[Member]:
    return Member.objects.filter(organisation=actor.organisation).filter(member_reach(actor))


def members_for_viewer(actor: Actor) -> QuerySet[Member]:
    """Members the viewer can reach, with what list pages show."""
    return _reached(actor).select_related("network", "home", "referral").order_by("full_name", "pk")


CURRENT = (Member.Status.ACTIVE, Member.Status.ASSESSING, Member.Status.MOVED_ON)


def member_rows_for_viewer(
    actor: Actor, *, search: str = "", network_id=None, status: str = "current"
) -> QuerySet[Member]:
    """The members list: only what a row shows (name, network, status)."""
    rows = (
        _reached(actor)
        .select_related("network")
        .only("pk", "full_name", "status", "network__name", "organisation_id")
        .order_by("full_name", "pk")
    )
    if search:
        rows = rows.filter(full_name__icontains=search)
    if network_id:
        rows = rows.filter(network_id=network_id) if str(network_id).isdigit() else rows.none()
    if status == "current":
        rows = rows.filter(status__in=CURRENT)
    elif status in Member.Status.values:
        rows = rows.filter(status=status)
    return rows


def member_get_for_viewer(
    *, actor: Actor, member_id: int, permission: Permission = Permission.VIEW_MEMBERS
) -> Member:
    """One member the viewer can reach and act on.

    Raises 404 when the member does not exist, belongs to another
    organisation or is out of the viewer's reach (all alike), and 403 when
    it is in reach but the viewer's role does not hold ``permission``.
    """
    member = _one(members_for_viewer(actor).filter(pk=member_id))
    require(actor, permission)
    return member


def own_member_record(actor: Actor) -> Member:
    """The signed-in member's own record (404 if they have none here)."""
    return _one(members_for_viewer(actor).filter(user=actor.user))


def accesses_of_member(*, actor: Actor, member: Member) -> QuerySet[RecordAccess]:
    return (
        RecordAccess.objects.filter(organisation=actor.organisation, member=member)
        .select_related("viewer")
        .order_by("-viewed_at")
    )


@dataclass(frozen=True)
class RecordViews:
    """One person's looks at a member's record on one day, in one way: at
    the record itself, or at a list that showed it."""

    viewer_id: int
    viewer_name: str
    viewer_role: str
    in_list: bool
    day: datetime.date
    times: int


def record_views_of_member(*, actor: Actor, member: Member, limit: int = 50) -> list[RecordViews]:
    """Who has looked at ``member``'s record, newest first, for the member's
    own page: one line for each person, day (local time) and way, with how
    many times, so a list read every hour does not push everything else
    off the page. One query."""
    rows = (
        RecordAccess.objects.filter(organisation=actor.organisation, member=member)
        .annotate(day=TruncDate("viewed_at"))
        .values("viewer_id", "viewer__full_name", "viewer_role", "in_list", "day")
        .annotate(times=Count("pk"), last=Max("viewed_at"))
        .order_by("-last", "viewer_id")[:limit]
    )
    return [
        RecordViews(
            viewer_id=row["viewer_id"],
            viewer_name=row["viewer__full_name"],
            viewer_role=row["viewer_role"],
            in_list=row["in_list"],
            day=row["day"],
            times=row["times"],
        )
        for row in rows
    ]


def login_cards_of_member(*, actor: Actor, member: Member) -> QuerySet[LoginCard]:
    return LoginCard.objects.filter(organisation=actor.organisation, member=member).order_by(
        "-issued_at"
    )


def login_card_get(*, actor: Actor, member: Member, card_id: int) -> LoginCard:
    return _one(login_cards_of_member(actor=actor, member=member).filter(pk=card_id))


# --- Referrals -------------------------------------------------------------


def referrals_for_viewer(actor: Actor) -> QuerySet[Referral]:
    """Referrals the viewer reaches. A referral not yet allocated to a network
    is reached by every support manager of the organisation (someone must
    pick it up); after allocation, by the network's managers."""
    reach = Q(member__network__isnull=True) | Q(member__in=members_for_viewer(actor).values("pk"))
    return (
        Referral.objects.filter(organisation=actor.organisation)
        .filter(reach)
        .select_related("member", "member__network", "decided_by")
        .order_by("referred_on", "pk")
    )


def referral_get_for_viewer(*, actor: Actor, referral_id: int) -> Referral:
    if not can(actor, Permission.MANAGE_REFERRALS):
        # Only managers reach referrals at all: the rest get "not found".
        raise not_found()
    return _one(referrals_for_viewer(actor).filter(pk=referral_id))


def referral_pipeline(actor: Actor) -> dict[str, list[Referral]]:
    """Open referrals by stage, and recent decisions (last 90 days)."""
    since = timezone.localdate() - datetime.timedelta(days=90)
    stages: dict[str, list[Referral]] = {stage: [] for stage in Referral.Stage.values}
    rows = referrals_for_viewer(actor).exclude(
        stage__in=[Referral.Stage.DECLINED, Referral.Stage.WITHDRAWN, Referral.Stage.ACCEPTED],
        decided_on__lt=since,
    )
    for referral in rows:
        stages[referral.stage].append(referral)
    return stages


def homes_free_for_allocation(actor: Actor, networks) -> QuerySet[Home]:
    """Homes in ``networks`` where no active or assessed member lives, for
    giving an accepted member their home."""
    return (
        Home.objects.filter(organisation=actor.organisation, network__in=networks)
        .exclude(members__status__in=[Member.Status.ACTIVE, Member.Status.ASSESSING])
        .select_related("network")
        .order_by("network__name", "address_line_1")
    )


def workers_in_reach(actor: Actor) -> QuerySet[User]:
    """People who can be allocated to members: CLVs, enablers and managers
    working in the actor's networks."""
    networks = networks_for_viewer(actor).values("pk")
    return (
        User.objects.filter(
            role_assignments__organisation=actor.organisation,
            role_assignments__ended_at__isnull=True,
        )
        .filter(
            Q(
                role_assignments__role__in=[Role.CLV, Role.COMMUNITY_ENABLER],
                role_assignments__network__in=networks,
            )
            | Q(role_assignments__role=Role.SUPPORT_MANAGER)
        )
        .distinct()
        .order_by("full_name")
    )


# --- A member's page -------------------------------------------------------------


@dataclass
class MemberPage:
    member: Member
    status_changes: list
    level_changes: list
    allocations: list
    consents: list
    chosen_people: list
    contacts: list
    peers: list
    places: list


def member_page(*, actor: Actor, member: Member) -> MemberPage:
    """What a member's page shows, in a fixed number of queries; sections a
    role may not see are left empty without being read."""
    care = may_see_field(actor, "members.Member.contacts")
    connections = can(actor, Permission.VIEW_MEMBERS)

    def rows(model, shown: bool = True, **where) -> QuerySet:
        rows = model.objects.filter(organisation=actor.organisation, **where)
        return rows if shown else rows.none()

    return MemberPage(
        member=member,
        status_changes=list(rows(StatusChange, member=member).select_related("changed_by")),
        level_changes=list(
            rows(SupportLevelChange, care, member=member).select_related("changed_by")
        ),
        allocations=list(
            rows(Allocation, member=member, ended_on__isnull=True).select_related("worker")
        ),
        consents=list(rows(Consent, care, member=member)),
        chosen_people=list(
            rows(ChosenPerson, may_see_field(actor, "members.Member.chosen_people"), member=member)
        ),
        contacts=list(
            rows(Contact, care, member=member)
            .select_related("worker", "peer")
            .prefetch_related("corrections__corrected_by")[:20]
        ),
        peers=list(
            rows(PeerConnection, connections, ended_on__isnull=True)
            .filter(Q(member_a=member) | Q(member_b=member))
            .select_related("member_a", "member_b")
        ),
        places=list(
            rows(
                CommunityConnection, connections, member=member, ended_on__isnull=True
            ).select_related("asset")
        ),
    )


def contact_get_for_viewer(*, actor: Actor, contact_id: int) -> Contact:
    contact = _one(
        _of_reached_members(Contact, actor).filter(pk=contact_id).select_related("member", "worker")
    )
    require(actor, Permission.RECORD_CONTACTS)
    return contact


def consent_get(*, actor: Actor, member: Member, consent_id: int) -> Consent:
    return _one(
        Consent.objects.filter(organisation=actor.organisation, member=member, pk=consent_id)
    )


def handover_list(actor: Actor) -> list[Contact]:
    """Out-of-hours calls not yet handed over, oldest first, for the
    morning handover."""
    return list(
        _of_reached_members(Contact, actor)
        .filter(method=Contact.Method.OUT_OF_HOURS, handed_over_at__isnull=True)
        .select_related("member", "worker", "member__network")
        .order_by("happened_at")
    )


def members_on_connection_map(actor: Actor, network) -> QuerySet[Member]:
    """The members a network's connection picture shows: those in reach
    who have not left."""
    return members_for_viewer(actor).filter(network=network).exclude(status=Member.Status.LEFT)


def connection_map_for_network(*, actor: Actor, network) -> tuple[str, list[dict]]:
    """The network's connection picture (SVG) and its table."""
    from networks.connection_map.connections import (
        MapLink,
        MapPerson,
        MapPlace,
        connection_table_rows,
    )
    from networks.connection_map.drawing import render_connection_map

    members = list(members_on_connection_map(actor, network))
    ids = {m.pk for m in members}
    peers = list(
        PeerConnection.objects.filter(
            organisation=actor.organisation,
            member_a__in=ids,
            member_b__in=ids,
            ended_on__isnull=True,
        )
    )
    community = list(
        CommunityConnection.objects.filter(
            organisation=actor.organisation, member__in=ids, ended_on__isnull=True
        ).select_related("asset")
    )
    places = {c.asset_id: c.asset for c in community}
    people = [MapPerson(m.pk, str(m), "member") for m in members]
    map_places = [MapPlace(a.pk, a.name, a.category) for a in places.values()]
    links = [MapLink(("person", p.member_a_id), ("person", p.member_b_id)) for p in peers] + [
        MapLink(("person", c.member_id), ("place", c.asset_id)) for c in community
    ]
    svg = render_connection_map(
        people,
        map_places,
        links,
        title=f"Connections in {network.name}",
        description=f"Members of {network.name}, who they know, and the places they use.",
    )
    rows = connection_table_rows(people, map_places, links)
    return svg, rows


# --- API reads -------------------------------------------------------------------------------


def referrals_reached(actor: Actor) -> QuerySet[Referral]:
    """``referrals_for_viewer`` for people who manage referrals. Nobody else
    reaches any, so for them a referral is "not found", as with
    ``referral_get_for_viewer``."""
    if not can(actor, Permission.MANAGE_REFERRALS):
        return Referral.objects.none()
    return referrals_for_viewer(actor)


def contacts_for_viewer(actor: Actor) -> QuerySet[Contact]:
    """Contacts with members the viewer reaches, newest first, with their
    people and any corrections (one query each, however many rows)."""
    corrections = (
        ContactCorrection.objects.filter(organisation=actor.organisation)
        .select_related("corrected_by")
        .order_by("corrected_at", "pk")
    )
    return (
        _of_reached_members(Contact, actor)
        .select_related("member", "worker", "peer")
        .prefetch_related(Prefetch("corrections", queryset=corrections))
        .order_by("-happened_at", "-pk")
    )


def peer_connections_for_viewer(actor: Actor) -> QuerySet[PeerConnection]:
    """Peer connections whose two members the viewer both reaches: with one
    out of reach, the connection would show a name they may not see."""
    reached = members_for_viewer(actor).values("pk")
    return (
        PeerConnection.objects.filter(organisation=actor.organisation)
        .filter(member_a__in=reached, member_b__in=reached)
        .select_related("member_a", "member_b")
        .order_by("-started_on", "-pk")
    )


def community_connections_for_viewer(actor: Actor) -> QuerySet[CommunityConnection]:
    """Links between members the viewer reaches and places in the neighbourhood."""
    return (
        _of_reached_members(CommunityConnection, actor)
        .select_related("member", "asset")
        .order_by("-started_on", "-pk")
    )
