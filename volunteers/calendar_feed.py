"""Private calendar links: someone's shifts as an iCalendar feed their phone
can subscribe to.

The link's secret is the credential: no one signs in to read it. Only a
hash of the secret is stored, so a copy of the database cannot be turned
back into working links, and revoking the link makes it "not found".

The link starts with the organisation's number (``<organisation>-<secret>``)
so the feed is looked up inside that one organisation, with both walls up
(scoped managers and row-level security), never across organisations. A
wrong number simply finds nothing.

Times are written with ``TZID=Europe/London`` and a VTIMEZONE that follows
the UK's rule (last Sunday of March and of October), so a 6pm shift shows
at 6pm on either side of a clock change.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from keyring_net.clock import LONDON
from keyring_net.models import Organisation, RoleAssignment
from keyring_net.tasks import in_organisation
from volunteers.models import CalendarFeed, Shift
from volunteers.selectors.rota import WORKER_ROLES

PAST = datetime.timedelta(weeks=4)
AHEAD = datetime.timedelta(weeks=26)
MAX_EVENTS = 500


def new_token(organisation: Organisation) -> str:
    return f"{organisation.pk}-{secrets.token_urlsafe(32)}"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _organisation_id(token: str) -> int | None:
    number, dash, secret = token.partition("-")
    if not dash or not secret or not number.isdigit() or len(number) > 12:
        return None
    return int(number)


def calendar_for_token(token: str, *, now: datetime.datetime) -> bytes | None:
    """The feed's iCalendar text, or ``None`` (answered as "not found") when
    the link is unknown, revoked, or its person no longer works there."""
    organisation_id = _organisation_id(token)
    if organisation_id is None or not Organisation.objects.filter(pk=organisation_id).exists():
        return None
    with in_organisation(organisation_id) as organisation:
        feed = (
            CalendarFeed.objects.filter(
                organisation=organisation, token_hash=token_hash(token), revoked_at__isnull=True
            )
            .select_related("user")
            .first()
        )
        if feed is None or not feed.user.is_active:
            return None
        still_works = RoleAssignment.objects.filter(
            organisation=organisation,
            user=feed.user,
            role__in=WORKER_ROLES,
            ended_at__isnull=True,
        ).exists()
        if not still_works:
            return None
        shifts = list(
            Shift.objects.filter(
                organisation=organisation,
                worker=feed.user,
                starts_at__lt=now + AHEAD,
                ends_at__gt=now - PAST,
            )
            .exclude(status=Shift.Status.CANCELLED)
            .select_related("network")
            .order_by("starts_at", "pk")[:MAX_EVENTS]
        )
        return build_calendar(organisation, shifts, now=now)


def london_timezone() -> Timezone:
    """VTIMEZONE for Europe/London by rule: BST from 1am GMT on the last
    Sunday in March, GMT from 2am BST on the last Sunday in October."""
    zone = Timezone()
    zone.add("tzid", "Europe/London")
    zone.add_component(_clock_rule(TimezoneDaylight(), "BST", month=3, day=29, hour=1, offset=1))
    zone.add_component(_clock_rule(TimezoneStandard(), "GMT", month=10, day=25, hour=2, offset=0))
    return zone


def _clock_rule(rule, name: str, *, month: int, day: int, hour: int, offset: int):
    """The clocks change at ``hour`` on the last Sunday of ``month`` (first
    seen on ``day`` of 1970), to ``offset`` hours ahead of GMT."""
    rule.add("tzname", name)
    rule.add("dtstart", datetime.datetime(1970, month, day, hour, 0))
    rule.add("tzoffsetfrom", datetime.timedelta(hours=1 - offset))
    rule.add("tzoffsetto", datetime.timedelta(hours=offset))
    rule.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
    return rule


def build_calendar(
    organisation: Organisation, shifts: list[Shift], *, now: datetime.datetime
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//KeyRing Net//Rota//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"My shifts ({organisation.name})")
    calendar.add("x-wr-timezone", "Europe/London")
    calendar.add_component(london_timezone())
    stamp = now.astimezone(datetime.UTC)
    for shift in shifts:
        event = Event()
        event.add("uid", f"shift-{shift.pk}@{organisation.slug}.keyring-net")
        event.add("dtstamp", stamp)
        event.add("dtstart", shift.starts_at.astimezone(LONDON))
        event.add("dtend", shift.ends_at.astimezone(LONDON))
        event.add("summary", f"{shift.get_kind_display()}: {shift.network.name}")
        event.add("location", shift.network.name)
        lines = ["Visits members alone." if shift.lone_visits else "No lone visits."]
        if shift.notes:
            lines.append(shift.notes)
        event.add("description", "\n".join(lines))
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
