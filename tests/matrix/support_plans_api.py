"""Role matrix entries for the stars and support plans API.

Reading: the care roles, for the members they reach, and the member, for
their own records. Writing: the care roles; connections volunteers reach the
member but may not read or write plans (403). Two writes are the member's
own: agreeing their plan as the member, and asking for an early review (only
the member may). The stars (templates) are read by the care roles and
organisation admins, and added or changed by support managers and
organisation admins (as on the pages); admins do not read plans.
"""

from __future__ import annotations

import datetime

from tests.matrix.support_plans import _goal_id, _plan
from tests.routes import CARE, member_object, only

READERS = [*CARE, "member"]
STAR_READERS = [*CARE, "org_admin"]
MANAGERS = ["support_manager", "org_admin"]


def _list(post: list[str] | None = None) -> dict:
    entry = {"GET": only(*READERS)}
    if post is not None:
        entry["POST"] = only(*post)
    return entry


MATRIX = {
    # The stars: read by those who take readings and those who manage them.
    "api-star-template-list": {"GET": only(*STAR_READERS), "POST": only(*MANAGERS)},
    "api-star-template-detail": {"GET": only(*STAR_READERS), "PUT": only(*MANAGERS)},
    "api-star-reading-list": _list(post=CARE),
    "api-star-reading-detail": {"GET": member_object(READERS)},
    "api-plan-list": _list(post=CARE),
    "api-plan-detail": {"GET": member_object(READERS)},
    # Sent empty: a worker agrees as the worker, the member as the member.
    "api-plan-agree": {"POST": member_object(READERS)},
    "api-goal-list": _list(post=CARE),
    "api-goal-detail": {"GET": member_object(READERS)},
    "api-action-list": _list(post=CARE),
    "api-action-detail": {"GET": member_object(READERS)},
    "api-risk-plan-list": _list(post=CARE),
    "api-risk-plan-detail": {"GET": member_object(READERS)},
    "api-crisis-plan-list": _list(post=CARE),
    "api-crisis-plan-detail": {"GET": member_object(READERS), "PATCH": member_object(CARE)},
    # Only the member asks for an early review of their plan.
    "api-plan-review-list": _list(post=["member"]),
    "api-plan-review-detail": {"GET": member_object(READERS)},
}

READ_ON = datetime.date(2026, 10, 1)


def _template(world):
    # The same star as ``star_template_id`` (tests/matrix/star_templates.py).
    from django_scopes import scopes_disabled

    from support_plans.stars import ensure_default_template

    with scopes_disabled():
        return ensure_default_template(world.organisation)


def _reading_id(world) -> int:
    """A reading of the world member's star, every area scored."""
    from django_scopes import scopes_disabled

    from support_plans.models import AreaScore, StarReading

    template = _template(world)
    with scopes_disabled():
        reading, created = StarReading.objects.get_or_create(
            organisation=world.organisation,
            member=world.member,
            template=template,
            taken_on=READ_ON,
            defaults={"worker": world.clv, "notes": f"Reading {world.marker}"},
        )
        if created:
            AreaScore.objects.bulk_create(
                AreaScore(organisation=world.organisation, reading=reading, area=area, score=5)
                for area in template.areas.all()
            )
        return reading.pk


def _made(world, model, defaults: dict, **lookup) -> int:
    """The world's row of ``model``, made on first use: a row in every world
    would change what other tests count."""
    from django_scopes import scopes_disabled

    with scopes_disabled():
        row = model.objects.filter(**lookup).order_by("pk").first()
        if row is None:
            row = model.objects.create(organisation=world.organisation, **lookup, **defaults)
        return row.pk


def _action_id(world) -> int:
    from support_plans.models import Action

    defaults = {"text": f"Action {world.marker}", "who": "clv"}
    return _made(world, Action, defaults, goal_id=_goal_id(world))


def _risk_id(world) -> int:
    from support_plans.models import RiskItem

    defaults = {
        "risk": f"Risk {world.marker}",
        "what_could_go_well": "Making friends",
        "strategies": "Go with a neighbour",
    }
    return _made(world, RiskItem, defaults, plan=_plan(world))


def _crisis_plan_id(world) -> int:
    from support_plans.models import CrisisPlan

    return _made(world, CrisisPlan, {"early_signs": f"Signs {world.marker}"}, plan=_plan(world))


def _review_id(world) -> int:
    from support_plans.models import PlanReview

    return _made(world, PlanReview, {"due_on": READ_ON}, plan=_plan(world))


OBJECT_KWARGS = {
    "reading_id": _reading_id,
    "action_id": _action_id,
    "risk_id": _risk_id,
    "crisis_plan_id": _crisis_plan_id,
    "review_id": _review_id,
}
