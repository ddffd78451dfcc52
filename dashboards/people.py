"""How the network pages read the members a network supports
(``networks/people.py``), registered when Django starts (``apps.py``)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Max, Sum

from keyring_net.actors import Actor
from keyring_net.policy import member_reach
from members.models import Contact, Member, RecordAccess
from members.services.record import record_members_access
from networks.models import Network
from networks.people import MemberReaders


def supported_counts(actor: Actor, network_ids: list[int]) -> dict[int, int]:
    return dict(
        Member.objects.filter(
            organisation=actor.organisation,
            network__in=network_ids,
            status__in=[Member.Status.ACTIVE, Member.Status.ASSESSING],
        )
        .values_list("network")
        .annotate(n=Count("pk"))
    )


def members_of(actor: Actor, network: Network) -> list[Member]:
    return list(
        Member.objects.filter(organisation=actor.organisation, network=network)
        .filter(member_reach(actor))
        .exclude(status=Member.Status.LEFT)
        .annotate(last_contact=Max("contacts__happened_at"))
        .order_by("full_name", "pk")
    )


def support_minutes(
    actor: Actor, network: Network, worker_ids: list[int], since: datetime.datetime
) -> int:
    minutes = Contact.objects.filter(
        organisation=actor.organisation,
        worker__in=worker_ids,
        member__network=network,
        happened_at__gte=since,
    ).aggregate(total=Sum("minutes"))["total"]
    return minutes or 0


def shown(actor: Actor, members: list[Member]) -> None:
    record_members_access(actor=actor, members=members, channel=RecordAccess.Channel.PAGE)


MEMBER_READERS = MemberReaders(supported_counts, members_of, support_minutes, shown)
