"""The parts of a plan version, written with the member: goals and their
actions, the personal budget, the positive risk plan and the crisis plan
(a draft version only), and progress notes (any version: they are a
diary)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from keyring_net.access import require
from keyring_net.actors import Actor, save_changes, save_new
from keyring_net.policy import Permission
from support_plans.models import (
    Action,
    CrisisPlan,
    Goal,
    PersonalBudget,
    ProgressNote,
    RiskItem,
    SupportPlan,
)


def _may_change(actor: Actor, plan: SupportPlan) -> None:
    """Parts are written by the roles that write plans, on a draft only."""
    require(actor, Permission.WRITE_PLANS)
    if plan.status != SupportPlan.Status.DRAFT:
        raise ValidationError(
            "This version has been agreed and is kept as it is. Start a new version to change it."
        )


@transaction.atomic
def goal_add(*, actor: Actor, plan: SupportPlan, in_own_words: str, area=None) -> Goal:
    _may_change(actor, plan)
    if not in_own_words.strip():
        raise ValidationError({"in_own_words": "Write the goal in the member's own words."})
    return save_new(
        actor,
        Goal,
        plan=plan,
        position=plan.goals.count() + 1,
        in_own_words=in_own_words.strip(),
        area=area,
    )


@transaction.atomic
def action_add(*, actor: Actor, goal: Goal, **fields) -> Action:
    """A step towards ``goal``: ``fields`` are the action's own (``text``,
    ``term``, ``who``, and ``who_name`` and ``by_when`` if given)."""
    _may_change(actor, goal.plan)
    by_when = fields.get("by_when")
    if by_when and by_when < goal.plan.created_at.date():
        raise ValidationError({"by_when": "The date must be after the plan was started."})
    return save_new(actor, Action, goal=goal, **fields)


@transaction.atomic
def progress_note_add(*, actor: Actor, goal: Goal, text: str) -> ProgressNote:
    """Progress is noted on any version, agreed or not: it is a diary."""
    require(actor, Permission.WRITE_PLANS)
    return save_new(actor, ProgressNote, goal=goal, text=text, written_by=actor.user)


@transaction.atomic
def risk_add(*, actor: Actor, plan: SupportPlan, **fields) -> RiskItem:
    _may_change(actor, plan)
    return save_new(actor, RiskItem, plan=plan, **fields)


def _set_one(actor: Actor, Model, plan: SupportPlan, fields: dict):
    """The version's one row of ``Model`` (its budget, its crisis plan):
    made with ``fields`` the first time; after that, only the fields sent
    change and the rest stay as they are."""
    row = Model.objects.filter(plan=plan).first()
    if row is None:
        return save_new(actor, Model, plan=plan, **fields)
    for name, value in fields.items():
        setattr(row, name, value)
    save_changes(row, actor, *fields)
    return row


@transaction.atomic
def budget_set(*, actor: Actor, plan: SupportPlan, **fields) -> PersonalBudget:
    _may_change(actor, plan)
    if fields.get("amount") is not None and fields["amount"] < 0:
        raise ValidationError({"amount": "The amount cannot be below zero."})
    return _set_one(actor, PersonalBudget, plan, fields)


@transaction.atomic
def crisis_set(*, actor: Actor, plan: SupportPlan, **fields) -> CrisisPlan:
    _may_change(actor, plan)
    return _set_one(actor, CrisisPlan, plan, fields)
