"""Role matrix entries for stars and support plans."""

from tests.routes import CARE, member_object, only

MATRIX = {
    "plans:star": {"GET": member_object(CARE)},
    "plans:reading-add": {m: member_object(CARE) for m in ("GET", "POST")},
    "plans:plan": {m: member_object(CARE) for m in ("GET", "POST")},
    "plans:version": {"GET": member_object(CARE)},
    "plans:goal-add": {"POST": member_object(CARE)},
    "plans:risk-add": {"POST": member_object(CARE)},
    "plans:budget": {m: member_object(CARE) for m in ("GET", "POST")},
    "plans:crisis": {m: member_object(CARE) for m in ("GET", "POST")},
    "plans:agree": {"POST": member_object(CARE)},
    "plans:action-add": {"POST": member_object(CARE)},
    "plans:progress-add": {"POST": member_object(CARE)},
    "plans:my-plan": {"GET": only("member")},
    "plans:my-agree": {"POST": only("member")},
    "plans:my-comment": {"POST": only("member")},
    "plans:my-review": {"POST": only("member")},
    "plans:my-plan-pdf": {"GET": only("member")},
}


def _plan(world):
    from django_scopes import scopes_disabled

    from support_plans.models import Goal, SupportPlan

    with scopes_disabled():
        plan = SupportPlan.objects.filter(member=world.member).first()
        if plan is None:
            plan = SupportPlan.objects.create(
                organisation=world.organisation, member=world.member, worker=world.clv
            )
            Goal.objects.create(
                organisation=world.organisation, plan=plan, in_own_words=f"Goal {world.marker}"
            )
        return plan


def _goal_id(world) -> int:
    from django_scopes import scopes_disabled

    from support_plans.models import Goal

    plan = _plan(world)
    with scopes_disabled():
        return Goal.objects.filter(plan=plan).values_list("pk", flat=True).first()


OBJECT_KWARGS = {
    "plan_id": lambda world: _plan(world).pk,
    "goal_id": _goal_id,
}
