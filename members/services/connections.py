"""Who a member knows in the network, and the places they use."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from keyring_net.access import require
from keyring_net.actors import Actor, audited
from keyring_net.policy import Permission
from members.models import CommunityConnection, Member, PeerConnection


@transaction.atomic
def peer_connect(
    *, actor: Actor, member: Member, other: Member, a_agreed_on, b_agreed_on, note: str = ""
) -> PeerConnection:
    """Record that two members know and help each other. Both must have
    agreed; the connection starts when the second agreed."""
    require(actor, Permission.RECORD_CONTACTS)
    if member.pk == other.pk:
        raise ValidationError({"other": "Choose another member."})
    first, second = sorted([member, other], key=lambda m: m.pk)
    if PeerConnection.objects.filter(
        organisation=actor.organisation, member_a=first, member_b=second, ended_on__isnull=True
    ).exists():
        raise ValidationError({"other": f"{member} and {other} are already connected."})
    if member.pk != first.pk:
        a_agreed_on, b_agreed_on = b_agreed_on, a_agreed_on
    connection = PeerConnection(
        organisation=actor.organisation,
        member_a=first,
        member_b=second,
        a_agreed_on=a_agreed_on,
        b_agreed_on=b_agreed_on,
        started_on=max(a_agreed_on, b_agreed_on),
        note=note,
    )
    audited(connection, actor).save()
    return connection


@transaction.atomic
def community_connect(*, actor: Actor, member: Member, asset, started_on, note: str = ""):
    require(actor, Permission.RECORD_CONTACTS)
    if asset.network_id != member.network_id:
        raise ValidationError({"asset": "Choose a place in the member's own network."})
    connection = CommunityConnection(
        organisation=actor.organisation,
        member=member,
        asset=asset,
        started_on=started_on,
        note=note,
        introduced_by=actor.user,
    )
    audited(connection, actor).save()
    return connection
