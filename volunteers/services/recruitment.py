"""Recruitment records on a volunteer's profile: interviews, references and
DBS checks. Each takes the acting person, checks their permission and the
rules, and names them in the change history.
"""

from __future__ import annotations

import datetime
import re

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor, audited
from keyring_net.policy import Permission
from volunteers.models import (
    DBSCheck,
    Interview,
    Reference,
    VolunteerProfile,
)
from volunteers.services.people import not_in_future
from volunteers.wording import date_text

DBS_VALID_YEARS = 3
CERTIFICATE = re.compile(r"^\d{12}$")


# --- Recruitment records ----------------------------------------------------------------------


@transaction.atomic
def interview_record(
    *,
    actor: Actor,
    profile: VolunteerProfile,
    held_on: datetime.date,
    panel: str,
    members_on_panel: int = 0,
    notes: str = "",
) -> Interview:
    """Book a values-based interview (or record one held on paper), with who
    sits on the panel in words. Members sit on panels with an equal say:
    ``members_on_panel`` counts them.

    It has no outcome yet: the decision is made only by the panel
    (``volunteers.services.panels.interview_decide``), once each panel
    member has sent their scores, so every view and the reasons are kept.
    Interviews recorded with an outcome before panels keep it."""
    require(actor, Permission.MANAGE_VOLUNTEERS)
    if not panel.strip():
        raise ValidationError({"panel": "Say who sat on the panel."})
    if members_on_panel is None or members_on_panel < 0 or members_on_panel > 20:
        raise ValidationError(
            {"members_on_panel": "Enter how many members sat on the panel, like 2."}
        )
    interview = Interview(
        organisation=actor.organisation,
        profile=profile,
        held_on=held_on,
        panel=panel.strip(),
        members_on_panel=members_on_panel,
        outcome=Interview.Outcome.PENDING,
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
    not_in_future("received_on", received_on, "The date it came back cannot be in the future.")
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
            f"The renewal date must be after the issue date, {date_text(issued_on)}."
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
