"""A member's journey: referral, assessment, decision, joining a network,
the steps that follow, support flexed up and down, and the workers who
support them."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor, audited, save_changes, save_new
from keyring_net.policy import Permission
from members.models import Allocation, Member, Referral, StatusChange, SupportLevelChange
from members.selectors import members_for_viewer
from networks.models import HubEvent


def _date_text(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


@transaction.atomic
def referral_create(
    *,
    actor: Actor,
    full_name: str,
    preferred_name: str,
    referred_on: datetime.date,
    **details: str,
) -> Referral:
    """Record a referral. The person becomes a member at status "referred".
    ``details``: ``source``, ``referrer`` and the reasons in the referrer's
    and in their own words (``Referral``'s fields)."""
    require(actor, Permission.MANAGE_REFERRALS)
    if referred_on > timezone.localdate():
        raise ValidationError({"referred_on": "The referral date cannot be in the future."})
    member = save_new(
        actor,
        Member,
        full_name=full_name.strip(),
        preferred_name=preferred_name.strip(),
        status=Member.Status.REFERRED,
    )
    referral = save_new(actor, Referral, member=member, referred_on=referred_on, **details)
    _record_status(actor, member, "", Member.Status.REFERRED, referred_on, "Referred")
    return referral


def _record_status(actor, member, from_status, to_status, on, reason) -> StatusChange:
    return save_new(
        actor,
        StatusChange,
        member=member,
        from_status=from_status,
        to_status=to_status,
        on=on,
        reason=reason,
        changed_by=actor.user,
    )


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
    save_changes(referral, actor, "stage", "assessment_started_on", "assessment_notes")
    member = referral.member
    if member.status == Member.Status.REFERRED:
        member.status = Member.Status.ASSESSING
        save_changes(member, actor, "status")
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
    save_changes(referral, actor, "stage", "decided_on", "decision_reason", "decided_by")
    if decision != Referral.Stage.ACCEPTED:
        member = referral.member
        old = member.status
        member.status = Member.Status.LEFT
        member.left_on = on
        save_changes(member, actor, "status", "left_on")
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
    accept_full: bool = False,
) -> Member:
    """Give an accepted member their network, home and workers; they become
    active. A member is in one network at a time. A network whose places
    are all taken takes them only with ``accept_full``."""
    require(actor, Permission.CHANGE_MEMBERS)
    _check_places(actor, member, network, accept_full)
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
    save_changes(member, actor, "network", "home", "status", "joined_on", "left_on")
    for worker in workers:
        _allocate(actor, member, worker, on)
    if old != Member.Status.ACTIVE:
        _record_status(actor, member, old, Member.Status.ACTIVE, on, f"Joined {network.name}")
    return member


def _check_places(actor: Actor, member: Member, network, accept_full: bool) -> None:
    """Refuse, in plain words, a member joining a full network unless the
    person has said they mean it."""
    taken = (
        Member.objects.filter(
            organisation=actor.organisation,
            network=network,
            status__in=[Member.Status.ACTIVE, Member.Status.ASSESSING],
        )
        .exclude(pk=member.pk)
        .count()
    )
    if taken >= network.capacity and not accept_full:
        raise ValidationError(
            {
                "accept_full": f"All {network.capacity} places in {network.name} are taken "
                f"({taken} members). Tick the box to add them anyway, or change the "
                "network's capacity."
            }
        )


def _allocate(actor: Actor, member: Member, worker, on: datetime.date) -> None:
    """Allocate ``worker`` to ``member`` from ``on``, unless they already are."""
    if not Allocation.objects.filter(
        organisation=actor.organisation, member=member, worker=worker, ended_on__isnull=True
    ).exists():
        audited(
            Allocation(
                organisation=actor.organisation, member=member, worker=worker, started_on=on
            ),
            actor,
        ).save()


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
            save_changes(allocation, actor, "ended_on")
    if to_status == Member.Status.LEFT:
        member.network = None
        member.home = None
    if to_status == Member.Status.ACTIVE:
        member.left_on = None
    save_changes(member, actor, "status", "left_on", "network", "home")
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
    change = save_new(
        actor,
        SupportLevelChange,
        member=member,
        from_hours=member.support_hours_per_week,
        to_hours=hours,
        reason=reason,
        changed_by=actor.user,
    )
    member.support_hours_per_week = hours
    save_changes(member, actor, "support_hours_per_week")
    return change


@transaction.atomic
def reassign_work(*, actor: Actor, from_worker, to_worker, on: datetime.date) -> dict[str, int]:
    """Move everything a leaving worker looked after to another, in one step:
    their members (allocations end and start again, so history shows both)
    and the hub events they were to run. Only within the actor's reach."""
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
        save_changes(allocation, actor, "ended_on")
        _allocate(actor, allocation.member, to_worker, on)
        moved += 1
    events = 0
    for event in HubEvent.objects.filter(
        organisation=actor.organisation, run_by=from_worker, starts_at__gte=timezone.now()
    ):
        event.run_by = to_worker
        save_changes(event, actor, "run_by")
        events += 1
    return {"members": moved, "events": events}
