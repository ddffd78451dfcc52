"""Training: a volunteer's completed courses, and the organisation's list of
courses (the four every volunteer needs, and any it adds).
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction

from keyring_net.access import require
from keyring_net.actors import Actor, audited, save_changes
from keyring_net.policy import Permission
from volunteers.clearance import ensure_mandatory_modules
from volunteers.models import (
    TrainingModule,
    TrainingRecord,
    VolunteerProfile,
)
from volunteers.selectors.people import (
    MANDATORY_NAMES,
)
from volunteers.services.people import not_in_future
from volunteers.wording import date_text


def training_expiry_default(
    module: TrainingModule, completed_on: datetime.date
) -> datetime.date | None:
    """When training in ``module`` done on ``completed_on`` runs out: after
    the course's ``valid_for_months``, or never."""
    if not module.valid_for_months:
        return None
    return completed_on + relativedelta(months=module.valid_for_months)


@transaction.atomic
def training_record(
    *,
    actor: Actor,
    profile: VolunteerProfile,
    module: TrainingModule,
    completed_on: datetime.date,
    expires_on: datetime.date | None = None,
) -> TrainingRecord:
    """Record a course done. It runs out after the course's usual length
    unless another date is given."""
    require(actor, Permission.MANAGE_VOLUNTEERS)
    if module.organisation_id != actor.organisation.pk:
        raise ValidationError({"module": "Choose one of your courses."})
    not_in_future("completed_on", completed_on, "The date it was done cannot be in the future.")
    if expires_on is not None and expires_on <= completed_on:
        raise ValidationError(
            {
                "expires_on": f"The date it runs out must be after the date it was done, "
                f"{date_text(completed_on)}."
            }
        )
    record = TrainingRecord(
        organisation=actor.organisation,
        profile=profile,
        module=module,
        completed_on=completed_on,
        expires_on=expires_on or training_expiry_default(module, completed_on),
    )
    audited(record, actor).save()
    return record


# --- Courses -----------------------------------------------------------------------------------


def mandatory_modules_ensure(*, actor: Actor) -> list[TrainingModule]:
    """Make the four mandatory courses if the organisation does not have them
    yet (the first time its courses are looked at). A no-op after that."""
    require(actor, Permission.VIEW_VOLUNTEERS)
    return ensure_mandatory_modules(actor.organisation, actor)


def _check_module(
    *, actor: Actor, name: str, valid_for_months: int | None, module: TrainingModule | None
) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Enter the name of the course."})
    if len(name) > 120:
        raise ValidationError({"name": "Enter a name of 120 characters or fewer."})
    if valid_for_months is not None and not 1 <= valid_for_months <= 120:
        raise ValidationError(
            {"valid_for_months": "Enter a number of months from 1 to 120, or leave it empty."}
        )
    same = TrainingModule.objects.filter(organisation=actor.organisation, name__iexact=name)
    if module is not None:
        same = same.exclude(pk=module.pk)
    if same.exists():
        raise ValidationError({"name": f"There is already a course called {name}."})
    return name


@transaction.atomic
def module_add(*, actor: Actor, name: str, valid_for_months: int | None) -> TrainingModule:
    """Add one of the organisation's further courses (never mandatory: the
    four mandatory ones are the same everywhere)."""
    require(actor, Permission.MANAGE_VOLUNTEERS)
    ensure_mandatory_modules(actor.organisation, actor)
    name = _check_module(actor=actor, name=name, valid_for_months=valid_for_months, module=None)
    module = TrainingModule(
        organisation=actor.organisation,
        name=name,
        mandatory=False,
        valid_for_months=valid_for_months,
    )
    audited(module, actor).save()
    return module


def _is_one_of_the_four(module: TrainingModule) -> bool:
    return module.mandatory or module.name in MANDATORY_NAMES


@transaction.atomic
def module_change(
    *, actor: Actor, module: TrainingModule, name: str, valid_for_months: int | None
) -> TrainingModule:
    """Rename a further course, or change how long any course lasts. The
    four mandatory courses keep their names and stay mandatory."""
    require(actor, Permission.MANAGE_VOLUNTEERS)
    name = _check_module(actor=actor, name=name, valid_for_months=valid_for_months, module=module)
    if _is_one_of_the_four(module) and name != module.name:
        raise ValidationError(
            {"name": "The four mandatory courses keep their names. Only change how long it lasts."}
        )
    module.name = name
    module.valid_for_months = valid_for_months
    save_changes(module, actor, "name", "valid_for_months")
    return module


@transaction.atomic
def module_delete(*, actor: Actor, module: TrainingModule) -> None:
    """Delete a further course nobody has done. The four mandatory courses
    are never deleted."""
    require(actor, Permission.MANAGE_VOLUNTEERS)
    if _is_one_of_the_four(module):
        raise ValidationError(
            f"{module.name} is one of the four mandatory courses. It cannot be deleted."
        )
    if TrainingRecord.objects.filter(organisation=actor.organisation, module=module).exists():
        raise ValidationError(
            f"Training in {module.name} has been recorded, so it cannot be deleted. "
            "Records of it would be lost."
        )
    audited(module, actor).delete()
