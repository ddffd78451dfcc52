"""Subject access: logging a request, reviewing what is about someone
else, and releasing the copy. Each function takes the acting person,
checks the policy and reach, and is atomic."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from keyring_net import limits
from keyring_net.access import require
from keyring_net.actors import Actor, save_changes, save_new
from keyring_net.policy import Permission
from members.models import RecordAccess
from members.selectors import own_member_record
from members.services.record import record_member_access
from notifications.models import Kind
from notifications.services.create import notify
from privacy.archive import build_archive
from privacy.collection import apply_redactions, collect
from privacy.models import AccessRelease, AccessRequest, Redaction
from privacy.selectors.access import members_for_requests, own_requests, redactions_of


def due_date(received_on: datetime.date) -> datetime.date:
    """One calendar month from the day a request was received (the ICO's
    rule): 3 March is due 3 April; 31 January is due on the last day of
    February, as there is no 31 February."""
    return received_on + relativedelta(months=1)


def _check_received(received_on: datetime.date | None) -> datetime.date:
    if received_on is None:
        raise ValidationError({"received_on": "Enter the day the request came in."})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "The day it came in cannot be in the future."})
    try:
        limits.not_before_record_floor(received_on)
    except ValidationError as error:
        raise ValidationError({"received_on": error.messages}) from error
    return received_on


@transaction.atomic
def request_log(
    *, actor: Actor, member_id: int, received_on: datetime.date | None, received_how: str
) -> AccessRequest:
    """Staff log a request a member made (by letter, phone, in person...).
    The member must be one the person may log for; the day it came in
    sets the deadline. Raises ``ValidationError`` by field."""
    require(actor, Permission.HANDLE_SUBJECT_ACCESS)
    member = members_for_requests(actor).filter(pk=member_id).first()
    if member is None:
        raise ValidationError({"member": "Choose a member from the list."})
    if received_how not in AccessRequest.Received.values:
        raise ValidationError({"received_how": "Choose how the request came in."})
    received_on = _check_received(received_on)
    return save_new(
        actor,
        AccessRequest,
        member=member,
        received_on=received_on,
        received_how=received_how,
        due_on=due_date(received_on),
        logged_by=actor.user,
    )


@transaction.atomic
def request_ask_own(*, actor: Actor) -> AccessRequest:
    """A member asks for a copy of their own records, today. Asking again
    while a request is open returns that request: nothing new is made."""
    require(actor, Permission.ASK_FOR_OWN_RECORDS)
    member = own_member_record(actor)  # "not found" when they have none here
    waiting = own_requests(actor).filter(status=AccessRequest.Status.OPEN).first()
    if waiting is not None:
        return waiting
    today = timezone.localdate()
    return save_new(
        actor,
        AccessRequest,
        member=member,
        received_on=today,
        received_how=AccessRequest.Received.OWN_PAGES,
        due_on=due_date(today),
        logged_by=actor.user,
    )


def _require_open(request: AccessRequest) -> None:
    if request.status != AccessRequest.Status.OPEN:
        raise ValidationError("This copy has already been released: it cannot change now.")


@transaction.atomic
def redaction_add(
    *, actor: Actor, request: AccessRequest, section: str, item_id: int, field: str, reason: str
) -> Redaction:
    """Leave one field of one item out of the copy, with the reason shown in
    its place. The item must be in this member's copy and the field one it
    releases; a reason is required. Marking the same field again changes
    its reason."""
    require(actor, Permission.HANDLE_SUBJECT_ACCESS)
    _require_open(request)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why this is removed, in a few words."})
    if len(reason) > limits.REASON:
        raise ValidationError(
            {"reason": f"This is too long: it can have {limits.REASON} characters at most"}
        )
    item = collect(request.member).item(section, item_id)
    if item is None:
        raise ValidationError("That item is not in this member's copy.")
    if field not in {name for name, _, _ in item.fields} or field == "id":
        raise ValidationError({"field": "Choose what to remove."})
    existing = redactions_of(request).filter(kind=section, item_id=item_id, field=field).first()
    if existing is not None:
        existing.reason = reason
        save_changes(existing, actor, "reason")
        return existing
    return save_new(
        actor,
        Redaction,
        request=request,
        kind=section,
        item_id=item_id,
        field=field,
        reason=reason,
        by=actor.user,
    )


def review(*, actor: Actor, request: AccessRequest):
    """What the copy holds now, with the redactions so far, for the staff
    reviewing it. Logged in the member's "who looked at my record"."""
    require(actor, Permission.HANDLE_SUBJECT_ACCESS)
    record_member_access(actor=actor, member=request.member, channel=RecordAccess.Channel.EXPORT)
    return apply_redactions(collect(request.member), redactions_of(request))


def copy_downloaded(*, actor: Actor, request: AccessRequest) -> None:
    """Staff downloaded the copy made for the member: logged in the
    member's "who looked at my record", as reviewing it is (the member's
    own download is not "someone looked")."""
    record_member_access(actor=actor, member=request.member, channel=RecordAccess.Channel.EXPORT)


@transaction.atomic
def request_release(*, actor: Actor, request: AccessRequest) -> AccessRelease:
    """Make the copy (one zip archive: an easy-read summary, the full record
    as a PDF, the data as JSON and CSV, and the member's documents), keep
    it exactly as made, record who released it and when, and tell the
    member. A request is released once."""
    require(actor, Permission.HANDLE_SUBJECT_ACCESS)
    locked = AccessRequest.objects.select_for_update().filter(pk=request.pk).first()
    _require_open(locked)
    member = request.member
    collection = apply_redactions(collect(member), redactions_of(request))
    now = timezone.now()
    name = f"records-{member.pk}-{now:%Y-%m-%d}.zip"
    release = AccessRelease(
        organisation=actor.organisation,
        request=request,
        released_by=actor.user,
        released_at=now,
        file_name=name,
        archive=build_archive(collection, request=request, released_at=now),
    )
    release.save(force_insert=True)
    request.status = AccessRequest.Status.RELEASED
    save_changes(request, actor, "status")
    record_member_access(actor=actor, member=member, channel=RecordAccess.Channel.EXPORT)
    if member.user_id:
        notify(
            organisation=actor.organisation,
            recipient=member.user,
            kind=Kind.GENERAL,
            about=f"privacy.accessrequest:{request.pk}",
            due_at=now,
            context={
                "title": "Your records are ready",
                "text": render_to_string("privacy/messages/released.txt").strip(),
            },
            link=reverse("privacy:my"),
        )
    return release
