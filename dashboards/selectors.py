"""The support manager's dashboard: their cluster at a glance, in a fixed
number of queries whatever the number of members."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Subquery
from django.utils import timezone

from keyring_net.actors import Actor
from members.models import Contact, Member, Referral, SupportLevelChange
from members.selectors import handover_list, members_for_viewer, referrals_for_viewer
from networks.selectors import NetworkRow, below_strength, network_rows
from volunteers.models import SwapRequest
from volunteers.selectors.gaps import NetworkGaps, gaps_for_dashboard
from volunteers.selectors.rota import swaps_waiting

FLEXED_UP_DAYS = 14
LIST_LIMIT = 20


@dataclass
class Dashboard:
    referrals_waiting: list[Referral]
    referrals_waiting_count: int
    networks: list[NetworkRow]
    below_strength: list[NetworkRow]
    not_seen: list[Member]
    not_seen_count: int
    gap_days: int
    flexed_up: list[SupportLevelChange]
    handover: list[Contact]
    # Rotas: the coming seven days' gaps by network, and swaps to decide.
    rota_gaps: list[NetworkGaps]
    rota_gap_count: int
    swaps_waiting: list[SwapRequest]
    swaps_waiting_count: int

    @property
    def members_shown(self) -> list[int]:
        """Every member the dashboard names (the handover card shows a
        count only)."""
        return [
            *(m.pk for m in self.not_seen),
            *(c.member_id for c in self.flexed_up),
            *(r.member_id for r in self.referrals_waiting),
        ]


def dashboard_for(actor: Actor) -> Dashboard:
    now = timezone.now()
    gap_days = actor.organisation.contact_gap_days
    waiting = referrals_for_viewer(actor).filter(
        stage__in=[Referral.Stage.NEW, Referral.Stage.ASSESSING]
    )
    rows = network_rows(actor)
    active = members_for_viewer(actor).filter(status=Member.Status.ACTIVE)
    # "No contact since the cut-off" as NOT EXISTS on the indexed
    # (organisation, member, happened_at): the count never joins every
    # contact; the last contact is looked up only for the rows shown.
    recent = Contact.objects.filter(
        organisation=actor.organisation,
        member=OuterRef("pk"),
        happened_at__gte=now - datetime.timedelta(days=gap_days),
    )
    last = (
        Contact.objects.filter(organisation=actor.organisation, member=OuterRef("pk"))
        .order_by("-happened_at")
        .values("happened_at")[:1]
    )
    not_seen = (
        active.filter(~Exists(recent))
        .annotate(last_contact=Subquery(last))
        .order_by(F("last_contact").asc(nulls_first=True), "full_name")
    )
    flexed = (
        SupportLevelChange.objects.filter(
            organisation=actor.organisation,
            member__in=members_for_viewer(actor).values("pk"),
            changed_at__gte=now - datetime.timedelta(days=FLEXED_UP_DAYS),
        )
        .select_related("member", "changed_by")
        .order_by("-changed_at")
    )
    rota_gaps = gaps_for_dashboard(actor, [row.network for row in rows], timezone.localdate())
    swaps, swaps_count = swaps_waiting(actor, LIST_LIMIT)
    return Dashboard(
        referrals_waiting=list(waiting[:LIST_LIMIT]),
        referrals_waiting_count=waiting.count(),
        networks=rows,
        below_strength=below_strength(rows),
        not_seen=list(not_seen[:LIST_LIMIT]),
        not_seen_count=not_seen.count(),
        gap_days=gap_days,
        flexed_up=[c for c in flexed[:LIST_LIMIT] if c.is_up],
        handover=handover_list(actor),
        rota_gaps=rota_gaps,
        rota_gap_count=sum(len(item.gaps) for item in rota_gaps),
        swaps_waiting=swaps,
        swaps_waiting_count=swaps_count,
    )
