"""Support given: contact records, their edits and corrections, and the
out-of-hours calls read at handover."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor, audited, save_changes
from keyring_net.policy import Permission
from members.models import Contact, ContactCorrection, Member

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
    contact = Contact(
        organisation=actor.organisation,
        member=member,
        worker=actor.user,
        peer=peer if method == Contact.Method.PEER else None,
        happened_at=happened_at,
        minutes=minutes,
        method=method,
        topics=sorted(set(topics)),
        notes=notes,
    )
    audited(contact, actor).save()
    return contact


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
    correction = ContactCorrection(
        organisation=actor.organisation,
        contact=contact,
        text=text,
        reason=reason,
        corrected_by=actor.user,
    )
    audited(correction, actor).save()
    return correction


@transaction.atomic
def handover_done(*, actor: Actor, contact: Contact) -> Contact:
    """The support manager has read an out-of-hours call at handover."""
    require(actor, Permission.VIEW_DASHBOARD)
    if contact.method == Contact.Method.OUT_OF_HOURS and contact.handed_over_at is None:
        contact.handed_over_at = timezone.now()
        contact.handed_over_to = actor.user
        save_changes(contact, actor, "handed_over_at", "handed_over_to")
    return contact
