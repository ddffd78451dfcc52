"""A member's star over time: their readings across the versions of their
star, for the staff page and the member's own plan."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from keyring_net.actors import Actor
from members.models import Member
from support_plans.models import AreaScore, StarArea, StarReading, StarTemplate
from support_plans.radar import Series, radar_svg


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
