"""Star readings: a star filled in together, one agreed score for every
area, with the member's own words."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor, audited, save_new
from keyring_net.policy import Permission
from members.models import Member
from support_plans.models import AreaScore, StarReading, StarTemplate


@dataclass(frozen=True)
class AreaAnswer:
    area_id: int
    score: int
    member_words: str = ""
    worker_note: str = ""


def _answer_problems(template: StarTemplate, answers: list[AreaAnswer]) -> dict[str, str]:
    """What is wrong with the scores: each must be for an area of the star,
    once, on its scale, and every area needs one."""
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
    return errors


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
    errors = _answer_problems(template, answers)
    if errors:
        raise ValidationError(errors)
    reading = save_new(
        actor,
        StarReading,
        member=member,
        template=template,
        taken_on=taken_on,
        worker=actor.user,
        who_was_there=who_was_there,
        notes=notes,
    )
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
