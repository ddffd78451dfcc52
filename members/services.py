"""State changes for members. Each takes the acting person explicitly."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor, audited
from keyring_net.models import Role, User
from keyring_net.policy import Permission
from members.models import (
    Allocation,
    ChosenPerson,
    CommunicationNeed,
    CommunityConnection,
    Consent,
    Contact,
    ContactCorrection,
    Member,
    PeerConnection,
    RecordAccess,
    Referral,
    StatusChange,
    SupportLevelChange,
)

# When a person holds several roles, the one named in the access log is the
# most senior that reaches members.
_ROLE_ORDER = [
    Role.SUPPORT_MANAGER,
    Role.CLV,
    Role.COMMUNITY_ENABLER,
    Role.CONNECTIONS_VOLUNTEER,
    Role.MEMBER,
]


def _viewer_role(actor: Actor) -> str:
    return next((r for r in _ROLE_ORDER if actor.has_role(r)), next(iter(actor.roles), ""))


@transaction.atomic
def record_member_access(
    *, actor: Actor, member: Member, channel: RecordAccess.Channel
) -> RecordAccess:
    """Log that ``actor`` read ``member``'s record through ``channel``."""
    return RecordAccess.objects.create(
        organisation=actor.organisation,
        member=member,
        viewer=actor.user,
        viewer_role=_viewer_role(actor),
        channel=channel,
    )


def record_members_access(
    *, actor: Actor, members: Iterable[Member | int], channel: RecordAccess.Channel
) -> int:
    """Log that ``actor`` was shown these members in a list through
    ``channel``: one ``RecordAccess`` per member (``in_list``), however often
    a member appears, all with the same time. Returns how many were logged.

    One INSERT whatever the number, so a list's query count does not grow
    with its page size: Django's ``bulk_create`` splits rows into batches
    on SQLite (it assumes 999 parameters a statement), so the rows are
    selected from the members table in a single ``INSERT ... SELECT``. Only
    members of the actor's organisation are logged (a stray id adds nothing).
    """
    ids = list(dict.fromkeys(m if isinstance(m, int) else m.pk for m in members))
    if not ids:
        return 0
    access_table = connection.ops.quote_name(RecordAccess._meta.db_table)
    member_table = connection.ops.quote_name(Member._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(RecordAccess._meta.get_field(name).column)
        for name in (
            "organisation",
            "member",
            "viewer",
            "viewer_role",
            "channel",
            "in_list",
            "viewed_at",
        )
    )
    placeholders = ", ".join(["%s"] * len(ids))
    viewed_at = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {access_table} ({columns}) "  # noqa: S608 (names from _meta, values bound)
            f"SELECT organisation_id, id, %s, %s, %s, %s, %s FROM {member_table} "
            f"WHERE organisation_id = %s AND id IN ({placeholders})",
            [
                actor.user.pk,
                _viewer_role(actor),
                str(channel),
                True,
                viewed_at,
                actor.organisation.pk,
                *ids,
            ],
        )
        return cursor.rowcount


# The role named in the access log for platform staff, who hold no role in
# the member's organisation.
PLATFORM_STAFF_ROLE = "platform_staff"


@transaction.atomic
def record_admin_access(*, viewer: User, member: Member) -> RecordAccess:
    """Log that platform staff ``viewer`` opened ``member``'s record in the
    Django admin. The admin's views cross organisations on purpose, so the
    row takes the member's organisation and shows in that member's "who has
    looked at my record"."""
    return RecordAccess.objects.create(
        organisation_id=member.organisation_id,
        member=member,
        viewer=viewer,
        viewer_role=PLATFORM_STAFF_ROLE,
        channel=RecordAccess.Channel.ADMIN,
    )


def _date_text(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


# --- Referrals and the member's journey ----------------------------------------


@transaction.atomic
def referral_create(
    *,
    actor: Actor,
    full_name: str,
    preferred_name: str,
    source: str,
    referrer: str,
    referred_on: datetime.date,
    reason_in_referrers_words: str,
    reason_in_own_words: str,
) -> Referral:
    """Record a referral. The person becomes a member at status "referred"."""
    require(actor, Permission.MANAGE_REFERRALS)
    if referred_on > timezone.localdate():
        raise ValidationError({"referred_on": "The referral date cannot be in the future."})
    member = audited(
        Member(
            organisation=actor.organisation,
            full_name=full_name.strip(),
            preferred_name=preferred_name.strip(),
            status=Member.Status.REFERRED,
        ),
        actor,
    )
    member.save()
    referral = audited(
        Referral(
            organisation=actor.organisation,
            member=member,
            source=source,
            referrer=referrer,
            referred_on=referred_on,
            reason_in_referrers_words=reason_in_referrers_words,
            reason_in_own_words=reason_in_own_words,
        ),
        actor,
    )
    referral.save()
    _record_status(actor, member, "", Member.Status.REFERRED, referred_on, "Referred")
    return referral


def _record_status(actor, member, from_status, to_status, on, reason) -> StatusChange:
    change = StatusChange(
        organisation=actor.organisation,
        member=member,
        from_status=from_status,
        to_status=to_status,
        on=on,
        reason=reason,
        changed_by=actor.user,
    )
    audited(change, actor).save()
    return change


@transaction.atomic
def referral_start_assessment(*, actor: Actor, referral: Referral, on: datetime.date, notes: str):
    require(actor, Permission.MANAGE_REFERRALS)
    if referral.stage not in (Referral.Stage.NEW, Referral.Stage.ASSESSING):
        raise ValidationError("This referral has already been decided.")
    if on < referral.referred_on:
        raise ValidationError(
            {
                "on": f"The assessment cannot start before the referral on "
                f"{_date_text(referral.referred_on)}."
            }
        )
    referral.stage = Referral.Stage.ASSESSING
    referral.assessment_started_on = referral.assessment_started_on or on
    referral.assessment_notes = notes
    audited(referral, actor).save()
    member = referral.member
    if member.status == Member.Status.REFERRED:
        member.status = Member.Status.ASSESSING
        audited(member, actor).save(update_fields=["status"])
        _record_status(
            actor, member, Member.Status.REFERRED, Member.Status.ASSESSING, on, "Assessment started"
        )
    return referral


@transaction.atomic
def referral_decide(
    *, actor: Actor, referral: Referral, decision: str, on: datetime.date, reason: str
) -> Referral:
    """Accept, decline (with a reason) or record a withdrawal. Declined and
    withdrawn people leave the journey with that reason."""
    require(actor, Permission.MANAGE_REFERRALS)
    if referral.stage in (
        Referral.Stage.ACCEPTED,
        Referral.Stage.DECLINED,
        Referral.Stage.WITHDRAWN,
    ):
        raise ValidationError("This referral has already been decided.")
    if decision not in (Referral.Stage.ACCEPTED, Referral.Stage.DECLINED, Referral.Stage.WITHDRAWN):
        raise ValidationError({"decision": "Choose accept, decline or withdrawn."})
    if decision == Referral.Stage.DECLINED and not reason.strip():
        raise ValidationError({"reason": "Say why the referral is declined."})
    if on < referral.referred_on:
        raise ValidationError(
            {
                "on": f"The decision cannot be before the referral on "
                f"{_date_text(referral.referred_on)}."
            }
        )
    referral.stage = decision
    referral.decided_on = on
    referral.decision_reason = reason
    referral.decided_by = actor.user
    audited(referral, actor).save()
    if decision != Referral.Stage.ACCEPTED:
        member = referral.member
        old = member.status
        member.status = Member.Status.LEFT
        member.left_on = on
        audited(member, actor).save(update_fields=["status", "left_on"])
        label = "Referral declined" if decision == Referral.Stage.DECLINED else "Withdrew"
        _record_status(
            actor, member, old, Member.Status.LEFT, on, f"{label}: {reason}".strip().rstrip(":")
        )
    return referral


@transaction.atomic
def member_allocate(
    *,
    actor: Actor,
    member: Member,
    network,
    home,
    workers: list,
    on: datetime.date,
) -> Member:
    """Give an accepted member their network, home and workers; they become
    active. A member is in one network at a time."""
    require(actor, Permission.CHANGE_MEMBERS)
    if (
        member.network_id
        and member.network_id != network.pk
        and member.status in (Member.Status.ACTIVE,)
    ):
        raise ValidationError(
            {
                "network": f"{member} is already in {member.network.name}. Record that they "
                "moved on or left first, then add them to another network."
            }
        )
    if home is not None and home.network_id != network.pk:
        raise ValidationError({"home": "Choose a home in the same network."})
    if home is not None:
        taken = Member.objects.filter(
            organisation=actor.organisation,
            home=home,
            status__in=[Member.Status.ACTIVE, Member.Status.ASSESSING],
        ).exclude(pk=member.pk)
        if taken.exists() or network.clv_home_id == home.pk:
            raise ValidationError({"home": "Someone already lives in that home."})
    old = member.status
    member.network = network
    member.home = home
    member.status = Member.Status.ACTIVE
    member.joined_on = member.joined_on or on
    member.left_on = None
    audited(member, actor).save()
    for worker in workers:
        if not Allocation.objects.filter(
            organisation=actor.organisation, member=member, worker=worker, ended_on__isnull=True
        ).exists():
            audited(
                Allocation(
                    organisation=actor.organisation, member=member, worker=worker, started_on=on
                ),
                actor,
            ).save()
    if old != Member.Status.ACTIVE:
        _record_status(actor, member, old, Member.Status.ACTIVE, on, f"Joined {network.name}")
    return member


# Which journey steps may follow which.
NEXT_STATUSES = {
    Member.Status.REFERRED: {Member.Status.ASSESSING, Member.Status.LEFT},
    Member.Status.ASSESSING: {Member.Status.ACTIVE, Member.Status.LEFT},
    Member.Status.ACTIVE: {Member.Status.MOVED_ON, Member.Status.LEFT},
    Member.Status.MOVED_ON: {Member.Status.ACTIVE, Member.Status.LEFT},
    Member.Status.LEFT: {Member.Status.ACTIVE},
}


@transaction.atomic
def member_change_status(
    *, actor: Actor, member: Member, to_status: str, on: datetime.date, reason: str
) -> Member:
    """Move a member along their journey, with the date and the reason.

    Moved on: support ends but they stay welcome in the network's social
    life (their network stays). Left: they leave the network.
    """
    require(actor, Permission.CHANGE_MEMBERS)
    if to_status not in NEXT_STATUSES.get(member.status, set()):
        raise ValidationError(
            {
                "to_status": f"{member} is {member.get_status_display().lower()}: choose a step "
                "that can follow that."
            }
        )
    if not reason.strip():
        raise ValidationError({"reason": "Say why, in a few words."})
    if (
        member.joined_on
        and on < member.joined_on
        and to_status
        in (
            Member.Status.MOVED_ON,
            Member.Status.LEFT,
        )
    ):
        raise ValidationError(
            {
                "on": f"The date they left must be on or after they joined, "
                f"{_date_text(member.joined_on)}."
            }
        )
    if to_status == Member.Status.ACTIVE and member.network_id is None:
        raise ValidationError({"to_status": "Give them a network first, from their referral."})
    old = member.status
    member.status = to_status
    if to_status in (Member.Status.MOVED_ON, Member.Status.LEFT):
        member.left_on = on
        for allocation in Allocation.objects.filter(
            organisation=actor.organisation, member=member, ended_on__isnull=True
        ):
            allocation.ended_on = on
            audited(allocation, actor).save(update_fields=["ended_on"])
    if to_status == Member.Status.LEFT:
        member.network = None
        member.home = None
    if to_status == Member.Status.ACTIVE:
        member.left_on = None
    audited(member, actor).save()
    _record_status(actor, member, old, to_status, on, reason)
    return member


@transaction.atomic
def member_flex_support(*, actor: Actor, member: Member, hours, reason: str) -> SupportLevelChange:
    """Flex a member's support up or down; the reason is kept."""
    require(actor, Permission.CHANGE_MEMBERS)
    if not reason.strip():
        raise ValidationError({"reason": "Say why support is changing."})
    if hours == member.support_hours_per_week:
        raise ValidationError(
            {"hours": f"That is the same as now ({member.support_hours_per_week} hours)."}
        )
    change = SupportLevelChange(
        organisation=actor.organisation,
        member=member,
        from_hours=member.support_hours_per_week,
        to_hours=hours,
        reason=reason,
        changed_by=actor.user,
    )
    audited(change, actor).save()
    member.support_hours_per_week = hours
    audited(member, actor).save(update_fields=["support_hours_per_week"])
    return change


def communication_needs_set(
    *, actor: Actor, member: Member, needs: list[str], notes: str = ""
) -> Member:
    """Record how a member needs information given to them (the categories
    of the NHS Accessible Information Standard). Pages, PDFs and messages
    addressed to the member follow these."""
    require(actor, Permission.RECORD_CONTACTS)
    known = set(CommunicationNeed.values)
    unknown = [need for need in needs if need not in known]
    if unknown:
        raise ValidationError({"needs": "Choose only from the list."})
    # Kept in the list's own order, so the record reads the same each time.
    member.communication_needs = [need for need in CommunicationNeed.values if need in needs]
    member.communication_notes = notes.strip()
    audited(member, actor).save(update_fields=["communication_needs", "communication_notes"])
    return member


# --- Consent and chosen people ----------------------------------------------------------


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
        audited(consent, actor).save(update_fields=["withdrawn_on"])
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
    audited(contact, actor).save()
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
        audited(contact, actor).save(update_fields=["handed_over_at", "handed_over_to"])
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
    connection = PeerConnection(
        organisation=actor.organisation,
        member_a=first,
        member_b=second,
        a_agreed_on=a_agreed_on,
        b_agreed_on=b_agreed_on,
        started_on=max(a_agreed_on, b_agreed_on),
        note=note,
    )
    audited(connection, actor).save()
    return connection


@transaction.atomic
def community_connect(*, actor: Actor, member: Member, asset, started_on, note: str = ""):
    require(actor, Permission.RECORD_CONTACTS)
    if asset.network_id != member.network_id:
        raise ValidationError({"asset": "Choose a place in the member's own network."})
    connection = CommunityConnection(
        organisation=actor.organisation,
        member=member,
        asset=asset,
        started_on=started_on,
        note=note,
        introduced_by=actor.user,
    )
    audited(connection, actor).save()
    return connection


# --- When a worker leaves ----------------------------------------------------------------------


@transaction.atomic
def reassign_work(*, actor: Actor, from_worker, to_worker, on: datetime.date) -> dict[str, int]:
    """Move everything a leaving worker looked after to another, in one step:
    their members (allocations end and start again, so history shows both)
    and the hub events they were to run. Only within the actor's reach."""
    from members.selectors import members_for_viewer
    from networks.models import HubEvent

    require(actor, Permission.REASSIGN_WORK)
    if from_worker.pk == to_worker.pk:
        raise ValidationError({"to_worker": "Choose a different person to take over."})
    reach = members_for_viewer(actor).values("pk")
    moved = 0
    for allocation in Allocation.objects.filter(
        organisation=actor.organisation,
        worker=from_worker,
        ended_on__isnull=True,
        member__in=reach,
    ).select_related("member"):
        allocation.ended_on = on
        audited(allocation, actor).save(update_fields=["ended_on"])
        if not Allocation.objects.filter(
            organisation=actor.organisation,
            member=allocation.member,
            worker=to_worker,
            ended_on__isnull=True,
        ).exists():
            audited(
                Allocation(
                    organisation=actor.organisation,
                    member=allocation.member,
                    worker=to_worker,
                    started_on=on,
                ),
                actor,
            ).save()
        moved += 1
    events = 0
    for event in HubEvent.objects.filter(
        organisation=actor.organisation, run_by=from_worker, starts_at__gte=timezone.now()
    ):
        event.run_by = to_worker
        audited(event, actor).save(update_fields=["run_by"])
        events += 1
    return {"members": moved, "events": events}
