"""The demo's subject access: the member who signs in with the demo login
asked for a copy of their records by letter ten days ago, so the support
manager's list has one open request to review and release, and the
member's "My records" page says when it is due."""

from __future__ import annotations

import datetime

from keyring_net.actors import Actor
from members.models import Member
from privacy.models import AccessRequest
from privacy.selectors.access import members_for_requests
from privacy.services.access import request_log


def seed_access_requests(organisation, staff, today: datetime.date) -> AccessRequest | None:
    actor = Actor.for_user(staff.manager, organisation.pk)
    member = (
        Member.objects.filter(organisation=organisation, user__isnull=False)
        .filter(pk__in=members_for_requests(actor).values("pk"))
        .order_by("pk")
        .first()
    )
    if member is None:
        return None
    return request_log(
        actor=actor,
        member_id=member.pk,
        received_on=today - datetime.timedelta(days=10),
        received_how=AccessRequest.Received.LETTER,
    )
