"""State changes for stars and support plans. Each takes the acting person.

"Doing with, not doing for": a plan version counts as agreed only when the
member themselves and a worker have both agreed it; the member's comments
and disagreements are kept with it for good.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor, audited
from keyring_net.policy import Permission
from members.models import Member
from support_plans.models import (
    Action,
    AreaScore,
    CrisisPlan,
    Goal,
    PersonalBudget,
    PlanComment,
    PlanReview,
    ProgressNote,
    RiskItem,
    StarReading,
    StarTemplate,
    SupportPlan,
)

REVIEW_AFTER = datetime.timedelta(days=365)
EARLY_REVIEW_WITHIN = datetime.timedelta(days=14)


@dataclass(frozen=True)
class AreaAnswer:
    area_id: int
    score: int
    member_words: str = ""
    worker_note: str = ""


@transaction.atomic
def reading_record(
    *,
    actor: Actor,
    member: Member,
    template: StarTemplate,
    taken_on: datetime.date,
    answers: list[AreaAnswer],
    who_was_there: str = "",
    notes: str = "",
) -> StarReading:
    """Record a star filled in together: one agreed score for every area of
    the template, with the member's own words."""
    require(actor, Permission.WRITE_PLANS)
    if taken_on > timezone.localdate():
        raise ValidationError({"taken_on": "The reading cannot be in the future."})
    if not template.is_active:
        raise ValidationError({"template": "This star has a newer version: use that one."})
    areas = {area.pk: area for area in template.areas.all()}
    errors = {}
    seen = set()
    for answer in answers:
        if answer.area_id not in areas:
            errors["answers"] = "Every score must be for an area of this star."
            continue
        if answer.area_id in seen:
            errors["answers"] = f"Give one score for {areas[answer.area_id].name}, not two."
            continue
        if not template.scale_min <= answer.score <= template.scale_max:
            errors[f"area_{answer.area_id}"] = (
                f"Scores go from {template.scale_min} to {template.scale_max}."
            )
        seen.add(answer.area_id)
    missing = [areas[pk].name for pk in areas if pk not in seen]
    if missing and "answers" not in errors:
        errors["answers"] = "Give a score for every area: " + ", ".join(missing) + "."
    if errors:
        raise ValidationError(errors)
    reading = audited(
        StarReading(
            organisation=actor.organisation,
            member=member,
            template=template,
            taken_on=taken_on,
            worker=actor.user,
            who_was_there=who_was_there,
            notes=notes,
        ),
        actor,
    )
    reading.save()
    for answer in answers:
        audited(
            AreaScore(
                organisation=actor.organisation,
                reading=reading,
                area_id=answer.area_id,
                score=answer.score,
                member_words=answer.member_words,
                worker_note=answer.worker_note,
            ),
            actor,
        ).save()
    return reading


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
    plan = audited(
        SupportPlan(
            organisation=actor.organisation,
            member=member,
            version=(latest.version + 1) if latest else 1,
            previous=latest,
            worker=actor.user,
            reading=reading or (latest.reading if latest else None),
        ),
        actor,
    )
    plan.save()
    if latest is not None:
        _copy_content(actor, latest, plan)
    return plan


def _copy_content(actor: Actor, source: SupportPlan, target: SupportPlan) -> None:
    org = actor.organisation
    for goal in source.goals.prefetch_related("actions"):
        new_goal = audited(
            Goal(
                organisation=org,
                plan=target,
                position=goal.position,
                in_own_words=goal.in_own_words,
                area_id=goal.area_id,
            ),
            actor,
        )
        new_goal.save()
        for action in goal.actions.all():
            audited(
                Action(
                    organisation=org,
                    goal=new_goal,
                    text=action.text,
                    term=action.term,
                    who=action.who,
                    who_name=action.who_name,
                    by_when=action.by_when,
                    done_on=action.done_on,
                ),
                actor,
            ).save()
    budget = PersonalBudget.objects.filter(plan=source).first()
    if budget:
        audited(
            PersonalBudget(
                organisation=org,
                plan=target,
                amount=budget.amount,
                period=budget.period,
                pays_for=budget.pays_for,
                managed_as=budget.managed_as,
            ),
            actor,
        ).save()
    for risk in source.risks.all():
        audited(
            RiskItem(
                organisation=org,
                plan=target,
                risk=risk.risk,
                what_could_go_well=risk.what_could_go_well,
                strategies=risk.strategies,
                who_helps=risk.who_helps,
            ),
            actor,
        ).save()
    crisis = CrisisPlan.objects.filter(plan=source).first()
    if crisis:
        fields = {
            f.name: getattr(crisis, f.name)
            for f in CrisisPlan._meta.concrete_fields
            if f.name not in ("id", "organisation", "plan")
        }
        audited(CrisisPlan(organisation=org, plan=target, **fields), actor).save()


def _draft_only(plan: SupportPlan) -> None:
    if plan.status != SupportPlan.Status.DRAFT:
        raise ValidationError(
            "This version has been agreed and is kept as it is. Start a new version to change it."
        )


@transaction.atomic
def goal_add(*, actor: Actor, plan: SupportPlan, in_own_words: str, area=None) -> Goal:
    require(actor, Permission.WRITE_PLANS)
    _draft_only(plan)
    if not in_own_words.strip():
        raise ValidationError({"in_own_words": "Write the goal in the member's own words."})
    position = plan.goals.count() + 1
    goal = audited(
        Goal(
            organisation=actor.organisation,
            plan=plan,
            position=position,
            in_own_words=in_own_words.strip(),
            area=area,
        ),
        actor,
    )
    goal.save()
    return goal


@transaction.atomic
def action_add(
    *,
    actor: Actor,
    goal: Goal,
    text: str,
    term: str,
    who: str,
    who_name: str = "",
    by_when: datetime.date | None = None,
) -> Action:
    require(actor, Permission.WRITE_PLANS)
    _draft_only(goal.plan)
    if by_when and by_when < goal.plan.created_at.date():
        raise ValidationError({"by_when": "The date must be after the plan was started."})
    action = audited(
        Action(
            organisation=actor.organisation,
            goal=goal,
            text=text,
            term=term,
            who=who,
            who_name=who_name,
            by_when=by_when,
        ),
        actor,
    )
    action.save()
    return action


@transaction.atomic
def progress_note_add(*, actor: Actor, goal: Goal, text: str) -> ProgressNote:
    """Progress is noted on any version, agreed or not: it is a diary."""
    require(actor, Permission.WRITE_PLANS)
    note = audited(
        ProgressNote(organisation=actor.organisation, goal=goal, text=text, written_by=actor.user),
        actor,
    )
    note.save()
    return note


@transaction.atomic
def budget_set(*, actor: Actor, plan: SupportPlan, **fields) -> PersonalBudget:
    require(actor, Permission.WRITE_PLANS)
    _draft_only(plan)
    if fields.get("amount") is not None and fields["amount"] < 0:
        raise ValidationError({"amount": "The amount cannot be below zero."})
    budget = PersonalBudget.objects.filter(plan=plan).first() or PersonalBudget(
        organisation=actor.organisation, plan=plan
    )
    for name, value in fields.items():
        setattr(budget, name, value)
    audited(budget, actor).save()
    return budget


@transaction.atomic
def risk_add(*, actor: Actor, plan: SupportPlan, **fields) -> RiskItem:
    require(actor, Permission.WRITE_PLANS)
    _draft_only(plan)
    item = audited(RiskItem(organisation=actor.organisation, plan=plan, **fields), actor)
    item.save()
    return item


@transaction.atomic
def crisis_set(*, actor: Actor, plan: SupportPlan, **fields) -> CrisisPlan:
    require(actor, Permission.WRITE_PLANS)
    _draft_only(plan)
    crisis = CrisisPlan.objects.filter(plan=plan).first() or CrisisPlan(
        organisation=actor.organisation, plan=plan
    )
    for name, value in fields.items():
        setattr(crisis, name, value)
    audited(crisis, actor).save()
    return crisis


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
    else:
        require(actor, Permission.WRITE_PLANS)
        plan.worker_agreed_at = now
        plan.worker = actor.user
    if plan.member_agreed_at and plan.worker_agreed_at:
        plan.status = SupportPlan.Status.AGREED
        plan.review_due = timezone.localdate() + REVIEW_AFTER
        if plan.previous_id:
            previous = plan.previous
            previous.status = SupportPlan.Status.REPLACED
            audited(previous, actor).save(update_fields=["status"])
    audited(plan, actor).save()
    return plan


@transaction.atomic
def member_comment(
    *, actor: Actor, plan: SupportPlan, part: str, text: str, disagrees: bool
) -> PlanComment:
    """The member's own comment on their plan, or that they disagree with a
    part. Kept with the version for good."""
    if plan.member.user_id is None or actor.user.pk != plan.member.user_id:
        raise PermissionDenied("Only the member can add their own comments here.")
    if not text.strip():
        raise ValidationError({"text": "Write what you want to say."})
    comment = audited(
        PlanComment(
            organisation=actor.organisation,
            plan=plan,
            part=part,
            text=text.strip(),
            disagrees=disagrees,
            by_member=True,
            author=actor.user,
        ),
        actor,
    )
    comment.save()
    return comment


@transaction.atomic
def review_request(*, actor: Actor, plan: SupportPlan, reason: str) -> PlanReview:
    """The member asks to talk about their plan sooner than planned. Asking
    again while a request is open changes nothing."""
    if plan.member.user_id is None or actor.user.pk != plan.member.user_id:
        raise PermissionDenied("Only the member can ask for an early review here.")
    open_request = PlanReview.objects.filter(
        organisation=actor.organisation,
        plan=plan,
        asked_by_member=True,
        completed_on__isnull=True,
    ).first()
    if open_request:
        return open_request
    review = audited(
        PlanReview(
            organisation=actor.organisation,
            plan=plan,
            due_on=timezone.localdate() + EARLY_REVIEW_WITHIN,
            asked_by_member=True,
            members_reason=reason,
        ),
        actor,
    )
    review.save()
    return review


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
        for field in (
            "early_signs",
            "what_helps",
            "what_does_not_help",
            "who_to_contact",
            "who_not_to_contact",
            "treatment_preferences",
            "treatment_refusals",
            "practical_arrangements",
        ):
            value = getattr(crisis, field)
            if value:
                lines.append(f"Crisis plan, {field.replace('_', ' ')}: {value}")
    return lines


def plan_diff(old: SupportPlan, new: SupportPlan) -> list[tuple[str, str]]:
    """What changed between two versions: ("added" | "removed", line)."""
    import difflib

    result = []
    for line in difflib.ndiff(plan_as_text(old), plan_as_text(new)):
        if line.startswith("+ "):
            result.append(("added", line[2:]))
        elif line.startswith("- "):
            result.append(("removed", line[2:]))
    return result
