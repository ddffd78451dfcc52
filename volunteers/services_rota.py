"""State changes for rotas: shifts, repeating patterns, picking up open
shifts, swaps, availability and time off, and calendar links.

Each takes the acting person, checks their permission, names them in the
change history (``audited``) and says what is wrong in plain words, on the
field it is about: "Joanne already has a shift from 6pm to 9pm on Tuesday
3 March."
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from dateutil.rrule import rrulestr
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor, audited
from keyring_net.models import Organisation, RoleAssignment, User
from keyring_net.policy import Permission, can
from networks.models import Network
from volunteers import calendar_feed
from volunteers.clearance import blockers_for
from volunteers.models import Availability, CalendarFeed, Shift, ShiftPattern, SwapRequest
from volunteers.selectors_rota import (
    WEEKDAYS,
    WORKER_ROLES,
    away_text,
    ends_at_midnight,
    local,
    local_to_utc,
    name_of,
    span_text,
)

MAX_SHIFT = datetime.timedelta(hours=24)
MAX_PATTERN_WEEKS = 26
ENDS_BEFORE_START = "The shift must end after it starts."


# --- Checks shared by every way someone is put on a shift -------------------------------------


def _works_in(organisation: Organisation, user: User, network: Network) -> bool:
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


def _check_worker(
    organisation, worker, network, starts_at, ends_at, *, lone_visits, exclude=frozenset()
) -> None:
    if not _works_in(organisation, worker, network):
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
        audited(swap, actor).save(update_fields=["status", "decided_by", "decided_at"])


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
        _check_worker(
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
        _check_worker(
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
        audited(shift, actor).save(update_fields=["pattern"])  # frees the slot
        audited(marker, actor).save()
    if (worker.pk if worker else None) != shift.worker_id:
        _close_pending_swaps(actor, shift)
    shift.kind = kind
    shift.starts_at = starts_at
    shift.ends_at = ends_at
    shift.worker = worker
    shift.lone_visits = lone_visits
    shift.notes = notes.strip()
    audited(shift, actor).save(
        update_fields=["kind", "starts_at", "ends_at", "worker", "lone_visits", "notes"]
    )
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
    audited(shift, actor).save(update_fields=["status", "notes"])
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
    if not _works_in(actor.organisation, actor.user, locked.network):
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
    audited(locked, actor).save(update_fields=["worker"])
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
    audited(shift, actor).save(update_fields=["status"])
    return shift


# --- Repeating patterns ------------------------------------------------------------------------


@dataclass
class Materialised:
    """What making a pattern's shifts did."""

    created: list[Shift] = field(default_factory=list)
    # Shifts made open because the pattern's worker could not do them, with why.
    left_open: list[tuple[Shift, list[str]]] = field(default_factory=list)

    def summary(self) -> str:
        made = len(self.created)
        text = f"Made {made} shift{'' if made == 1 else 's'}."
        if self.left_open:
            count = len(self.left_open)
            text += (
                f" {count} {'is' if count == 1 else 'are'} open for someone to pick up: "
                + " ".join(dict.fromkeys(r for _, reasons in self.left_open for r in reasons))
            )
        return text


def pattern_occurrences(
    pattern: ShiftPattern, first_day: datetime.date, last_day: datetime.date
) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The pattern's shifts from ``first_day`` to ``last_day`` (inclusive) as
    (start, end) in UTC.

    The rule runs in Europe/London wall-clock time (naive datetimes), and
    each occurrence is converted on its own, so a 6pm shift is 6pm local
    both sides of the March and October clock changes (18:00 UTC in winter,
    17:00 UTC in summer). The end is the start's wall-clock time plus the
    pattern's minutes, so a night shift across a change still ends at its
    local time.
    """
    last_day = min(last_day, pattern.ends_on) if pattern.ends_on else last_day
    first_day = max(first_day, pattern.starts_on)
    if last_day < first_day:
        return []
    start = datetime.datetime.combine(pattern.starts_on, pattern.start_time)
    rule = rrulestr(pattern.rrule, dtstart=start)
    found = rule.between(
        datetime.datetime.combine(first_day, datetime.time(0)),
        datetime.datetime.combine(last_day, datetime.time.max),
        inc=True,
    )
    length = datetime.timedelta(minutes=pattern.minutes)
    return [(local_to_utc(at), local_to_utc(at + length)) for at in found]


def _materialise(
    actor: Actor, pattern: ShiftPattern, first_day: datetime.date, weeks: int
) -> Materialised:
    # One materialisation of a pattern at a time; the unique (pattern,
    # starts_at) constraint is the last word if two still race.
    ShiftPattern.objects.select_for_update().filter(pk=pattern.pk).first()
    last_day = first_day + datetime.timedelta(weeks=weeks, days=-1)
    slots = pattern_occurrences(pattern, first_day, last_day)
    existing = set(
        Shift.objects.filter(
            organisation=pattern.organisation_id,
            pattern=pattern,
            starts_at__in=[start for start, _ in slots],
        ).values_list("starts_at", flat=True)
    )
    slots = [slot for slot in slots if slot[0] not in existing]
    problems: list[list[str]] = [[] for _ in slots]
    if pattern.worker is not None:
        problems = worker_problems(
            actor.organisation, pattern.worker, slots, lone_visits=pattern.lone_visits
        )
    result = Materialised()
    for (starts_at, ends_at), reasons in zip(slots, problems, strict=True):
        shift = Shift(
            organisation=actor.organisation,
            network_id=pattern.network_id,
            worker=None if reasons else pattern.worker,
            kind=pattern.kind,
            starts_at=starts_at,
            ends_at=ends_at,
            lone_visits=pattern.lone_visits,
            pattern=pattern,
            notes=("Open: " + " ".join(reasons))[:250] if reasons else "",
        )
        audited(shift, actor).save()
        result.created.append(shift)
        if reasons:
            result.left_open.append((shift, reasons))
    return result


@transaction.atomic
def pattern_create(
    *,
    actor: Actor,
    network: Network,
    kind: str,
    weekdays: list[str],
    start_time: datetime.time,
    end_time: datetime.time,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    worker: User | None = None,
    lone_visits: bool = True,
    weeks: int = 8,
) -> tuple[ShiftPattern, Materialised]:
    """A repeating shift ("every Tuesday and Thursday, 6pm to 9pm, from 3
    March") stored as an RRULE in Europe/London time, and its shifts for
    the next ``weeks`` weeks made as rows. An occurrence the worker cannot
    do (another shift, time off, not cleared) is made as an open shift, with
    the reason in its notes."""
    require(actor, Permission.MANAGE_ROTA)
    errors: dict[str, str] = {}
    days = [day for day in WEEKDAYS if day in weekdays]
    if not days:
        errors["weekdays"] = "Choose at least one day."
    if end_time <= start_time and not ends_at_midnight(start_time, end_time):
        errors["end_time"] = ENDS_BEFORE_START
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = "The last day must be on or after the first day."
    if not 1 <= weeks <= MAX_PATTERN_WEEKS:
        errors["weeks"] = f"Choose between 1 and {MAX_PATTERN_WEEKS} weeks."
    if worker is not None and not _works_in(actor.organisation, worker, network):
        errors["worker"] = f"{name_of(worker)} does not work in {network.name}."
    if errors:
        raise ValidationError(errors)
    start = datetime.datetime.combine(starts_on, start_time)
    midnight = ends_at_midnight(start_time, end_time)
    end_day = starts_on + datetime.timedelta(days=1 if midnight else 0)
    minutes = int((datetime.datetime.combine(end_day, end_time) - start).total_seconds() // 60)
    pattern = ShiftPattern(
        organisation=actor.organisation,
        network=network,
        worker=worker,
        kind=kind,
        rrule=f"FREQ=WEEKLY;BYDAY={','.join(days)}",
        start_time=start_time,
        minutes=minutes,
        starts_on=starts_on,
        ends_on=ends_on,
        lone_visits=lone_visits,
    )
    audited(pattern, actor).save()
    first_day = max(starts_on, timezone.localdate())
    return pattern, _materialise(actor, pattern, first_day, weeks)


@transaction.atomic
def pattern_materialise(
    *,
    actor: Actor,
    pattern: ShiftPattern,
    weeks: int = 8,
    from_day: datetime.date | None = None,
) -> Materialised:
    """Make the pattern's shifts for ``weeks`` weeks from ``from_day``
    (today by default, never before the pattern starts). Running it again
    makes nothing new: each occurrence exists once (unique pattern and start),
    and a cancelled or moved one keeps its slot."""
    require(actor, Permission.MANAGE_ROTA)
    if not 1 <= weeks <= MAX_PATTERN_WEEKS:
        raise ValidationError({"weeks": f"Choose between 1 and {MAX_PATTERN_WEEKS} weeks."})
    first_day = max(pattern.starts_on, from_day or timezone.localdate())
    return _materialise(actor, pattern, first_day, weeks)


# --- Availability and time off -----------------------------------------------------------------


@transaction.atomic
def availability_add(
    *,
    actor: Actor,
    kind: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    note: str = "",
) -> tuple[Availability, list[Shift]]:
    """Record when you can work, or time off. Returns it with any of your
    shifts the time off overlaps (offer them to a colleague)."""
    require(actor, Permission.WORK_SHIFTS)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The end must be after the start."})
    row = Availability(
        organisation=actor.organisation,
        worker=actor.user,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        note=note.strip(),
    )
    audited(row, actor).save()
    clashes: list[Shift] = []
    if kind == Availability.Kind.TIME_OFF:
        clashes = list(
            Shift.objects.filter(
                organisation=actor.organisation,
                worker=actor.user,
                status=Shift.Status.PLANNED,
                starts_at__lt=ends_at,
                ends_at__gt=starts_at,
            ).order_by("starts_at")
        )
    return row, clashes


@transaction.atomic
def availability_remove(*, actor: Actor, availability: Availability) -> None:
    """Remove your own availability or time off (kept in its history)."""
    require(actor, Permission.WORK_SHIFTS)
    if actor.user is None or availability.worker_id != actor.user.pk:
        raise PermissionDenied("Only the person it belongs to can remove it.")
    audited(availability, actor).delete()


# --- Swaps -------------------------------------------------------------------------------------


@transaction.atomic
def swap_request(*, actor: Actor, shift: Shift, to_worker: User, reason: str = "") -> SwapRequest:
    """Offer your shift to a named colleague; a support manager decides.

    Refused in plain words when the colleague does not work in the network,
    already has a shift then, is on time off, or is not cleared for a
    lone-visit shift (the same checks run again when it is approved).
    """
    require(actor, Permission.WORK_SHIFTS)
    if actor.user is None or shift.worker_id != actor.user.pk:
        raise PermissionDenied("Only the person on this shift can offer it to someone else.")
    if shift.status != Shift.Status.PLANNED or shift.starts_at <= timezone.now():
        raise ValidationError("This shift has started or is over, so it cannot be swapped.")
    if to_worker.pk == actor.user.pk:
        raise ValidationError({"to_worker": "Choose a colleague, not yourself."})
    pending = (
        SwapRequest.objects.filter(
            organisation=actor.organisation, shift=shift, status=SwapRequest.Status.PENDING
        )
        .select_related("to_worker")
        .first()
    )
    if pending is not None:
        raise ValidationError(
            f"This shift is already offered to {name_of(pending.to_worker)}. "
            "Withdraw that offer first."
        )
    _check_worker(
        actor.organisation,
        to_worker,
        shift.network,
        shift.starts_at,
        shift.ends_at,
        lone_visits=shift.lone_visits,
        exclude={shift.pk},
    )
    swap = SwapRequest(
        organisation=actor.organisation,
        shift=shift,
        from_worker=actor.user,
        to_worker=to_worker,
        reason=reason.strip(),
    )
    audited(swap, actor).save()
    return swap


def _rename_worker_error(error: ValidationError) -> ValidationError:
    messages = error.message_dict.get("worker", []) if hasattr(error, "error_dict") else []
    return ValidationError(messages or error.messages)


@transaction.atomic
def swap_decide(*, actor: Actor, swap: SwapRequest, approve: bool) -> SwapRequest:
    """Approve (the shift moves to the colleague) or decline a swap.

    Approval checks the colleague again as it is now: cleared for lone
    visits when the shift has them, no other shift at that time, not on time
    off. If not, nothing changes and the reasons are given.
    """
    require(actor, Permission.MANAGE_ROTA)
    swap = (
        SwapRequest.objects.select_for_update()
        .filter(pk=swap.pk)
        .select_related("from_worker", "to_worker")
        .get()
    )
    if swap.status != SwapRequest.Status.PENDING:
        raise ValidationError(f"This swap is already {swap.get_status_display().lower()}.")
    if approve:
        shift = (
            Shift.objects.select_for_update()
            .filter(pk=swap.shift_id)
            .select_related("network")
            .get()
        )
        if shift.worker_id != swap.from_worker_id or shift.status != Shift.Status.PLANNED:
            raise ValidationError(
                f"The shift is no longer {name_of(swap.from_worker)}'s to give, "
                "so the swap cannot go ahead."
            )
        try:
            _check_worker(
                actor.organisation,
                swap.to_worker,
                shift.network,
                shift.starts_at,
                shift.ends_at,
                lone_visits=shift.lone_visits,
                exclude={shift.pk},
            )
        except ValidationError as error:
            raise _rename_worker_error(error) from error
        shift.worker = swap.to_worker
        audited(shift, actor).save(update_fields=["worker"])
        swap.shift = shift
    swap.status = SwapRequest.Status.APPROVED if approve else SwapRequest.Status.DECLINED
    swap.decided_by = actor.user
    swap.decided_at = timezone.now()
    audited(swap, actor).save(update_fields=["status", "decided_by", "decided_at"])
    return swap


@transaction.atomic
def swap_withdraw(*, actor: Actor, swap: SwapRequest) -> SwapRequest:
    """Take back your own offer while it waits for a decision."""
    if actor.user is None or swap.from_worker_id != actor.user.pk:
        raise PermissionDenied("Only the person who offered the shift can withdraw the offer.")
    if swap.status != SwapRequest.Status.PENDING:
        raise ValidationError(f"This swap is already {swap.get_status_display().lower()}.")
    swap.status = SwapRequest.Status.WITHDRAWN
    audited(swap, actor).save(update_fields=["status"])
    return swap


# --- Calendar links ----------------------------------------------------------------------------


@transaction.atomic
def calendar_link_create(*, actor: Actor) -> tuple[CalendarFeed, str]:
    """A new private calendar link for your shifts. Any older link stops
    working. Returns it with its secret, shown once and never stored (only
    its hash is kept)."""
    require(actor, Permission.WORK_SHIFTS)
    calendar_link_revoke(actor=actor)
    token = calendar_feed.new_token(actor.organisation)
    feed = CalendarFeed(
        organisation=actor.organisation,
        user=actor.user,
        token_hash=calendar_feed.token_hash(token),
    )
    audited(feed, actor).save()
    return feed, token


@transaction.atomic
def calendar_link_revoke(*, actor: Actor) -> int:
    """Stop your calendar links working (they then answer "not found")."""
    require(actor, Permission.WORK_SHIFTS)
    now = timezone.now()
    feeds = list(
        CalendarFeed.objects.filter(
            organisation=actor.organisation, user=actor.user, revoked_at__isnull=True
        )
    )
    for feed in feeds:
        feed.revoked_at = now
        audited(feed, actor).save(update_fields=["revoked_at"])
    return len(feeds)
