"""State changes for rotas' shifts: adding, changing, cancelling, picking up
an open shift and marking one worked, with the checks shared by every way
someone is put on a shift (repeating patterns and swaps use them too).

Each takes the acting person, checks their permission, names them in the
change history (``audited``) and says what is wrong in plain words, on the
field it is about: "Joanne already has a shift from 6pm to 9pm on Tuesday
3 March."
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor, audited, save_changes
from keyring_net.clock import local
from keyring_net.models import Organisation, RoleAssignment, User
from keyring_net.policy import Permission, can
from networks.models import Network
from volunteers.clearance import blockers_for
from volunteers.models import Availability, Shift, SwapRequest
from volunteers.selectors.rota import WORKER_ROLES
from volunteers.wording import away_text, name_of, span_text

MAX_SHIFT = datetime.timedelta(hours=24)
ENDS_BEFORE_START = "The shift must end after it starts."


# --- Checks shared by every way someone is put on a shift -------------------------------------


def works_in(organisation: Organisation, user: User, network: Network) -> bool:
    return RoleAssignment.objects.filter(
        organisation=organisation,
        user=user,
        network=network,
        role__in=WORKER_ROLES,
        ended_at__isnull=True,
    ).exists()


def worker_problems(
    organisation: Organisation,
    worker: User,
    slots: list[tuple[datetime.datetime, datetime.datetime]],
    *,
    lone_visits: bool,
    exclude: set[int] | frozenset[int] = frozenset(),
    you: bool = False,
) -> list[list[str]]:
    """For each (start, end) slot, why ``worker`` cannot be on it: another
    shift at the same time, time off, or (for lone visits) not cleared, with
    clearance's reasons. Empty lists when they can. Queries do not grow with
    the number of slots (bar one clearance check per day when someone is not
    cleared on the last day)."""
    if not slots:
        return []
    low = min(start for start, _ in slots)
    high = max(end for _, end in slots)
    others = list(
        Shift.objects.filter(
            organisation=organisation, worker=worker, starts_at__lt=high, ends_at__gt=low
        )
        .exclude(status=Shift.Status.CANCELLED)
        .exclude(pk__in=exclude)
        .order_by("starts_at")
    )
    away = list(
        Availability.objects.filter(
            organisation=organisation,
            worker=worker,
            kind=Availability.Kind.TIME_OFF,
            starts_at__lt=high,
            ends_at__gt=low,
        ).order_by("starts_at")
    )
    blocked: dict[datetime.date, list[str]] = {}
    if lone_visits:
        # Clearance only runs out: clear on the last day means clear on all.
        last_day = local(high).date()
        blocked[last_day] = blockers_for(organisation, [worker.pk], last_day)[worker.pk]
        if blocked[last_day]:
            for start, _ in slots:
                day = local(start).date()
                if day not in blocked:
                    blocked[day] = blockers_for(organisation, [worker.pk], day)[worker.pk]
    who = "You" if you else name_of(worker)
    has, cannot_be = ("have", "You cannot be") if you else ("has", f"{who} cannot be")
    result = []
    for start, end in slots:
        problems = []
        clash = next((s for s in others if s.starts_at < end and s.ends_at > start), None)
        if clash is not None:
            problems.append(
                f"{who} already {has} a shift {span_text(clash.starts_at, clash.ends_at)}."
            )
        off = next((a for a in away if a.starts_at < end and a.ends_at > start), None)
        if off is not None:
            problems.append(f"{who} {has} time off {away_text(off.starts_at, off.ends_at)}.")
        if lone_visits:
            reasons = blocked.get(local(start).date(), [])
            if reasons:
                problems.append(f"{cannot_be} put on lone visits: " + " ".join(reasons))
        result.append(problems)
    return result


def _check_times(starts_at: datetime.datetime, ends_at: datetime.datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": ENDS_BEFORE_START})
    if ends_at - starts_at > MAX_SHIFT:
        raise ValidationError({"ends_at": "A shift cannot be longer than 24 hours."})


def check_worker(
    organisation, worker, network, starts_at, ends_at, *, lone_visits, exclude=frozenset()
) -> None:
    if not works_in(organisation, worker, network):
        raise ValidationError({"worker": f"{name_of(worker)} does not work in {network.name}."})
    problems = worker_problems(
        organisation, worker, [(starts_at, ends_at)], lone_visits=lone_visits, exclude=exclude
    )[0]
    if problems:
        raise ValidationError({"worker": problems})


def _close_pending_swaps(actor: Actor, shift: Shift) -> None:
    """Swaps asked for on a shift that has changed hands or been cancelled
    can no longer go ahead: they are declined, naming who changed it."""
    now = timezone.now()
    for swap in SwapRequest.objects.filter(
        organisation=shift.organisation_id, shift=shift, status=SwapRequest.Status.PENDING
    ):
        swap.status = SwapRequest.Status.DECLINED
        swap.decided_by = actor.user
        swap.decided_at = now
        save_changes(swap, actor, "status", "decided_by", "decided_at")


# --- Shifts ------------------------------------------------------------------------------------


@transaction.atomic
def shift_create(
    *,
    actor: Actor,
    network: Network,
    kind: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    worker: User | None = None,
    lone_visits: bool = True,
    notes: str = "",
) -> Shift:
    """Add a shift (no worker: an open shift someone can pick up).

    Raises ``ValidationError`` when it ends before it starts, or the worker
    does not work in the network, already has a shift then, is on time off,
    or (for lone visits) is not cleared.
    """
    require(actor, Permission.MANAGE_ROTA)
    _check_times(starts_at, ends_at)
    if worker is not None:
        check_worker(
            actor.organisation, worker, network, starts_at, ends_at, lone_visits=lone_visits
        )
    shift = Shift(
        organisation=actor.organisation,
        network=network,
        worker=worker,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        lone_visits=lone_visits,
        notes=notes.strip(),
    )
    audited(shift, actor).save()
    return shift


@transaction.atomic
def shift_change(
    *,
    actor: Actor,
    shift: Shift,
    kind: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    worker: User | None,
    lone_visits: bool,
    notes: str = "",
) -> Shift:
    """Change a shift's times, worker or kind, with the same checks as
    adding one.

    A shift made from a pattern that moves to another time stays the same
    shift (same id) but leaves its pattern; a cancelled marker keeps the
    original slot, so making the pattern's shifts again never brings the old
    time back (an exception, as iCalendar's EXDATE)."""
    require(actor, Permission.MANAGE_ROTA)
    if shift.status == Shift.Status.CANCELLED:
        raise ValidationError("This shift was cancelled, so it cannot be changed.")
    _check_times(starts_at, ends_at)
    if worker is not None:
        check_worker(
            actor.organisation,
            worker,
            shift.network,
            starts_at,
            ends_at,
            lone_visits=lone_visits,
            exclude={shift.pk},
        )
    moved = starts_at != shift.starts_at
    if shift.pattern_id is not None and moved:
        marker = Shift(
            organisation=actor.organisation,
            network_id=shift.network_id,
            kind=shift.kind,
            starts_at=shift.starts_at,
            ends_at=shift.ends_at,
            lone_visits=shift.lone_visits,
            status=Shift.Status.CANCELLED,
            pattern_id=shift.pattern_id,
            notes=f"Moved: now {span_text(starts_at, ends_at)}.",
        )
        shift.pattern = None
        save_changes(shift, actor, "pattern")  # frees the slot
        audited(marker, actor).save()
    if (worker.pk if worker else None) != shift.worker_id:
        _close_pending_swaps(actor, shift)
    shift.kind = kind
    shift.starts_at = starts_at
    shift.ends_at = ends_at
    shift.worker = worker
    shift.lone_visits = lone_visits
    shift.notes = notes.strip()
    save_changes(shift, actor, "kind", "starts_at", "ends_at", "worker", "lone_visits", "notes")
    return shift


@transaction.atomic
def shift_cancel(*, actor: Actor, shift: Shift, reason: str = "") -> Shift:
    """Cancel one shift. A pattern's other shifts stay as they are, and the
    cancelled row keeps its slot so the pattern never makes it again."""
    require(actor, Permission.MANAGE_ROTA)
    if shift.status == Shift.Status.CANCELLED:
        raise ValidationError("This shift is already cancelled.")
    if shift.status == Shift.Status.WORKED:
        raise ValidationError("This shift was worked, so it cannot be cancelled.")
    shift.status = Shift.Status.CANCELLED
    if reason.strip():
        shift.notes = f"Cancelled: {reason.strip()}"[:250]
    save_changes(shift, actor, "status", "notes")
    _close_pending_swaps(actor, shift)
    return shift


@transaction.atomic
def shift_pick_up(*, actor: Actor, shift: Shift) -> Shift:
    """Take an open shift. Only one person gets it, even if two try at once
    (the row is locked while it is checked)."""
    require(actor, Permission.WORK_SHIFTS)
    locked = Shift.objects.select_for_update().filter(pk=shift.pk).select_related("network").get()
    if locked.worker_id is not None:
        raise ValidationError("Someone has already picked up this shift.")
    if locked.status != Shift.Status.PLANNED or locked.starts_at <= timezone.now():
        raise ValidationError("This shift has started or is no longer needed.")
    if not works_in(actor.organisation, actor.user, locked.network):
        raise ValidationError(f"You do not work in {locked.network.name}.")
    problems = worker_problems(
        actor.organisation,
        actor.user,
        [(locked.starts_at, locked.ends_at)],
        lone_visits=locked.lone_visits,
        exclude={locked.pk},
        you=True,
    )[0]
    if problems:
        raise ValidationError(problems)
    locked.worker = actor.user
    save_changes(locked, actor, "worker")
    return locked


@transaction.atomic
def shift_mark_worked(*, actor: Actor, shift: Shift) -> Shift:
    """Record that a shift was worked: by the person on it or a support
    manager, once it has started. Its hours then count (see hours)."""
    own = actor.user is not None and shift.worker_id == actor.user.pk
    if not (can(actor, Permission.MANAGE_ROTA) or (own and can(actor, Permission.WORK_SHIFTS))):
        raise PermissionDenied("Only the person on the shift or a support manager can do this.")
    if shift.status == Shift.Status.WORKED:
        return shift
    if shift.status == Shift.Status.CANCELLED:
        raise ValidationError("This shift was cancelled.")
    if shift.worker_id is None:
        raise ValidationError("Nobody was on this shift.")
    if shift.starts_at > timezone.now():
        raise ValidationError("A shift can be marked worked once it has started.")
    shift.status = Shift.Status.WORKED
    save_changes(shift, actor, "status")
    return shift
