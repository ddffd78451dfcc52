"""State changes for volunteer and enabler profiles: adding a recruit,
moving them through recruitment, interviews, references, DBS checks,
training, and the organisation's courses. Each takes the acting person,
checks their permission and the rules, and names them in the change history.

Errors are ``ValidationError``s in plain words, keyed by the field they are
about, so pages put them next to the field and the API answers 400 with them.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from allauth.account.models import EmailAddress
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor, audited
from keyring_net.models import User
from keyring_net.policy import Permission
from keyring_net.tenancy import people_identifiable
from networks.models import Home, Network
from volunteers.clearance import blockers, ensure_mandatory_modules
from volunteers.models import (
    DBSCheck,
    Interview,
    Reference,
    TrainingModule,
    TrainingRecord,
    VolunteerProfile,
)
from volunteers.selectors_people import (
    MANDATORY_NAMES,
    missing_to_move_on,
    next_stage,
    previous_stage,
    stage_name,
)

Kind = VolunteerProfile.Kind
Stage = VolunteerProfile.Stage

CLV_MINIMUM_HOURS = Decimal("12")
MOST_HOURS = Decimal("60")
DBS_VALID_YEARS = 3
CERTIFICATE = re.compile(r"^\d{12}$")
# django-simple-history keeps a change reason of up to 100 characters.
HISTORY_REASON_LENGTH = 100


def _date_text(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _not_in_future(name: str, day: datetime.date | None, message: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({name: message})


# --- Profiles --------------------------------------------------------------------------------


def _check_profile_details(
    *,
    actor: Actor,
    kind: str,
    network: Network | None,
    weekly_commitment_hours: Decimal,
    home: Home | None,
    rent_arrangement: str,
) -> None:
    errors: dict[str, str] = {}
    if kind not in Kind.values:
        errors["kind"] = "Choose what they will do."
    if network is not None and network.organisation_id != actor.organisation.pk:
        errors["network"] = "Choose one of your networks."
    hours = weekly_commitment_hours
    if hours is None or hours <= 0:
        errors["weekly_commitment_hours"] = "Enter the hours they give each week, like 12."
    elif hours > MOST_HOURS:
        errors["weekly_commitment_hours"] = f"Enter no more than {MOST_HOURS} hours a week."
    elif kind == Kind.CLV and hours < CLV_MINIMUM_HOURS:
        errors["weekly_commitment_hours"] = "A CLV gives at least 12 hours a week."
    if home is not None:
        if kind != Kind.CLV:
            errors["home"] = "Only a CLV lives in the network. Leave their home empty."
        elif network is None or home.network_id != network.pk:
            errors["home"] = "Choose a home in their network."
    if rent_arrangement.strip() and kind != Kind.CLV:
        errors["rent_arrangement"] = "Only a CLV has a rent arrangement. Leave it empty."
    if errors:
        raise ValidationError(errors)


def _person_for(
    *, actor: Actor, person: User | None, full_name: str, email: str
) -> tuple[User, str]:
    """The person a new record is for, and the field a problem with them is
    reported on. Someone new gets an account with no password and no
    e-mail: they can sign in only after an admin gives them a role."""
    if person is not None:
        if full_name.strip() or email.strip():
            raise ValidationError(
                {"person": "Choose someone who works here or enter someone new, not both."}
            )
        return person, "person"
    errors = {}
    if not full_name.strip():
        errors["full_name"] = "Enter their full name."
    email = email.strip().lower()
    if not email:
        errors["email"] = "Enter their e-mail address."
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = "Enter an e-mail address like name@example.org."
    if errors:
        raise ValidationError(errors)
    # They may already have an account through another organisation.
    with people_identifiable():
        existing = User.objects.filter(email__iexact=email).first()
        if existing is not None:
            return existing, "email"
        person = User(email=email, full_name=full_name.strip())
        person.set_unusable_password()
        audited(person, actor).save()
        EmailAddress.objects.create(user=person, email=email, primary=True, verified=False)
    return person, "email"


@transaction.atomic
def recruit_add(
    *,
    actor: Actor,
    kind: str,
    person: User | None = None,
    full_name: str = "",
    email: str = "",
    network: Network | None = None,
    weekly_commitment_hours: Decimal = CLV_MINIMUM_HOURS,
    home: Home | None = None,
    rent_arrangement: str = "",
    notes: str = "",
) -> VolunteerProfile:
    """Start someone's recruitment: a profile at "applied".

    ``person`` is someone of the organisation; otherwise ``full_name`` and
    ``email`` name someone new (or someone who already has an account,
    found by e-mail). No role is given: a role reaches members' records, so
    an admin gives it once they are cleared.
    """
    require(actor, Permission.MANAGE_VOLUNTEERS)
    _check_profile_details(
        actor=actor,
        kind=kind,
        network=network,
        weekly_commitment_hours=weekly_commitment_hours,
        home=home,
        rent_arrangement=rent_arrangement,
    )
    person, person_field = _person_for(actor=actor, person=person, full_name=full_name, email=email)
    existing = VolunteerProfile.objects.filter(
        organisation=actor.organisation, user=person, kind=kind
    ).first()
    if existing is not None:
        message = f"{person} already has a {Kind(kind).label.lower()} record."
        if existing.stage == Stage.LEFT:
            message += " They left: open their record and choose “They have applied again”."
        raise ValidationError({person_field: message})
    ensure_mandatory_modules(actor.organisation, actor)
    profile = VolunteerProfile(
        organisation=actor.organisation,
        user=person,
        kind=kind,
        network=network,
        stage=Stage.APPLIED,
        weekly_commitment_hours=weekly_commitment_hours,
        home=home,
        rent_arrangement=rent_arrangement.strip(),
        notes=notes.strip(),
    )
    audited(profile, actor).save()
    return profile


@transaction.atomic
def profile_change(
    *,
    actor: Actor,
    profile: VolunteerProfile,
    network: Network | None,
    weekly_commitment_hours: Decimal,
    home: Home | None,
    rent_arrangement: str,
    started_on: datetime.date | None,
    notes: str,
) -> VolunteerProfile:
    """Change a profile's network, commitment, home, rent arrangement,
    start date and notes. Its stage moves only through ``profile_move``."""
    require(actor, Permission.MANAGE_VOLUNTEERS)
    _check_profile_details(
        actor=actor,
        kind=profile.kind,
        network=network,
        weekly_commitment_hours=weekly_commitment_hours,
        home=home,
        rent_arrangement=rent_arrangement,
    )
    _not_in_future("started_on", started_on, "The start date cannot be in the future.")
    profile.network = network
    profile.weekly_commitment_hours = weekly_commitment_hours
    profile.home = home
    profile.rent_arrangement = rent_arrangement.strip()
    profile.started_on = started_on
    profile.notes = notes.strip()
    audited(profile, actor).save(
        update_fields=[
            "network",
            "weekly_commitment_hours",
            "home",
            "rent_arrangement",
            "started_on",
            "notes",
        ]
    )
    return profile


@transaction.atomic
def profile_move(
    *,
    actor: Actor,
    profile: VolunteerProfile,
    to_stage: str,
    reason: str = "",
    on: datetime.date | None = None,
) -> VolunteerProfile:
    """Move someone through recruitment, one stage at a time:

    * on to the next stage, once the stage they are at is done (an interview
      that ended in an offer, a satisfactory reference, an in-date DBS
      check); nobody becomes active without an in-date DBS check and the
      four mandatory courses in date. The error says what is missing;
    * back one stage, to put a mistake right (with a reason);
    * to "left", with a reason, kept in their notes and the change history;
    * from "left" back to "applied" when they apply again.

    Skipping a stage is refused, saying which stage comes next.
    """
    require(actor, Permission.MANAGE_VOLUNTEERS)
    on = on or timezone.localdate()
    reason = reason.strip()
    line = ""
    if profile.stage == Stage.LEFT:
        if to_stage != Stage.APPLIED:
            raise ValidationError(
                {
                    "to_stage": "They have left. If they apply again, choose "
                    "“They have applied again”: their record opens at applied."
                }
            )
        line = f"Applied again on {_date_text(on)}" + (f": {reason}" if reason else ".")
    elif to_stage == Stage.LEFT:
        if not reason:
            raise ValidationError({"reason": "Say why they left."})
        line = f"Left on {_date_text(on)}: {reason}"
    elif to_stage == previous_stage(profile.stage):
        if not reason:
            raise ValidationError({"reason": "Say why they are going back a stage."})
        line = (
            f"Went back from {stage_name(profile.stage)} to "
            f"{stage_name(to_stage)} on {_date_text(on)}: {reason}"
        )
    else:
        expected = next_stage(profile.stage)
        if expected is None:
            raise ValidationError({"to_stage": "They are already active."})
        if to_stage != expected:
            raise ValidationError(
                {
                    "to_stage": f"They are at {stage_name(profile.stage)}: "
                    f"the next stage is {stage_name(expected)}. "
                    "Stages cannot be skipped."
                }
            )
        missing = _missing_to_move_on(actor=actor, profile=profile, on=on)
        if missing:
            heading = (
                "They cannot be active until this is put right:"
                if to_stage == Stage.ACTIVE
                else f"They cannot move on to {stage_name(to_stage)} yet:"
            )
            raise ValidationError({"to_stage": [heading, *missing]})
        if to_stage == Stage.ACTIVE:
            profile.started_on = profile.started_on or on
        if reason:
            profile._change_reason = reason[:HISTORY_REASON_LENGTH]
    if line:
        profile.notes = f"{profile.notes}\n{line}".strip()
        profile._change_reason = line[:HISTORY_REASON_LENGTH]
    profile.stage = to_stage
    audited(profile, actor).save(update_fields=["stage", "started_on", "notes"])
    return profile


def _missing_to_move_on(*, actor: Actor, profile: VolunteerProfile, on: datetime.date) -> list[str]:
    """What the stage someone is at still needs (``missing_to_move_on``),
    reading only the records that stage is about."""
    organisation = actor.organisation
    stage = profile.stage
    return missing_to_move_on(
        stage,
        interviews=(
            list(Interview.objects.filter(organisation=organisation, profile=profile))
            if stage == Stage.INTERVIEW
            else []
        ),
        references=(
            list(Reference.objects.filter(organisation=organisation, profile=profile))
            if stage == Stage.REFERENCES
            else []
        ),
        dbs_checks=(
            list(DBSCheck.objects.filter(organisation=organisation, profile=profile))
            if stage == Stage.DBS
            else []
        ),
        clearance_reasons=(
            blockers(organisation, profile.user_id, on) if stage == Stage.INDUCTION else []
        ),
        on=on,
    )


# --- Recruitment records ----------------------------------------------------------------------


@transaction.atomic
def interview_record(
    *,
    actor: Actor,
    profile: VolunteerProfile,
    held_on: datetime.date,
    panel: str,
    members_on_panel: int = 0,
    outcome: str = Interview.Outcome.PENDING,
    notes: str = "",
) -> Interview:
    """Record a values-based interview. Members sit on panels with an equal
    say: ``members_on_panel`` counts them."""
    require(actor, Permission.MANAGE_VOLUNTEERS)
    if not panel.strip():
        raise ValidationError({"panel": "Say who sat on the panel."})
    if members_on_panel is None or members_on_panel < 0 or members_on_panel > 20:
        raise ValidationError(
            {"members_on_panel": "Enter how many members sat on the panel, like 2."}
        )
    if outcome not in Interview.Outcome.values:
        raise ValidationError({"outcome": "Choose the outcome."})
    if held_on > timezone.localdate() and outcome != Interview.Outcome.PENDING:
        raise ValidationError(
            {"outcome": "The interview has not happened yet, so it has no outcome."}
        )
    interview = Interview(
        organisation=actor.organisation,
        profile=profile,
        held_on=held_on,
        panel=panel.strip(),
        members_on_panel=members_on_panel,
        outcome=outcome,
        notes=notes.strip(),
    )
    audited(interview, actor).save()
    return interview


@transaction.atomic
def reference_record(
    *,
    actor: Actor,
    profile: VolunteerProfile,
    referee: str,
    received_on: datetime.date | None = None,
    satisfactory: bool | None = None,
) -> Reference:
    """Record a reference asked for (no date yet) or come back."""
    require(actor, Permission.MANAGE_VOLUNTEERS)
    if not referee.strip():
        raise ValidationError({"referee": "Enter who gave the reference."})
    _not_in_future("received_on", received_on, "The date it came back cannot be in the future.")
    if satisfactory is not None and received_on is None:
        raise ValidationError({"received_on": "Enter the date the reference came back."})
    reference = Reference(
        organisation=actor.organisation,
        profile=profile,
        referee=referee.strip(),
        received_on=received_on,
        satisfactory=satisfactory,
    )
    audited(reference, actor).save()
    return reference


def dbs_renewal_default(issued_on: datetime.date) -> datetime.date:
    """Three years after the issue date (28 February for a 29 February)."""
    return issued_on + relativedelta(years=DBS_VALID_YEARS)


@transaction.atomic
def dbs_check_record(
    *,
    actor: Actor,
    profile: VolunteerProfile,
    level: str,
    certificate_number: str,
    issued_on: datetime.date,
    on_update_service: bool = False,
    renewal_due: datetime.date | None = None,
) -> DBSCheck:
    """Record a DBS certificate. Its renewal is due three years after issue
    unless another date is given; a renewal on or before the issue date is
    refused."""
    require(actor, Permission.MANAGE_VOLUNTEERS)
    errors = {}
    if level not in DBSCheck.Level.values:
        errors["level"] = "Choose the level of the check."
    number = re.sub(r"[\s-]", "", certificate_number or "")
    if not CERTIFICATE.match(number):
        errors["certificate_number"] = (
            "The certificate number is 12 digits, like 001234567890. Check it and enter it again."
        )
    if issued_on > timezone.localdate():
        errors["issued_on"] = "The issue date cannot be in the future."
    if renewal_due is not None and renewal_due <= issued_on:
        errors["renewal_due"] = (
            f"The renewal date must be after the issue date, {_date_text(issued_on)}."
        )
    if errors:
        raise ValidationError(errors)
    check = DBSCheck(
        organisation=actor.organisation,
        profile=profile,
        level=level,
        certificate_number=number,
        issued_on=issued_on,
        on_update_service=on_update_service,
        renewal_due=renewal_due or dbs_renewal_default(issued_on),
    )
    audited(check, actor).save()
    return check


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
    _not_in_future("completed_on", completed_on, "The date it was done cannot be in the future.")
    if expires_on is not None and expires_on <= completed_on:
        raise ValidationError(
            {
                "expires_on": f"The date it runs out must be after the date it was done, "
                f"{_date_text(completed_on)}."
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
    audited(module, actor).save(update_fields=["name", "valid_for_months"])
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
