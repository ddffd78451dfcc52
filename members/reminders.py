"""What members tell notifications: who is a member. Notifications writes
to a member in easy read, shows a support manager what was sent to the
members they support, and shows a member their own record on its
easy-read pages; it asks through the lookups registered here (from
``apps.py``), never importing members."""

from __future__ import annotations

from django.db.models import QuerySet

from keyring_net.actors import Actor
from keyring_net.models import Organisation
from keyring_net.policy import member_reach
from members.models import Member
from members.selectors import own_member_record
from notifications.registry import Members, register_members


def member_user_ids(organisation: Organisation) -> QuerySet:
    """The user ids of the organisation's members with a login."""
    return Member.objects.filter(organisation=organisation, user__isnull=False).values_list(
        "user_id", flat=True
    )


def reached_user_ids(actor: Actor) -> QuerySet:
    """The user ids of the members ``actor`` reaches (``member_reach``)."""
    return (
        Member.objects.filter(organisation=actor.organisation)
        .filter(member_reach(actor))
        .values("user_id")
    )


def register() -> None:
    register_members(
        Members(
            user_ids=member_user_ids,
            reached_user_ids=reached_user_ids,
            own_record=own_member_record,
        )
    )
