"""What members tells documents: a member's documents (a tenancy agreement,
signed consent) are reached as the member is, seen by the care roles and
added or withdrawn by those who write in the record; each view or download
is a line in the member's "who has looked at my record"."""

from __future__ import annotations

from django.urls import reverse

from keyring_net.policy import Permission
from members.models import RecordAccess
from members.selectors import members_for_viewer
from members.services.record import record_member_access, record_members_access

CHANNELS = {"page": RecordAccess.Channel.PAGE, "api": RecordAccess.Channel.API}


def looked_at(actor, member, channel: str) -> None:
    record_member_access(actor=actor, member=member, channel=CHANNELS[channel])


def listed(actor, member_ids: list[int], channel: str) -> None:
    record_members_access(actor=actor, members=member_ids, channel=CHANNELS[channel])


def register() -> None:
    from documents.registry import attach_to

    attach_to(
        "member",
        label="member",
        url_kwarg="member_id",
        in_reach=members_for_viewer,
        view_permission=Permission.VIEW_DOCUMENTS,
        attach_permission=Permission.RECORD_CONTACTS,
        link=lambda member: reverse("members:detail", args=[member.pk]),
        looked_at=looked_at,
        listed=listed,
        name=lambda member: member.full_name,
    )
