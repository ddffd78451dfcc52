"""Support around a member: what they consent to share and the people they
choose, the support given to them (contacts, their edits and corrections,
out-of-hours calls read at handover), who they know in the network and the
places they use."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor, save_changes, save_new
from keyring_net.policy import Permission
from members.models import (
    ChosenPerson,
    CommunityConnection,
    Consent,
    Contact,
    ContactCorrection,
    Member,
    PeerConnection,
)

# --- Consent and chosen people ----------------------------------------------------------


@transaction.atomic
def consent_record(*, actor: Actor, member: Member, **fields) -> Consent:
    require(actor, Permission.RECORD_CONTACTS)
    review = fields.get("review_on")
    if review and review < fields["recorded_on"]:
        raise ValidationError({"review_on": "The review date must be after it was recorded."})
    return save_new(actor, Consent, member=member, recorded_by=actor.user, **fields)


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
    return save_new(actor, ChosenPerson, member=member, **fields)


# --- Contacts ----------------------------------------------------------------------------

EDIT_WINDOW = datetime.timedelta(hours=24)


@transaction.atomic
def contact_record(
    *,
    actor: Actor,
    member: Member,
    happened_at: datetime.datetime,
    minutes: int,
    method: str,
    topics: list[str],
    notes: str = "",
    peer: Member | None = None,
) -> Contact:
    """Log support given. Quick on a phone: only member, how and how long
    are needed; when defaults to now."""
    require(actor, Permission.RECORD_CONTACTS)
    _check_contact(member=member, happened_at=happened_at, method=method, peer=peer)
    return save_new(
        actor,
        Contact,
        member=member,
        worker=actor.user,
        peer=peer if method == Contact.Method.PEER else None,
        happened_at=happened_at,
        minutes=minutes,
        method=method,
        topics=sorted(set(topics)),
        notes=notes,
    )


def _check_contact(*, member: Member, happened_at, method: str, peer: Member | None) -> None:
    """The rules a contact keeps, whether new or changed."""
    if happened_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"happened_at": "The contact cannot be in the future."})
    if method == Contact.Method.PEER and peer is None:
        raise ValidationError({"peer": "Choose the member who gave the peer support."})
    if peer is not None and peer.pk == member.pk:
        raise ValidationError({"peer": "Choose someone other than the member supported."})


def contact_is_editable(*, actor: Actor, contact: Contact) -> bool:
    return contact.worker_id == actor.user.pk and timezone.now() - contact.created_at < EDIT_WINDOW


@transaction.atomic
def contact_edit(*, actor: Actor, contact: Contact, **fields) -> Contact:
    """Its author may change a contact for 24 hours; after that, only a
    correction can be added."""
    require(actor, Permission.RECORD_CONTACTS)
    if not contact_is_editable(actor=actor, contact=contact):
        raise PermissionDenied("Only its author can change a contact, and only for 24 hours.")
    for name, value in fields.items():
        setattr(contact, name, value)
    if contact.method != Contact.Method.PEER:
        contact.peer = None
    _check_contact(
        member=contact.member,
        happened_at=contact.happened_at,
        method=contact.method,
        peer=contact.peer,
    )
    contact.topics = sorted(set(contact.topics))
    save_changes(contact, actor, *sorted({*fields, "peer", "topics"}))
    return contact


@transaction.atomic
def contact_correct(*, actor: Actor, contact: Contact, text: str, reason: str):
    require(actor, Permission.RECORD_CONTACTS)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the record needs correcting."})
    return save_new(
        actor,
        ContactCorrection,
        contact=contact,
        text=text,
        reason=reason,
        corrected_by=actor.user,
    )


@transaction.atomic
def handover_done(*, actor: Actor, contact: Contact) -> Contact:
    """The support manager has read an out-of-hours call at handover."""
    require(actor, Permission.VIEW_DASHBOARD)
    if contact.method == Contact.Method.OUT_OF_HOURS and contact.handed_over_at is None:
        contact.handed_over_at = timezone.now()
        contact.handed_over_to = actor.user
        save_changes(contact, actor, "handed_over_at", "handed_over_to")
    return contact


# --- Connections ---------------------------------------------------------------------------


@transaction.atomic
def peer_connect(
    *, actor: Actor, member: Member, other: Member, a_agreed_on, b_agreed_on, note: str = ""
) -> PeerConnection:
    """Record that two members know and help each other. Both must have
    agreed; the connection starts when the second agreed."""
    require(actor, Permission.RECORD_CONTACTS)
    if member.pk == other.pk:
        raise ValidationError({"other": "Choose another member."})
    first, second = sorted([member, other], key=lambda m: m.pk)
    if PeerConnection.objects.filter(
        organisation=actor.organisation, member_a=first, member_b=second, ended_on__isnull=True
    ).exists():
        raise ValidationError({"other": f"{member} and {other} are already connected."})
    if member.pk != first.pk:
        a_agreed_on, b_agreed_on = b_agreed_on, a_agreed_on
    return save_new(
        actor,
        PeerConnection,
        member_a=first,
        member_b=second,
        a_agreed_on=a_agreed_on,
        b_agreed_on=b_agreed_on,
        started_on=max(a_agreed_on, b_agreed_on),
        note=note,
    )


@transaction.atomic
def community_connect(*, actor: Actor, member: Member, asset, started_on, note: str = ""):
    require(actor, Permission.RECORD_CONTACTS)
    if asset.network_id != member.network_id:
        raise ValidationError({"asset": "Choose a place in the member's own network."})
    return save_new(
        actor,
        CommunityConnection,
        member=member,
        asset=asset,
        started_on=started_on,
        note=note,
        introduced_by=actor.user,
    )
