"""An organisation's stars: their areas, scale and journey stages.

A star nobody has used yet is changed where it is. A star in use (a reading
was taken on it, or a plan's goal names one of its areas) is never changed
under them: saving makes a new version (``version`` + 1, ``previous``
pointing back), which becomes the active one, and the old version stays as
it was, with its readings still on it.

Every rule is checked by ``template_problems``, which answers in plain
words keyed by the form's field names (``stage_2_low``, ``area_0_easy_read_name``),
so the page shows each message next to the field it is about.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.db import transaction

from keyring_net.access import require
from keyring_net.actors import Actor, audited, save_changes, save_new
from keyring_net.models import Organisation
from keyring_net.pictograms import PICTOGRAMS
from keyring_net.policy import Permission
from support_plans.models import Goal, StarArea, StarReading, StarStage, StarTemplate

# Every score is 1 to 10 (AreaScore's check), so every scale fits inside.
LOWEST_SCORE, HIGHEST_SCORE = 1, 10
# The radar chart needs three spokes; more than sixteen cannot be read.
MIN_AREAS, MAX_AREAS = 3, 16


@dataclass(frozen=True)
class StageInput:
    name: str
    easy_read_name: str
    low: int | None
    high: int | None
    row: int | None = None  # the form row it came from (its position if None)


@dataclass(frozen=True)
class AreaInput:
    name: str
    easy_read_name: str
    description: str = ""
    pictogram: str = "star"
    row: int | None = None


def _scores(low: int, high: int) -> str:
    return f"Score {low} is" if low == high else f"Scores {low} to {high} are"


def template_problems(
    *,
    organisation: Organisation,
    name: str,
    scale_min: int | None,
    scale_max: int | None,
    stages: list[StageInput],
    areas: list[AreaInput],
    template: StarTemplate | None = None,
) -> dict[str, str]:
    """What is wrong with a star, field name -> plain message. Empty when
    it can be saved."""
    errors: dict[str, str] = {}
    name = name.strip()
    if not name:
        errors["name"] = "Enter a name for the star."
    else:
        others = StarTemplate.objects.filter(organisation=organisation, name__iexact=name)
        if template is not None:
            others = others.exclude(pk__in=version_ids(template))
        if others.exists():
            errors["name"] = f"There is already a star called {name}. Choose another name."
    scale_ok = scale_min is not None and scale_max is not None
    if scale_min is None:
        errors["scale_min"] = "Enter the lowest score, like 1."
    elif scale_min < LOWEST_SCORE:
        scale_ok = False
        errors["scale_min"] = f"The lowest score must be {LOWEST_SCORE} or more."
    if scale_max is None:
        errors["scale_max"] = "Enter the highest score, like 10."
    elif scale_max > HIGHEST_SCORE:
        scale_ok = False
        errors["scale_max"] = f"The highest score can be {HIGHEST_SCORE} at most."
    elif scale_ok and scale_max <= scale_min:
        scale_ok = False
        errors["scale_max"] = f"The highest score must be more than the lowest score ({scale_min})."
    errors.update(_stage_problems(stages, scale_min, scale_max, scale_ok))
    errors.update(_area_problems(areas))
    return errors


def _stage_problems(stages, scale_min, scale_max, scale_ok) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not stages:
        return {"stages": "Add at least one stage of the journey."}
    whole = True  # every stage has both ends, in order (and inside a good scale)
    for index, stage in enumerate(stages):
        key = f"stage_{index if stage.row is None else stage.row}"
        if not stage.name.strip():
            errors[f"{key}_name"] = "Give this stage a name."
        if not stage.easy_read_name.strip():
            errors[f"{key}_easy_read_name"] = (
                "Give this stage an easy-read name, in words a member would use."
            )
        if stage.low is None:
            errors[f"{key}_low"] = "Enter the lowest score in this stage."
        if stage.high is None:
            errors[f"{key}_high"] = "Enter the highest score in this stage."
        if stage.low is None or stage.high is None:
            whole = False
            continue
        if stage.high < stage.low:
            whole = False
            errors[f"{key}_high"] = (
                f"The highest score in a stage cannot be below its lowest ({stage.low})."
            )
        elif scale_ok and (stage.low < scale_min or stage.high > scale_max):
            whole = False
            field = f"{key}_low" if stage.low < scale_min else f"{key}_high"
            errors[field] = f"Stages must fit inside the scale, {scale_min} to {scale_max}."
    if not whole:
        return errors
    ordered = sorted(stages, key=lambda s: (s.low, s.high))
    keys = {id(s): f"stage_{i if s.row is None else s.row}" for i, s in enumerate(stages)}
    first, last = ordered[0], ordered[-1]
    if scale_ok and first.low > scale_min:
        errors[f"{keys[id(first)]}_low"] = (
            f"{_scores(scale_min, first.low - 1)} in no stage: "
            f"the first stage must start at {scale_min}."
        )
    for before, stage in pairwise(ordered):
        key = f"{keys[id(stage)]}_low"
        if stage.low <= before.high:
            errors[key] = (
                f"This stage overlaps {before.name.strip() or 'the one before'} "
                f"({before.low} to {before.high}): start it at {before.high + 1}."
            )
        elif stage.low > before.high + 1:
            errors[key] = (
                f"{_scores(before.high + 1, stage.low - 1)} in no stage: "
                f"start this stage at {before.high + 1}."
            )
    if scale_ok and last.high < scale_max:
        errors.setdefault(
            f"{keys[id(last)]}_high",
            f"{_scores(last.high + 1, scale_max)} in no stage: "
            f"the last stage must end at {scale_max}.",
        )
    return errors


def _area_problems(areas) -> dict[str, str]:
    errors: dict[str, str] = {}
    if len(areas) < MIN_AREAS:
        errors["areas"] = f"A star needs at least {MIN_AREAS} areas."
    elif len(areas) > MAX_AREAS:
        errors["areas"] = f"A star can have {MAX_AREAS} areas at most."
    seen: set[str] = set()
    for index, area in enumerate(areas):
        key = f"area_{index if area.row is None else area.row}"
        name = area.name.strip()
        if not name:
            errors[f"{key}_name"] = "Give this area a name."
        elif name.lower() in seen:
            errors[f"{key}_name"] = f"There is already an area called {name} on this star."
        seen.add(name.lower())
        if not area.easy_read_name.strip():
            errors[f"{key}_easy_read_name"] = (
                f"Give {name or 'this area'} an easy-read name, in words a member would use."
            )
        if area.pictogram not in PICTOGRAMS:
            errors[f"{key}_pictogram"] = "Choose a picture from the list."
    return errors


def version_ids(template: StarTemplate) -> set[int]:
    """The template and every earlier version of it."""
    ids = {template.pk}
    previous_id = template.previous_id
    while previous_id is not None and previous_id not in ids:
        ids.add(previous_id)
        previous_id = (
            StarTemplate.objects.filter(pk=previous_id)
            .values_list("previous_id", flat=True)
            .first()
        )
    return ids


def template_in_use(template: StarTemplate) -> bool:
    """True once a reading was taken on it or a goal names one of its areas:
    from then on it is only ever changed by a new version."""
    return (
        StarReading.objects.filter(
            organisation=template.organisation_id, template=template
        ).exists()
        or Goal.objects.filter(
            organisation=template.organisation_id, area__template=template
        ).exists()
    )


def _check(actor: Actor, template: StarTemplate | None, **fields) -> None:
    errors = template_problems(organisation=actor.organisation, template=template, **fields)
    if errors:
        raise ValidationError(errors)


def _fill(actor: Actor, template: StarTemplate, stages, areas) -> None:
    for stage in stages:
        audited(
            StarStage(
                organisation=actor.organisation,
                template=template,
                name=stage.name.strip(),
                easy_read_name=stage.easy_read_name.strip(),
                low=stage.low,
                high=stage.high,
            ),
            actor,
        ).save()
    for position, area in enumerate(areas, start=1):
        audited(
            StarArea(
                organisation=actor.organisation,
                template=template,
                position=position,
                name=area.name.strip(),
                easy_read_name=area.easy_read_name.strip(),
                description=area.description.strip(),
                pictogram=area.pictogram,
            ),
            actor,
        ).save()


def _new_star(
    actor: Actor,
    *,
    name: str,
    description: str,
    scale_min: int,
    scale_max: int,
    stages: list[StageInput],
    areas: list[AreaInput],
    previous: StarTemplate | None = None,
) -> StarTemplate:
    """A new star, or the next version of ``previous``, with its stages and
    areas."""
    template = save_new(
        actor,
        StarTemplate,
        name=name.strip(),
        description=description.strip(),
        version=previous.version + 1 if previous else 1,
        previous=previous,
        scale_min=scale_min,
        scale_max=scale_max,
    )
    _fill(actor, template, stages, areas)
    return template


@transaction.atomic
def template_create(
    *,
    actor: Actor,
    name: str,
    scale_min: int,
    scale_max: int,
    stages: list[StageInput],
    areas: list[AreaInput],
    description: str = "",
) -> StarTemplate:
    """A new star of the organisation's own, version 1."""
    require(actor, Permission.MANAGE_STAR_TEMPLATES)
    star = {"name": name, "scale_min": scale_min, "scale_max": scale_max}
    star.update(stages=stages, areas=areas)
    _check(actor, None, **star)
    return _new_star(actor, **star, description=description)


def _content(template: StarTemplate) -> tuple:
    return (
        template.name,
        template.description,
        template.scale_min,
        template.scale_max,
        sorted((s.name, s.easy_read_name, s.low, s.high) for s in template.stages.all()),
        [
            (a.name, a.easy_read_name, a.description, a.pictogram)
            for a in template.areas.order_by("position")
        ],
    )


@transaction.atomic
def template_change(
    *,
    actor: Actor,
    template: StarTemplate,
    name: str,
    scale_min: int,
    scale_max: int,
    stages: list[StageInput],
    areas: list[AreaInput],
    description: str = "",
) -> StarTemplate:
    """Change a star. Unused, it is changed where it is; in use, the change
    is a new version and the old one is kept exactly as it was. Returns the
    template as it is now (the new version, if one was made; the same one
    when nothing changed)."""
    require(actor, Permission.MANAGE_STAR_TEMPLATES)
    # One change at a time: two saves at once must not both make version n+1.
    template = StarTemplate.objects.select_for_update().get(
        organisation=actor.organisation, pk=template.pk
    )
    if not template.is_active:
        raise ValidationError(
            f"Version {template.version} is kept as it was, for the readings taken on it. "
            "Change the newest version instead."
        )
    star = {"name": name, "scale_min": scale_min, "scale_max": scale_max}
    star.update(stages=stages, areas=areas)
    _check(actor, template, **star)
    wanted = (
        name.strip(),
        description.strip(),
        scale_min,
        scale_max,
        sorted((s.name.strip(), s.easy_read_name.strip(), s.low, s.high) for s in stages),
        [
            (a.name.strip(), a.easy_read_name.strip(), a.description.strip(), a.pictogram)
            for a in areas
        ],
    )
    if wanted == _content(template):
        return template
    if not template_in_use(template):
        template.name, template.description = wanted[0], wanted[1]
        template.scale_min, template.scale_max = scale_min, scale_max
        save_changes(template, actor, "name", "description", "scale_min", "scale_max")
        for row in [*template.stages.all(), *template.areas.all()]:
            audited(row, actor).delete()
        _fill(actor, template, stages, areas)
        return template
    template.is_active = False
    save_changes(template, actor, "is_active")
    return _new_star(actor, **star, description=description, previous=template)
