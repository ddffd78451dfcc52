"""Plan versions: starting one from the last, agreeing it on both sides,
and what changed between two."""

from __future__ import annotations

import datetime
import difflib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor, audited, save_changes, save_new
from keyring_net.policy import Permission
from members.models import Member
from support_plans.models import (
    Action,
    CrisisPlan,
    Goal,
    PersonalBudget,
    RiskItem,
    StarReading,
    SupportPlan,
)

REVIEW_AFTER = datetime.timedelta(days=365)


def current_plan(member: Member) -> SupportPlan | None:
    return (
        SupportPlan.objects.filter(organisation=member.organisation_id, member=member)
        .exclude(status=SupportPlan.Status.REPLACED)
        .order_by("-version")
        .first()
    )


@transaction.atomic
def plan_start(*, actor: Actor, member: Member, reading: StarReading | None = None) -> SupportPlan:
    """Start a new draft version, carrying over everything in the member's
    latest plan (goals, actions, budget, risks, crisis plan) to work from.
    A draft already open is returned as it is."""
    require(actor, Permission.WRITE_PLANS)
    if reading is not None and reading.member_id != member.pk:
        raise ValidationError({"reading": "Choose a star reading of this member."})
    latest = current_plan(member)
    if latest is not None and latest.status == SupportPlan.Status.DRAFT:
        return latest
    plan = save_new(
        actor,
        SupportPlan,
        member=member,
        version=(latest.version + 1) if latest else 1,
        previous=latest,
        worker=actor.user,
        reading=reading or (latest.reading if latest else None),
    )
    if latest is not None:
        _copy_content(actor, latest, plan)
    return plan


def _fields_of(row, link: str) -> dict:
    """What a copy of ``row`` keeps: every field but its id and its ``link``
    to the version (or goal) it belongs to."""
    return {
        field.attname: getattr(row, field.attname)
        for field in row._meta.concrete_fields
        if not field.primary_key and field.name != link
    }


def _copy_content(actor: Actor, source: SupportPlan, target: SupportPlan) -> None:
    for goal in source.goals.prefetch_related("actions"):
        new_goal = Goal(**_fields_of(goal, "plan"), plan=target)
        audited(new_goal, actor).save()
        for action in goal.actions.all():
            audited(Action(**_fields_of(action, "goal"), goal=new_goal), actor).save()
    for Part in (PersonalBudget, RiskItem, CrisisPlan):
        for row in Part.objects.filter(plan=source):
            audited(Part(**_fields_of(row, "plan"), plan=target), actor).save()


@transaction.atomic
def plan_agree(*, actor: Actor, plan: SupportPlan, as_member: bool) -> SupportPlan:
    """Record one side's agreement. The member signs for themselves, in
    their own login (with a supporter beside them if they like); a worker
    signs as the worker. When both have, the version is agreed, the one
    before it is replaced, and the review is due in a year."""
    if plan.status != SupportPlan.Status.DRAFT:
        raise ValidationError("This version is already agreed.")
    if not plan.goals.exists():
        raise ValidationError("Add at least one goal before agreeing the plan.")
    now = timezone.now()
    if as_member:
        if plan.member.user_id is None or actor.user.pk != plan.member.user_id:
            raise PermissionDenied(
                "Only the member can agree their plan as the member, in their own login."
            )
        plan.member_agreed_at = now
        changed = ["member_agreed_at"]
    else:
        require(actor, Permission.WRITE_PLANS)
        plan.worker_agreed_at = now
        plan.worker = actor.user
        changed = ["worker_agreed_at", "worker"]
    if plan.member_agreed_at and plan.worker_agreed_at:
        plan.status = SupportPlan.Status.AGREED
        plan.review_due = timezone.localdate() + REVIEW_AFTER
        changed += ["status", "review_due"]
        if plan.previous_id:
            previous = plan.previous
            previous.status = SupportPlan.Status.REPLACED
            save_changes(previous, actor, "status")
            # Agreed, its content is fixed: what changed is kept, not
            # worked out again each time the plan is shown.
            plan.changes = [list(change) for change in plan_diff(previous, plan)]
            changed.append("changes")
    save_changes(plan, actor, *changed)
    return plan


def plan_changes(plan: SupportPlan) -> list[tuple[str, str]]:
    """What changed from the previous version: kept since it was agreed,
    or (a draft, or a version agreed before they were kept) worked out."""
    if not plan.previous_id:
        return []
    if plan.changes is not None:
        return [(kind, line) for kind, line in plan.changes]
    return plan_diff(plan.previous, plan)


def plan_as_text(plan: SupportPlan) -> list[str]:
    """A plan version as plain lines, for a readable difference between two
    versions (difflib)."""
    lines = []
    for goal in plan.goals.prefetch_related("actions"):
        lines.append(f"Goal: {goal.in_own_words}")
        for action in goal.actions.all():
            when = f", by {action.by_when:%d %B %Y}" if action.by_when else ""
            lines.append(
                f"  Action ({action.get_term_display().lower()}, "
                f"{action.get_who_display().lower()}{when}): {action.text}"
            )
    budget = PersonalBudget.objects.filter(plan=plan).first()
    if budget:
        lines.append(
            f"Budget: £{budget.amount} {budget.get_period_display().lower()}, "
            f"{budget.get_managed_as_display().lower()}: {budget.pays_for}"
        )
    for risk in plan.risks.all():
        lines.append(
            f"Risk: {risk.risk} | could go well: {risk.what_could_go_well} | "
            f"strategies: {risk.strategies}"
        )
    crisis = CrisisPlan.objects.filter(plan=plan).first()
    if crisis:
        for field in CrisisPlan.PARTS:
            value = getattr(crisis, field)
            if value:
                lines.append(f"Crisis plan, {field.replace('_', ' ')}: {value}")
    return lines


def plan_diff(old: SupportPlan, new: SupportPlan) -> list[tuple[str, str]]:
    """What changed between two versions: ("added" | "removed", line)."""
    result = []
    for line in difflib.ndiff(plan_as_text(old), plan_as_text(new)):
        if line.startswith("+ "):
            result.append(("added", line[2:]))
        elif line.startswith("- "):
            result.append(("removed", line[2:]))
    return result
