"""Scoped reads for subject access.

Reach: the organisation admin (the data protection lead) reaches every
member's requests; a support manager the requests of the members they
reach (their clusters'); a member their own. Anyone else reaches none, so
a request page is "not found" for them, exactly like another
organisation's request."""

from __future__ import annotations

from django.db.models import QuerySet

from keyring_net.access import not_found, require
from keyring_net.actors import Actor
from keyring_net.models import Role
from keyring_net.policy import Permission, member_reach
from members.models import Member
from members.selectors import members_for_viewer
from privacy.models import AccessRelease, AccessRequest, Redaction


def members_for_requests(actor: Actor) -> QuerySet[Member]:
    """The members someone may log a request for: all of the
    organisation's for its admin, their own members for a manager."""
    if actor.has_role(Role.ORG_ADMIN):
        rows = Member.objects.filter(organisation=actor.organisation)
    elif actor.has_role(Role.SUPPORT_MANAGER):
        rows = Member.objects.filter(organisation=actor.organisation).filter(member_reach(actor))
    else:
        rows = Member.objects.none()
    return rows.only("pk", "full_name", "organisation_id").order_by("full_name", "pk")


def requests_for_viewer(actor: Actor) -> QuerySet[AccessRequest]:
    """Requests in the person's reach, soonest deadline first, with what the
    list shows (the member, who logged it, the release)."""
    rows = AccessRequest.objects.filter(organisation=actor.organisation)
    if actor.has_role(Role.ORG_ADMIN):
        pass
    elif actor.has_role(Role.SUPPORT_MANAGER, Role.MEMBER):
        rows = rows.filter(member__in=members_for_viewer(actor).values("pk"))
    else:
        rows = rows.none()
    return rows.select_related("member", "logged_by").order_by("due_on", "pk")


def open_requests_for_viewer(actor: Actor) -> QuerySet[AccessRequest]:
    return requests_for_viewer(actor).filter(status=AccessRequest.Status.OPEN)


def request_get_for_viewer(*, actor: Actor, request_id: int) -> AccessRequest:
    """One request a member of staff handles: 404 out of reach (another
    organisation's, or a member this manager does not reach), 403 in reach
    without the permission."""
    row = requests_for_viewer(actor).filter(pk=request_id).first()
    if row is None:
        raise not_found()
    require(actor, Permission.HANDLE_SUBJECT_ACCESS)
    return row


def own_requests(actor: Actor) -> QuerySet[AccessRequest]:
    """The signed-in member's own requests, newest first."""
    return (
        AccessRequest.objects.filter(organisation=actor.organisation, member__user=actor.user)
        .select_related("member")
        .order_by("-received_on", "-pk")
    )


def own_request_get(*, actor: Actor, request_id: int) -> AccessRequest:
    row = own_requests(actor).filter(pk=request_id).first()
    if row is None:
        raise not_found()
    return row


def redactions_of(request: AccessRequest) -> QuerySet[Redaction]:
    return Redaction.objects.filter(
        organisation=request.organisation, request=request
    ).select_related("by")


def released_requests_for_viewer(actor: Actor, *, limit: int = 20) -> QuerySet[AccessRequest]:
    """The latest released requests, with who released them, for the list."""
    return (
        requests_for_viewer(actor)
        .filter(status=AccessRequest.Status.RELEASED)
        .select_related("release__released_by")
        .defer("release__archive")
        .order_by("-release__released_at", "-pk")[:limit]
    )


def release_of(request: AccessRequest) -> AccessRelease | None:
    """The copy given for ``request`` (archive included), or None."""
    return AccessRelease.objects.filter(organisation=request.organisation, request=request).first()
