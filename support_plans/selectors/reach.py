"""Who reaches which stars and plans: one set of rules for the pages and
the API alike.

Staff whose role reads plans reach the plans of the members they reach
(``member_reach``). Someone who reads only their own records (a member, even
one who is also, say, a connections volunteer) reaches only their own,
whatever else their roles reach. Each function returns the rows of the
viewer's organisation in their reach; the access functions (``..._for_viewer``)
answer 404 for a row out of reach, then 403 for a role without the
permission.
"""

from __future__ import annotations

from keyring_net.access import not_found, require
from keyring_net.actors import Actor
from keyring_net.policy import Permission, can
from members.models import Member
from members.selectors import members_for_viewer
from support_plans.models import (
    Action,
    CrisisPlan,
    Goal,
    PlanReview,
    ProgressNote,
    RiskItem,
    StarArea,
    StarReading,
    StarTemplate,
    SupportPlan,
)


def own_only(actor: Actor) -> bool:
    """A member reading their own records: no role that reads others' plans."""
    return can(actor, Permission.VIEW_OWN_RECORD) and not can(actor, Permission.VIEW_PLANS)


def members_in_reach(actor: Actor):
    """The members whose stars and plans ``actor`` reaches."""
    members = members_for_viewer(actor)
    return members.filter(user=actor.user) if own_only(actor) else members


def plans_in_reach(actor: Actor):
    return SupportPlan.objects.filter(
        organisation=actor.organisation, member__in=members_in_reach(actor).values("pk")
    )


def readings_in_reach(actor: Actor):
    return StarReading.objects.filter(
        organisation=actor.organisation, member__in=members_in_reach(actor).values("pk")
    )


def _plan_parts(model, actor: Actor):
    """Rows of a part of a plan (``model`` has a ``plan``) in reach."""
    return model.objects.filter(organisation=actor.organisation, plan__in=plans_in_reach(actor))


def goals_in_reach(actor: Actor):
    return _plan_parts(Goal, actor)


def progress_notes_in_reach(actor: Actor):
    return ProgressNote.objects.filter(
        organisation=actor.organisation, goal__in=goals_in_reach(actor)
    )


def risks_in_reach(actor: Actor):
    return _plan_parts(RiskItem, actor)


def crisis_plans_in_reach(actor: Actor):
    return _plan_parts(CrisisPlan, actor)


def reviews_in_reach(actor: Actor):
    return _plan_parts(PlanReview, actor)


def actions_in_reach(actor: Actor):
    return Action.objects.filter(organisation=actor.organisation, goal__in=goals_in_reach(actor))


def star_templates_of(actor: Actor):
    """The organisation's stars: everyone who works with stars reads them."""
    return StarTemplate.objects.filter(organisation=actor.organisation)


def star_areas_of(actor: Actor):
    return StarArea.objects.filter(organisation=actor.organisation)


def member_get_for_plans(
    *, actor: Actor, member_id: int, permission: Permission = Permission.VIEW_PLANS
) -> Member:
    """A member whose star and plan the viewer reaches."""
    member = members_in_reach(actor).filter(pk=member_id).first()
    if member is None:
        raise not_found()
    require(actor, permission)
    return member


def plan_get_for_viewer(
    *, actor: Actor, plan_id: int, permission: Permission = Permission.VIEW_PLANS
) -> SupportPlan:
    plan = plans_in_reach(actor).select_related("member", "previous").filter(pk=plan_id).first()
    if plan is None:
        raise not_found()
    require(actor, permission)
    return plan


def goal_get_for_viewer(*, actor: Actor, goal_id: int) -> Goal:
    goal = goals_in_reach(actor).filter(pk=goal_id).select_related("plan", "plan__member").first()
    if goal is None:
        raise not_found()
    require(actor, Permission.WRITE_PLANS)
    return goal
