"""Reads for safeguarding concerns and the organisation's safeguarding leads.

Who sees a concern (its audience): the person who raised it (a member who
said "I am worried" never sees the record), the organisation's safeguarding
leads, and the support managers of the cluster of the member it is about
(or of the member who raised it). To anyone else a concern does not exist:
every page and API route answers 404 and no list or count includes it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from casework.models import ConcernAction, ConcernView, SafeguardingConcern, SafeguardingLead
from keyring_net.access import not_found
from keyring_net.actors import Actor
from keyring_net.models import Role, User
from keyring_net.policy import STAFF_ROLES, Permission, can
from members.models import Member
from members.selectors import members_for_viewer

# Most urgent first, then open before closed (the lead's list).
URGENCY_ORDER = Case(
    When(urgency=SafeguardingConcern.Urgency.NOW, then=Value(0)),
    When(urgency=SafeguardingConcern.Urgency.TODAY, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
OPEN_FIRST = Case(
    When(stage=SafeguardingConcern.Stage.CLOSED, then=Value(1)),
    default=Value(0),
    output_field=IntegerField(),
)


# --- Leads --------------------------------------------------------------------------------------


def current_leads(organisation) -> QuerySet[SafeguardingLead]:
    """The organisation's safeguarding leads now."""
    return SafeguardingLead.objects.filter(
        organisation=organisation, ended_at__isnull=True
    ).select_related("person")


def leads_for_viewer(actor: Actor) -> QuerySet[SafeguardingLead]:
    """Every lead the organisation has named (ended ones too), for admins."""
    if not can(actor, Permission.MANAGE_SAFEGUARDING_LEADS):
        return SafeguardingLead.objects.none()
    return (
        SafeguardingLead.objects.filter(organisation=actor.organisation)
        .select_related("person")
        .order_by("ended_at", "person__full_name", "pk")
    )


def lead_get_for_viewer(*, actor: Actor, lead_id: int) -> SafeguardingLead:
    """One of the organisation's leads (404 for any other row), then 403
    unless the person names leads (leads are not secret inside the
    organisation)."""
    lead = (
        SafeguardingLead.objects.filter(organisation=actor.organisation, pk=lead_id)
        .select_related("person")
        .first()
    )
    if lead is None:
        raise not_found()
    if not can(actor, Permission.MANAGE_SAFEGUARDING_LEADS):
        raise PermissionDenied("Your role does not allow this.")
    return lead


def is_lead(actor: Actor) -> bool:
    if actor.user is None or actor.organisation is None:
        return False
    return current_leads(actor.organisation).filter(person=actor.user).exists()


def lead_candidates(actor: Actor) -> QuerySet[User]:
    """People with a staff role now who are not already a lead."""
    return (
        User.objects.filter(
            role_assignments__organisation=actor.organisation,
            role_assignments__role__in=STAFF_ROLES,
            role_assignments__ended_at__isnull=True,
            is_active=True,
        )
        .exclude(pk__in=current_leads(actor.organisation).values("person_id"))
        .distinct()
        .order_by("full_name", "pk")
    )


# --- Concerns -----------------------------------------------------------------------------------


def audience(actor: Actor) -> Q:
    """The concerns ``actor`` sees, as a filter on ``SafeguardingConcern``."""
    if actor.user is None:
        return Q(pk__in=[])
    if is_lead(actor):
        return Q()
    reach = Q(raised_by=actor.user, raised_by_member__isnull=True)
    clusters = [a.cluster_id for a in actor.assignments if a.role == Role.SUPPORT_MANAGER]
    if clusters:
        reach |= Q(member__network__cluster_id__in=clusters)
        reach |= Q(raised_by_member__network__cluster_id__in=clusters)
    return reach


def concerns_for_viewer(actor: Actor) -> QuerySet[SafeguardingConcern]:
    """The concerns in the viewer's audience: open first, most urgent first,
    newest first."""
    if not can(actor, Permission.RAISE_SAFEGUARDING):
        return SafeguardingConcern.objects.none()
    return (
        SafeguardingConcern.objects.filter(organisation=actor.organisation)
        .filter(audience(actor))
        .select_related("member", "raised_by", "raised_by_member")
        .annotate(open_order=OPEN_FIRST, urgency_order=URGENCY_ORDER)
        .order_by("open_order", "urgency_order", "-raised_at", "-pk")
    )


def concern_get_for_viewer(*, actor: Actor, concern_id: int) -> SafeguardingConcern:
    """One concern in the viewer's audience; 404 otherwise (a concern
    outside it does not exist for them)."""
    concern = (
        concerns_for_viewer(actor)
        .select_related("triaged_by", "closed_by", "member__network")
        .filter(pk=concern_id)
        .first()
    )
    if concern is None:
        raise not_found()
    return concern


def may_handle(actor: Actor, concern: SafeguardingConcern) -> bool:
    """Leads and the member's support managers triage, refer and close; the
    person who raised it only reads and adds to the timeline."""
    if is_lead(actor):
        return True
    clusters = {a.cluster_id for a in actor.assignments if a.role == Role.SUPPORT_MANAGER}
    about = [m for m in (concern.member, concern.raised_by_member) if m is not None]
    return any(m.network is not None and m.network.cluster_id in clusters for m in about)


def concern_actions(concern: SafeguardingConcern) -> QuerySet[ConcernAction]:
    return ConcernAction.objects.filter(
        organisation=concern.organisation_id, concern=concern
    ).select_related("done_by")


def concern_views(concern: SafeguardingConcern, limit: int = 50) -> list[ConcernView]:
    return list(
        ConcernView.objects.filter(organisation=concern.organisation_id, concern=concern)
        .select_related("viewer")
        .order_by("-viewed_at", "-pk")[:limit]
    )


def members_to_raise_about(actor: Actor) -> QuerySet[Member]:
    """The members the raiser reaches (their choices on the short form)."""
    return members_for_viewer(actor).filter(
        status__in=[Member.Status.ACTIVE, Member.Status.ASSESSING, Member.Status.REFERRED]
    )


def support_managers_of(member: Member | None) -> QuerySet[User]:
    """The support managers of the cluster of ``member``'s network now."""
    if member is None or member.network_id is None:
        return User.objects.none()
    return User.objects.filter(
        role_assignments__organisation=member.organisation_id,
        role_assignments__role=Role.SUPPORT_MANAGER,
        role_assignments__cluster_id=member.network.cluster_id,
        role_assignments__ended_at__isnull=True,
        is_active=True,
    ).order_by("full_name", "pk")


def own_member_record(actor: Actor) -> Member | None:
    """The signed-in member's own record (for "I am worried")."""
    if actor.user is None:
        return None
    return (
        Member.objects.filter(organisation=actor.organisation, user=actor.user)
        .select_related("network")
        .first()
    )
