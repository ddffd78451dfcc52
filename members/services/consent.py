"""What a member consents to share, and the people they choose to involve."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from keyring_net.access import require
from keyring_net.actors import Actor, audited, save_changes
from keyring_net.policy import Permission
from members.models import ChosenPerson, Consent, Member


@transaction.atomic
def consent_record(*, actor: Actor, member: Member, **fields) -> Consent:
    require(actor, Permission.RECORD_CONTACTS)
    review = fields.get("review_on")
    if review and review < fields["recorded_on"]:
        raise ValidationError({"review_on": "The review date must be after it was recorded."})
    consent = Consent(
        organisation=actor.organisation, member=member, recorded_by=actor.user, **fields
    )
    audited(consent, actor).save()
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Actor, consent: Consent, on: datetime.date) -> Consent:
    require(actor, Permission.RECORD_CONTACTS)
    if consent.withdrawn_on is None:
        consent.withdrawn_on = on
        save_changes(consent, actor, "withdrawn_on")
    return consent


@transaction.atomic
def chosen_person_add(*, actor: Actor, member: Member, **fields) -> ChosenPerson:
    require(actor, Permission.RECORD_CONTACTS)
    if fields.get("is_emergency_contact") and fields.get("do_not_contact"):
        raise ValidationError(
            {
                "do_not_contact": "Someone who must never be contacted cannot be an emergency "
                "contact."
            }
        )
    person = ChosenPerson(organisation=actor.organisation, member=member, **fields)
    audited(person, actor).save()
    return person
