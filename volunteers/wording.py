"""Times in Europe/London in the plain words rota pages and error messages use
("from 6pm to 9pm on Tuesday 3 March"), and the rota's week labels ("2026-W10").

The clock itself ("6pm", "midday") is keyring_net.clock's; these build on it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from keyring_net.clock import clock, day_text, local, local_to_utc
from keyring_net.models import User


def at_local(day: datetime.date, at: datetime.time) -> datetime.datetime:
    return local_to_utc(datetime.datetime.combine(day, at))


def ends_at_midnight(start: datetime.time, end: datetime.time) -> bool:
    """An end typed as 00:00 after a later start is midnight at the end of
    the day ("6pm to midnight"), not a time before the start."""
    return end == datetime.time(0) and start != datetime.time(0)


def span_text(start: datetime.datetime, end: datetime.datetime) -> str:
    """ "from 6pm to 9pm on Tuesday 3 March", or across midnight "from 10pm
    on Friday 6 March to 7am on Saturday 7 March"."""
    first, last = local(start), local(end)
    same_day = first.date() == last.date() or (
        (last.hour, last.minute) == (0, 0) and last.date() == first.date() + datetime.timedelta(1)
    )
    if same_day:
        return f"from {clock(start)} to {clock(end)} on {day_text(first.date())}"
    starts = f"{clock(start)} on {day_text(first.date())}"
    return f"from {starts} to {clock(end)} on {day_text(last.date())}"


def times_text(start: datetime.datetime, end: datetime.datetime) -> str:
    """ "6pm to 9pm" (with the day when it ends on a later one)."""
    first, last = local(start), local(end)
    if last.date() == first.date() or (
        (last.hour, last.minute) == (0, 0) and last.date() == first.date() + datetime.timedelta(1)
    ):
        return f"{clock(start)} to {clock(end)}"
    return f"{clock(start)} to {clock(end)} on {day_text(last.date())}"


def away_text(start: datetime.datetime, end: datetime.datetime) -> str:
    """Time off in words: whole days as days, otherwise with the hours."""
    first, last = local(start), local(end)
    if first.time() == datetime.time(0) and last.time() == datetime.time(0):
        final = last.date() - datetime.timedelta(days=1)
        if final == first.date():
            return f"on {day_text(first.date())}"
        return f"from {day_text(first.date())} to {day_text(final)}"
    return span_text(start, end)


def date_text(day: datetime.date) -> str:
    """3 March 2026."""
    return f"{day.day} {day:%B %Y}"


def hours_text(minutes: int) -> str:
    """7 hours 20 minutes; 1 hour; 45 minutes; 0 hours."""
    hours, rest = divmod(int(minutes), 60)
    parts = []
    if hours or not rest:
        parts.append(f"{hours} hour{'' if hours == 1 else 's'}")
    if rest:
        parts.append(f"{rest} minute{'' if rest == 1 else 's'}")
    return " ".join(parts)


def number_text(value: Decimal | float | int) -> str:
    """12, 7.5: no trailing zeros."""
    return f"{Decimal(value).normalize():f}"


def name_of(user: User) -> str:
    return user.get_short_name()


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def parse_week(value: str | None, today: datetime.date) -> datetime.date:
    """The Monday of ISO week ``YYYY-Www``; this week when missing or not a
    real week."""
    if value:
        try:
            return datetime.datetime.strptime(f"{value}-1", "%G-W%V-%u").date()
        except ValueError:
            pass
    return monday_of(today)


def week_label(monday: datetime.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"
