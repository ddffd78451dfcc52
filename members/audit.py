"""What members adds to a person's audit trail (``keyring_net.audit``):
the members' records they looked at. Registered in ``MembersConfig.ready``."""

from __future__ import annotations

from keyring_net.audit import Event
from keyring_net.models import Organisation, User
from members.models import RecordAccess


def records_looked_at(organisation: Organisation, person: User, limit: int) -> list[Event]:
    """The newest ``limit`` reads of members' records by ``person``, in one query."""
    accesses = (
        RecordAccess.objects.filter(organisation=organisation, viewer=person)
        .select_related("member")
        .order_by("-viewed_at")[:limit]
    )
    return [
        Event(
            when=access.viewed_at,
            who=person.full_name,
            action=(
                f"{'saw in a list' if access.in_list else 'looked at'}"
                f" (by {access.get_channel_display().lower()})"
            ),
            what=f"the record of {access.member.full_name}",
        )
        for access in accesses
    ]
