"""Reads of members, always within the viewer's organisation and reach."""

from __future__ import annotations

from django.db.models import QuerySet

from keyring_net.access import not_found, require
from keyring_net.actors import Actor
from keyring_net.policy import Permission, member_reach
from members.models import LoginCard, Member, RecordAccess


def members_for_viewer(actor: Actor) -> QuerySet[Member]:
    """Members the viewer can reach, with what list pages show."""
    return (
        Member.objects.filter(organisation=actor.organisation)
        .filter(member_reach(actor))
        .select_related("network", "home")
        .order_by("full_name", "pk")
    )


def member_get_for_viewer(
    *, actor: Actor, member_id: int, permission: Permission = Permission.VIEW_MEMBERS
) -> Member:
    """One member the viewer can reach and act on.

    Raises 404 when the member does not exist, belongs to another
    organisation or is out of the viewer's reach (all alike), and 403 when
    it is in reach but the viewer's role does not hold ``permission``.
    """
    member = members_for_viewer(actor).filter(pk=member_id).first()
    if member is None:
        raise not_found()
    require(actor, permission)
    return member


def own_member_record(actor: Actor) -> Member:
    """The signed-in member's own record (404 if they have none here)."""
    member = members_for_viewer(actor).filter(user=actor.user).first()
    if member is None:
        raise not_found()
    return member


def accesses_of_member(*, actor: Actor, member: Member) -> QuerySet[RecordAccess]:
    return (
        RecordAccess.objects.filter(organisation=actor.organisation, member=member)
        .select_related("viewer")
        .order_by("-viewed_at")
    )


def login_cards_of_member(*, actor: Actor, member: Member) -> QuerySet[LoginCard]:
    return LoginCard.objects.filter(organisation=actor.organisation, member=member).order_by(
        "-issued_at"
    )


def login_card_get(*, actor: Actor, member: Member, card_id: int) -> LoginCard:
    card = login_cards_of_member(actor=actor, member=member).filter(pk=card_id).first()
    if card is None:
        raise not_found()
    return card
