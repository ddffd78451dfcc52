"""Recording a member's outcome indicators: events in their life no other
record holds (a tenancy lost, an admission avoided, starting work).
Recorded by their workers; never deleted, only withdrawn with a reason."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor, audited, save_new
from keyring_net.policy import Permission
from members.models import Member
from outcomes.models import OutcomeIndicator


def _date_text(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


@transaction.atomic
def indicator_record(
    *, actor: Actor, member: Member, kind: str, happened_on: datetime.date, note: str = ""
) -> OutcomeIndicator:
    """Record that ``kind`` happened to ``member`` on ``happened_on``.

    Refuses a kind that is not one of ``OutcomeIndicator.Kind``, a date in
    the future and a date before the member joined, each with a plain
    message next to its field. ``member`` must be one the actor reaches
    (``members.selectors.member_get_for_viewer``)."""
    require(actor, Permission.RECORD_OUTCOMES)
    errors = {}
    if kind not in OutcomeIndicator.Kind.values:
        errors["kind"] = "Choose what happened."
    if happened_on is None:
        errors["happened_on"] = "Enter the date it happened."
    elif happened_on > timezone.localdate():
        errors["happened_on"] = "The date cannot be in the future."
    elif member.joined_on and happened_on < member.joined_on:
        errors["happened_on"] = (
            f"{member} joined on {_date_text(member.joined_on)}. Choose a date on or after that."
        )
    if errors:
        raise ValidationError(errors)
    return save_new(
        actor,
        OutcomeIndicator,
        member=member,
        kind=kind,
        happened_on=happened_on,
        note=note.strip(),
        recorded_by=actor.user,
    )


@transaction.atomic
def indicator_withdraw(
    *, actor: Actor, indicator: OutcomeIndicator, reason: str
) -> OutcomeIndicator:
    """Withdraw an indicator recorded by mistake: kept for the record, left
    out of every figure. The reason is required; withdrawing twice is
    refused."""
    require(actor, Permission.RECORD_OUTCOMES)
    if indicator.withdrawn_at is not None:
        withdrawn_on = timezone.localtime(indicator.withdrawn_at).date()
        raise ValidationError(f"This was already withdrawn on {_date_text(withdrawn_on)}.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why it is withdrawn."})
    if len(reason) > 250:
        raise ValidationError({"reason": "Keep the reason to 250 characters or fewer."})
    indicator.withdrawn_at = timezone.now()
    indicator.withdrawn_reason = reason
    audited(indicator, actor).save(update_fields=["withdrawn_at", "withdrawn_reason"])
    return indicator
