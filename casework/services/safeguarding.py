"""Safeguarding: naming the organisation's leads, raising a concern (a
worker's short form, or a member's "I am worried"), and the lead's work on
it: the person's wishes, triage, the referral to the council, the actions
taken and closing it with an outcome.

Each function takes the acting person, checks the policy and the concern's
audience (``casework.selectors.safeguarding``) and names them in the change
history. Nothing here deletes a concern, an action or a lead.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casework import reminders_safeguarding
from casework.models import ConcernAction, ConcernView, SafeguardingConcern, SafeguardingLead
from casework.selectors.safeguarding import (
    lead_candidates,
    may_handle,
    members_to_raise_about,
    own_member_record,
    support_managers_of,
)
from keyring_net.access import require
from keyring_net.actors import Actor, save_changes, save_new
from keyring_net.models import User
from keyring_net.policy import Permission
from members.models import Member

Concern = SafeguardingConcern
CLOSED = "This concern is closed, so it stays as it is."
NOT_HANDLER = "Only a safeguarding lead or the member's support manager can do this."


# --- Leads --------------------------------------------------------------------------------------


@transaction.atomic
def lead_add(*, actor: Actor, person: User) -> SafeguardingLead:
    """Name a person with a staff role as a safeguarding lead."""
    require(actor, Permission.MANAGE_SAFEGUARDING_LEADS)
    if not lead_candidates(actor).filter(pk=person.pk).exists():
        raise ValidationError(
            {"person": f"{person} cannot be a lead: they are one already, or have no staff role."}
        )
    return save_new(actor, SafeguardingLead, person=person)


@transaction.atomic
def lead_end(*, actor: Actor, lead: SafeguardingLead) -> SafeguardingLead:
    """Stop someone being a lead. The row is kept: the record says who was
    a lead when."""
    require(actor, Permission.MANAGE_SAFEGUARDING_LEADS)
    if lead.ended_at is not None:
        raise ValidationError(f"{lead.person} is no longer a lead.")
    lead.ended_at = timezone.now()
    save_changes(lead, actor, "ended_at")
    return lead


# --- Raising a concern --------------------------------------------------------------------------


def _clean(text: str | None) -> str:
    return (text or "").strip()


@transaction.atomic
def concern_raise(
    *,
    actor: Actor,
    what_happened: str,
    urgency: str,
    member: Member | None = None,
    other_person: str = "",
    done_at_once: str = "",
    happened_at: datetime.datetime | None = None,
    where: str = "",
    kind: str = Concern.Kind.NOT_SURE,
) -> SafeguardingConcern:
    """Raise a concern about a member the raiser reaches, or about someone
    else described in words. The leads and the member's support managers
    are told at once (without the details)."""
    require(actor, Permission.RAISE_SAFEGUARDING)
    errors = {}
    other_person = _clean(other_person)
    if member is not None and not members_to_raise_about(actor).filter(pk=member.pk).exists():
        errors["member"] = "Choose someone from the list."
    if member is None and not other_person:
        errors["other_person"] = "Say who you are worried about."
    if not _clean(what_happened):
        errors["what_happened"] = "Say what happened, or what you saw or heard."
    if urgency not in Concern.Urgency.values:
        errors["urgency"] = "Choose how urgent it is."
    if kind not in Concern.Kind.values:
        errors["kind"] = "Choose the kind of concern."
    if happened_at is not None and happened_at > timezone.now() + datetime.timedelta(minutes=5):
        errors["happened_at"] = "When it happened cannot be in the future."
    if errors:
        raise ValidationError(errors)
    concern = save_new(
        actor,
        SafeguardingConcern,
        member=member,
        other_person="" if member is not None else other_person,
        raised_by=actor.user,
        what_happened=_clean(what_happened),
        done_at_once=_clean(done_at_once),
        happened_at=happened_at,
        where=_clean(where),
        urgency=urgency,
        kind=kind,
    )
    reminders_safeguarding.concern_raised(concern=concern)
    return concern


ABOUT_ME, ABOUT_SOMEONE_ELSE = "me", "someone_else"


@transaction.atomic
def worried_say(
    *, actor: Actor, about: str, wants_to_talk: bool, words: str = ""
) -> SafeguardingConcern:
    """A member says "I am worried" on their own pages. It becomes a concern
    raised by them, which reaches their support manager and the leads. The
    member never sees the concern's record."""
    require(actor, Permission.SAY_I_AM_WORRIED)
    member = own_member_record(actor)
    if member is None:
        raise PermissionDenied("This is for members.")
    errors = {}
    if about not in (ABOUT_ME, ABOUT_SOMEONE_ELSE):
        errors["about"] = "Choose who you are worried about."
    if len(words) > 2000:
        errors["words"] = "This is too long. Use 2000 letters or fewer."
    if errors:
        raise ValidationError(errors)
    words = _clean(words)
    who = "themselves" if about == ABOUT_ME else "someone else"
    what = f"{member} said on their own page that they are worried about {who}."
    if wants_to_talk:
        what += " They want to talk to someone."
    if words:
        what += f"\n\nIn their words: {words}"
    concern = save_new(
        actor,
        SafeguardingConcern,
        member=member if about == ABOUT_ME else None,
        other_person="" if about == ABOUT_ME else f"Someone {member} is worried about",
        raised_by=actor.user,
        raised_by_member=member,
        wants_to_talk=wants_to_talk,
        what_happened=what,
        urgency=Concern.Urgency.TODAY,
        wishes=words if about == ABOUT_ME else "",
        wishes_asked=Concern.WishesAsked.ASKED if words and about == ABOUT_ME else "not_yet",
    )
    reminders_safeguarding.concern_raised(concern=concern)
    return concern


def manager_first_name(member: Member | None) -> str:
    """The first name of the member's support manager, for "X will talk to
    you soon"; empty when their cluster has none."""
    manager = support_managers_of(member).first()
    if manager is None or not manager.full_name:
        return ""
    return manager.full_name.split()[0]


# --- The lead's work ----------------------------------------------------------------------------


def _handling(actor: Actor, concern: SafeguardingConcern) -> None:
    require(actor, Permission.RAISE_SAFEGUARDING)
    if not may_handle(actor, concern):
        raise PermissionDenied(NOT_HANDLER)
    if concern.stage == Concern.Stage.CLOSED:
        raise ValidationError(CLOSED)


@transaction.atomic
def concern_wishes(
    *,
    actor: Actor,
    concern: SafeguardingConcern,
    wishes_asked: str,
    wishes: str = "",
    wishes_not_asked_why: str = "",
) -> SafeguardingConcern:
    """Making safeguarding personal: what the person wants, in their own
    words, or why they were not asked."""
    _handling(actor, concern)
    wishes, why = _clean(wishes), _clean(wishes_not_asked_why)
    errors = {}
    if wishes_asked not in Concern.WishesAsked.values:
        errors["wishes_asked"] = "Choose whether they were asked."
    elif wishes_asked == Concern.WishesAsked.ASKED and not wishes:
        errors["wishes"] = "Write what they want, in their own words."
    elif wishes_asked == Concern.WishesAsked.NOT_ASKED and not why:
        errors["wishes_not_asked_why"] = "Say why they were not asked."
    if errors:
        raise ValidationError(errors)
    concern.wishes_asked, concern.wishes, concern.wishes_not_asked_why = wishes_asked, wishes, why
    save_changes(concern, actor, "wishes_asked", "wishes", "wishes_not_asked_why")
    return concern


@transaction.atomic
def concern_triage(
    *,
    actor: Actor,
    concern: SafeguardingConcern,
    kind: str,
    urgency: str,
    decision: str,
    reasons: str,
) -> SafeguardingConcern:
    """The lead's decision: refer to the council, act on it ourselves, or no
    safeguarding action, with the reasons. May be made again until closed."""
    _handling(actor, concern)
    errors = {}
    if kind not in Concern.Kind.values:
        errors["kind"] = "Choose the kind of concern."
    if urgency not in Concern.Urgency.values:
        errors["urgency"] = "Choose how urgent it is."
    if decision not in Concern.Decision.values:
        errors["decision"] = "Choose a decision."
    if not _clean(reasons):
        errors["reasons"] = "Give the reasons for the decision."
    if errors:
        raise ValidationError(errors)
    concern.kind, concern.urgency, concern.decision = kind, urgency, decision
    concern.decision_reasons = _clean(reasons)
    concern.triaged_by, concern.triaged_at = actor.user, timezone.now()
    if concern.stage == Concern.Stage.RAISED:
        concern.stage = Concern.Stage.TRIAGED
    save_changes(
        concern,
        actor,
        "kind",
        "urgency",
        "decision",
        "decision_reasons",
        "triaged_by",
        "triaged_at",
        "stage",
    )
    return concern


@transaction.atomic
def concern_refer(
    *,
    actor: Actor,
    concern: SafeguardingConcern,
    referred_on: datetime.date,
    referred_to: str,
    council_reference: str = "",
    council_decision: str = "",
) -> SafeguardingConcern:
    """A section 42 referral to the council: when, to whom, their reference
    and, later, their decision. Said again to add the reference or decision."""
    _handling(actor, concern)
    errors = {}
    if concern.triaged_at is None:
        errors["referred_to"] = "Triage the concern first."
    if referred_on is None:
        errors["referred_on"] = "Enter the date of the referral."
    elif referred_on > timezone.localdate():
        errors["referred_on"] = "The date of the referral cannot be in the future."
    elif referred_on < concern.raised_at.date() - datetime.timedelta(days=1):
        errors["referred_on"] = "The referral cannot be before the concern was raised."
    if not _clean(referred_to):
        errors["referred_to"] = "Say who at the council it went to."
    if errors:
        raise ValidationError(errors)
    concern.referred, concern.referred_on = True, referred_on
    concern.referred_to, concern.council_reference = _clean(referred_to), _clean(council_reference)
    concern.council_decision = _clean(council_decision)
    concern.stage = Concern.Stage.REFERRED
    save_changes(
        concern,
        actor,
        "referred",
        "referred_on",
        "referred_to",
        "council_reference",
        "council_decision",
        "stage",
    )
    return concern


@transaction.atomic
def concern_action_add(*, actor: Actor, concern: SafeguardingConcern, what: str) -> ConcernAction:
    """An entry on the concern's timeline: what was done. Anyone who sees
    the concern adds one, until it is closed."""
    require(actor, Permission.RAISE_SAFEGUARDING)
    if concern.stage == Concern.Stage.CLOSED:
        raise ValidationError(CLOSED)
    if not _clean(what):
        raise ValidationError({"what": "Say what was done."})
    return save_new(actor, ConcernAction, concern=concern, what=_clean(what), done_by=actor.user)


@transaction.atomic
def concern_close(
    *, actor: Actor, concern: SafeguardingConcern, outcome: str, reasons: str
) -> SafeguardingConcern:
    """Close the concern with its outcome and the reasons. Nothing is
    deleted; a closed concern stays as it is."""
    _handling(actor, concern)
    errors = {}
    if concern.triaged_at is None:
        errors["outcome"] = "Triage the concern before closing it."
    elif outcome not in Concern.Outcome.values:
        errors["outcome"] = "Choose the outcome."
    if not _clean(reasons):
        errors["reasons"] = "Give the reasons for closing it."
    if errors:
        raise ValidationError(errors)
    concern.outcome, concern.outcome_reasons = outcome, _clean(reasons)
    concern.closed_by, concern.closed_at = actor.user, timezone.now()
    concern.stage = Concern.Stage.CLOSED
    save_changes(concern, actor, "outcome", "outcome_reasons", "closed_by", "closed_at", "stage")
    return concern


def concern_viewed(*, actor: Actor, concern: SafeguardingConcern, channel: str = "page") -> None:
    """Record that ``actor`` opened the concern (the leads see the log)."""
    save_new(actor, ConcernView, concern=concern, viewer=actor.user, channel=channel)
