"""State changes for volunteer and enabler profiles: adding a recruit,
moving them through recruitment, interviews, references, DBS checks,
training, and the organisation's courses. Each takes the acting person,
checks their permission and the rules, and names them in the change history.

Errors are ``ValidationError``s in plain words, keyed by the field they are
about, so pages put them next to the field and the API answers 400 with them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor, audited, save_changes
from keyring_net.models import User
from keyring_net.policy import Permission
from keyring_net.tenancy import people_identifiable
from networks.models import Home, Network
from volunteers.clearance import blockers, ensure_mandatory_modules
from volunteers.models import (
    DBSCheck,
    Interview,
    Reference,
    VolunteerProfile,
)
from volunteers.selectors.people import (
    missing_to_move_on,
    next_stage,
    previous_stage,
    stage_name,
)
from volunteers.wording import date_text

Kind = VolunteerProfile.Kind
Stage = VolunteerProfile.Stage

CLV_MINIMUM_HOURS = Decimal("12")
MOST_HOURS = Decimal("60")
# django-simple-history keeps a change reason of up to 100 characters.
HISTORY_REASON_LENGTH = 100


def not_in_future(name: str, day: datetime.date | None, message: str) -> None:
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


# What changing a profile's details may change (its stage moves on its own).
PROFILE_DETAILS = (
    "network",
    "weekly_commitment_hours",
    "home",
    "rent_arrangement",
    "started_on",
    "notes",
)


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
    not_in_future("started_on", started_on, "The start date cannot be in the future.")
    profile.network = network
    profile.weekly_commitment_hours = weekly_commitment_hours
    profile.home = home
    profile.rent_arrangement = rent_arrangement.strip()
    profile.started_on = started_on
    profile.notes = notes.strip()
    save_changes(profile, actor, *PROFILE_DETAILS)
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
        line = f"Applied again on {date_text(on)}" + (f": {reason}" if reason else ".")
    elif to_stage == Stage.LEFT:
        if not reason:
            raise ValidationError({"reason": "Say why they left."})
        line = f"Left on {date_text(on)}: {reason}"
    elif to_stage == previous_stage(profile.stage):
        if not reason:
            raise ValidationError({"reason": "Say why they are going back a stage."})
        line = (
            f"Went back from {stage_name(profile.stage)} to "
            f"{stage_name(to_stage)} on {date_text(on)}: {reason}"
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
    save_changes(profile, actor, "stage", "started_on", "notes")
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
