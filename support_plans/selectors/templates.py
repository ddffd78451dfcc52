"""Reads of the organisation's stars, for the people who manage them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce

from keyring_net.access import not_found, require
from keyring_net.actors import Actor
from keyring_net.policy import Permission
from support_plans.models import Goal, StarArea, StarReading, StarStage, StarTemplate
from support_plans.selectors.reach import star_templates_of


def _count(queryset, link: str):
    """How many rows of ``queryset`` point at the template, as a subquery."""
    counted = (
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


@dataclass
class TemplateRow:
    template: StarTemplate
    earlier: list[StarTemplate] = field(default_factory=list)  # newest first


def star_template_rows(actor: Actor) -> list[TemplateRow]:
    """Each star in use now with its earlier versions, and how many areas,
    stages and readings each has. One query, however many stars."""
    require(actor, Permission.MANAGE_STAR_TEMPLATES)
    templates = list(
        star_templates_of(actor)
        .annotate(
            areas_count=_count(StarArea.objects.all(), "template"),
            stages_count=_count(StarStage.objects.all(), "template"),
            readings_count=_count(StarReading.objects.all(), "template"),
        )
        .order_by("name", "-version", "pk")
    )
    by_pk = {t.pk: t for t in templates}
    rows, placed = [], set()
    for template in templates:
        if not template.is_active:
            continue
        row = TemplateRow(template)
        placed.add(template.pk)
        previous = by_pk.get(template.previous_id)
        while previous is not None and previous.pk not in placed:
            row.earlier.append(previous)
            placed.add(previous.pk)
            previous = by_pk.get(previous.previous_id)
        rows.append(row)
    # A version whose newer one is missing (never expected) is still listed.
    rows.extend(TemplateRow(t) for t in templates if t.pk not in placed)
    return rows


def star_template_get_for_manager(*, actor: Actor, template_id: int) -> StarTemplate:
    """One of the organisation's stars with its areas and stages: 404 for
    another organisation's, then 403 for a role that does not manage stars."""
    template = (
        star_templates_of(actor)
        .filter(pk=template_id)
        .prefetch_related(
            Prefetch("areas", queryset=StarArea.objects.order_by("position")),
            Prefetch("stages", queryset=StarStage.objects.order_by("low", "pk")),
        )
        .first()
    )
    if template is None:
        raise not_found()
    require(actor, Permission.MANAGE_STAR_TEMPLATES)
    return template


@dataclass(frozen=True)
class TemplateUse:
    readings: int
    goals: int
    newer: StarTemplate | None  # the version that replaced this one

    @property
    def in_use(self) -> bool:
        return bool(self.readings or self.goals)


def star_template_use(template: StarTemplate) -> TemplateUse:
    return TemplateUse(
        readings=StarReading.objects.filter(
            organisation=template.organisation_id, template=template
        ).count(),
        goals=Goal.objects.filter(
            organisation=template.organisation_id, area__template=template
        ).count(),
        newer=StarTemplate.objects.filter(
            organisation=template.organisation_id, previous=template
        ).first(),
    )
