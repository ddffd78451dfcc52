"""Reads of stars and plans, within the viewer's organisation and reach."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from keyring_net.access import not_found, require
from keyring_net.actors import Actor
from keyring_net.policy import Permission
from members.models import Member
from members.selectors import members_for_viewer
from support_plans.models import (
    AreaScore,
    Goal,
    PlanComment,
    PlanReview,
    StarArea,
    StarReading,
    StarTemplate,
    SupportPlan,
)
from support_plans.radar import Series, radar_svg


def plans_for_viewer(actor: Actor):
    return SupportPlan.objects.filter(
        organisation=actor.organisation, member__in=members_for_viewer(actor).values("pk")
    )


def plan_get_for_viewer(
    *, actor: Actor, plan_id: int, permission: Permission = Permission.VIEW_PLANS
) -> SupportPlan:
    plan = plans_for_viewer(actor).select_related("member", "previous").filter(pk=plan_id).first()
    if plan is None:
        raise not_found()
    require(actor, permission)
    return plan


def goal_get_for_viewer(*, actor: Actor, goal_id: int) -> Goal:
    goal = (
        Goal.objects.filter(
            organisation=actor.organisation, pk=goal_id, plan__in=plans_for_viewer(actor)
        )
        .select_related("plan", "plan__member")
        .first()
    )
    if goal is None:
        raise not_found()
    require(actor, Permission.WRITE_PLANS)
    return goal


@dataclass
class StarPage:
    template: StarTemplate | None
    areas: list[StarArea]
    readings: list[StarReading]
    table: list[dict] = field(default_factory=list)  # one row per area
    svg: str = ""


def _lineage(organisation, template: StarTemplate) -> set[int]:
    """The ids of every version of ``template``'s star (it and the versions
    it replaced). One query: the organisation's stars are few."""
    previous = dict(
        StarTemplate.objects.filter(organisation=organisation).values_list("pk", "previous_id")
    )
    ids, current = set(), template.pk
    while current is not None and current not in ids:
        ids.add(current)
        current = previous.get(current)
    return ids


def star_page(*, actor: Actor, member: Member) -> StarPage:
    """The member's readings on their latest star, and on its earlier
    versions (areas matched by name): a radar of the first and the latest
    reading, and each area's journey as a table. Five queries."""
    readings = list(
        StarReading.objects.filter(organisation=actor.organisation, member=member)
        .select_related("template", "worker")
        .prefetch_related(
            Prefetch("scores", queryset=AreaScore.objects.select_related("area").order_by("pk"))
        )
        .order_by("taken_on", "pk")
    )
    if not readings:
        return StarPage(None, [], [])
    template = readings[-1].template
    versions = _lineage(actor.organisation, template)
    readings = [r for r in readings if r.template_id in versions]
    areas = list(StarArea.objects.filter(template=template).order_by("position"))
    by_name = {area.name.casefold(): area.pk for area in areas}
    by_reading = {}
    for reading in readings:
        scores = {}
        for score in reading.scores.all():
            if reading.template_id == template.pk:
                scores[score.area_id] = score
            elif score.area.name.casefold() in by_name:  # the same area in an earlier version
                scores[by_name[score.area.name.casefold()]] = score
        by_reading[reading.pk] = scores
    table = [
        {"area": area, "scores": [by_reading[r.pk].get(area.pk) for r in readings]}
        for area in areas
    ]
    # The radar needs a score for every area: the first reading that has them all.
    complete = [r for r in readings if all(a.pk in by_reading[r.pk] for a in areas)]
    shown = (
        [("First", complete[0]), ("Latest", complete[-1])]
        if len(complete) > 1
        else [("Latest", complete[-1])]
        if complete
        else []
    )
    series = [
        Series(
            f"{label}: {r.taken_on:%-d %B %Y}", tuple(by_reading[r.pk][a.pk].score for a in areas)
        )
        for label, r in shown
    ]
    svg = radar_svg(
        [a.name for a in areas], series, title=f"{member}'s star", scale_max=template.scale_max
    )
    return StarPage(template, areas, readings, table, svg)


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
