"""A member's plan version with everything in it, for the staff page and
the member's own plan."""

from __future__ import annotations

from dataclasses import dataclass

from keyring_net.actors import Actor
from members.models import Member
from support_plans.models import Goal, PlanComment, PlanReview, SupportPlan


@dataclass
class PlanPage:
    plan: SupportPlan | None
    goals: list[Goal]
    comments: list[PlanComment]
    reviews: list[PlanReview]
    versions: list[SupportPlan]


def plan_page(*, actor: Actor, member: Member, plan: SupportPlan | None = None) -> PlanPage:
    """A plan version with everything in it, in a fixed number of queries."""
    versions = list(
        SupportPlan.objects.filter(organisation=actor.organisation, member=member)
        .select_related("worker")
        .order_by("-version")
    )
    if plan is None:
        plan = next((v for v in versions if v.status != SupportPlan.Status.REPLACED), None)
    if plan is None:
        return PlanPage(None, [], [], [], versions)
    goals = list(
        Goal.objects.filter(plan=plan)
        .select_related("area")
        .prefetch_related("actions", "progress__written_by")
        .order_by("position", "pk")
    )
    plan = (
        SupportPlan.objects.filter(pk=plan.pk)
        .select_related("budget", "crisis", "worker", "member")
        .prefetch_related("risks")
        .first()
    )
    comments = list(PlanComment.objects.filter(plan=plan).select_related("author"))
    reviews = list(PlanReview.objects.filter(plan=plan).order_by("-asked_at"))
    return PlanPage(plan, goals, comments, reviews, versions)
