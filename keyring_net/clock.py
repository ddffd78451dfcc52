"""Time as the people using the product say it, in their organisation's
time zone. The one place that turns a stored time (UTC) into local words.

Times are stored in UTC. Pages, messages and error texts show them on the
organisation's clock (Europe/London unless the organisation says
otherwise), in GOV.UK style: "6pm", "6:30pm", "midday", "midnight".
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from keyring_net.models import Organisation

DEFAULT_ZONE = "Europe/London"
LONDON = ZoneInfo(DEFAULT_ZONE)
UTC = datetime.UTC


def local_zone(organisation: Organisation | None = None) -> ZoneInfo:
    """The organisation's clock (Europe/London unless it says otherwise)."""
    name = getattr(organisation, "time_zone", "") or DEFAULT_ZONE
    return LONDON if name == DEFAULT_ZONE else ZoneInfo(name)


def local(moment: datetime.datetime, organisation: Organisation | None = None) -> datetime.datetime:
    return moment.astimezone(local_zone(organisation))


def local_to_utc(
    naive: datetime.datetime, organisation: Organisation | None = None
) -> datetime.datetime:
    """A wall-clock time as an aware UTC datetime.

    The hour that happens twice in October is read as the first (still
    British Summer Time); a time in the hour skipped in March moves an hour
    on, as the clocks do.
    """
    return naive.replace(tzinfo=local_zone(organisation)).astimezone(UTC)


def local_day_bounds(
    organisation: Organisation | None, now: datetime.datetime
) -> tuple[datetime.datetime, datetime.datetime]:
    """The start and end of ``now``'s local day, as aware datetimes. Right on
    the days the clocks change (23 or 25 hours long)."""
    zone = local_zone(organisation)
    day = now.astimezone(zone).date()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return start, end


def clock(moment: datetime.datetime, organisation: Organisation | None = None) -> str:
    """6pm, 6:30pm, midday, midnight (GOV.UK style), on the organisation's clock."""
    return say_time(local(moment, organisation))


def say_time(when: datetime.datetime | datetime.time) -> str:
    """A wall-clock time in words, as it stands (no time zone change)."""
    if (when.hour, when.minute) == (0, 0):
        return "midnight"
    if (when.hour, when.minute) == (12, 0):
        return "midday"
    hour = when.hour % 12 or 12
    minutes = f":{when.minute:02d}" if when.minute else ""
    return f"{hour}{minutes}{'am' if when.hour < 12 else 'pm'}"


def day_text(day: datetime.date) -> str:
    """Tuesday 3 March."""
    return f"{day:%A} {day.day} {day:%B}"
