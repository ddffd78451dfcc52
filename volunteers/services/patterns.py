"""Repeating shifts: a pattern ("every Tuesday and Thursday, 6pm to 9pm")
and the shifts made from it, weeks ahead. Each shift is checked as a shift
made by hand is; one the pattern's worker cannot do is made open, with why.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor, audited
from keyring_net.clock import local_to_utc
from keyring_net.models import User
from keyring_net.policy import Permission
from networks.models import Network
from volunteers.models import Shift, ShiftPattern
from volunteers.selectors.rota import WEEKDAYS
from volunteers.services.shifts import ENDS_BEFORE_START, worker_problems, works_in
from volunteers.wording import ends_at_midnight, name_of

MAX_PATTERN_WEEKS = 26


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
    if worker is not None and not works_in(actor.organisation, worker, network):
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
