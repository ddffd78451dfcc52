"""What support plans tells documents: a plan's documents (an assessment,
a letter about it) are reached as the plan is, seen by those who see plans
and added or withdrawn by those who write them; each view or download is a
line in the member's "who has looked at my record"."""

from __future__ import annotations

from django.urls import reverse

from keyring_net.policy import Permission
from members.attachments import CHANNELS
from members.attachments import looked_at as member_looked_at
from members.models import Member
from members.services.record import record_members_access_matching
from support_plans.models import SupportPlan
from support_plans.selectors.reach import plans_in_reach


def looked_at(actor, plan, channel: str) -> None:
    member_looked_at(actor, plan.member, channel)


def listed(actor, plan_ids: list[int], channel: str) -> None:
    """The members whose plans' documents a list shows, in one insert."""
    plans = SupportPlan.objects.filter(organisation=actor.organisation, pk__in=plan_ids)
    record_members_access_matching(
        actor=actor,
        members=Member.objects.filter(
            organisation=actor.organisation, pk__in=plans.values("member_id")
        ),
        channel=CHANNELS[channel],
    )


def register() -> None:
    from documents.registry import attach_to

    attach_to(
        "plan",
        label="support plan",
        url_kwarg="plan_id",
        in_reach=lambda actor: plans_in_reach(actor).select_related("member"),
        view_permission=Permission.VIEW_PLANS,
        attach_permission=Permission.WRITE_PLANS,
        link=lambda plan: reverse("plans:version", args=[plan.pk]),
        looked_at=looked_at,
        listed=listed,
        name=str,
    )
