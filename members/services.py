"""State changes for members. Each takes the acting person explicitly."""

from __future__ import annotations

from django.db import transaction

from keyring_net.actors import Actor
from keyring_net.models import Role
from members.models import Member, RecordAccess

# When a person holds several roles, the one named in the access log is the
# most senior that reaches members.
_ROLE_ORDER = [
    Role.SUPPORT_MANAGER,
    Role.CLV,
    Role.COMMUNITY_ENABLER,
    Role.CONNECTIONS_VOLUNTEER,
    Role.MEMBER,
]


@transaction.atomic
def record_member_access(
    *, actor: Actor, member: Member, channel: RecordAccess.Channel
) -> RecordAccess:
    """Log that ``actor`` read ``member``'s record through ``channel``."""
    role = next((r for r in _ROLE_ORDER if actor.has_role(r)), next(iter(actor.roles), ""))
    return RecordAccess.objects.create(
        organisation=actor.organisation,
        member=member,
        viewer=actor.user,
        viewer_role=role,
        channel=channel,
    )
