"""Reads of outcome indicators, within the viewer's organisation and reach."""

from __future__ import annotations

from django.db.models import QuerySet

from keyring_net.access import not_found, require
from keyring_net.actors import Actor
from keyring_net.policy import Permission
from members.models import Member
from members.selectors import members_for_viewer
from outcomes.models import OutcomeIndicator


def indicators_for_viewer(actor: Actor) -> QuerySet[OutcomeIndicator]:
    """Indicators of the members the viewer reaches."""
    return (
        OutcomeIndicator.objects.filter(
            organisation=actor.organisation, member__in=members_for_viewer(actor).values("pk")
        )
        .select_related("member", "recorded_by")
        .order_by("-happened_on", "-pk")
    )


def indicator_get_for_viewer(
    *, actor: Actor, indicator_id: int, permission: Permission = Permission.RECORD_OUTCOMES
) -> OutcomeIndicator:
    """One indicator of a member the viewer reaches: 404 when missing, in
    another organisation or out of reach; 403 when the role is too low."""
    indicator = indicators_for_viewer(actor).filter(pk=indicator_id).first()
    if indicator is None:
        raise not_found()
    require(actor, permission)
    return indicator


def member_indicators(*, actor: Actor, member: Member) -> list[OutcomeIndicator]:
    """A member's indicators, newest first, withdrawn ones included. One query."""
    return list(
        OutcomeIndicator.objects.filter(organisation=actor.organisation, member=member)
        .select_related("recorded_by")
        .order_by("-happened_on", "-pk")
    )
