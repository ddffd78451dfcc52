"""Rotas on the pages, against the real database: Europe/London times that
stay right across the clock changes, repeating shifts and their
exceptions, plain errors next to the field, swaps and open shifts closing
gaps, coverage gaps, hours against commitment, the private calendar feed,
query counts, and other organisations' rows answering "not found".

The API's side of the same rules is in tests/test_rota_api.py.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from html import unescape
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from dashboards.selectors import dashboard_for
from keyring_net.actors import Actor
from keyring_net.clock import local_to_utc
from keyring_net.models import Role
from keyring_net.tenancy import organisation_scope
from members.models import Contact
from tests.helpers import assert_constant_queries, pinned
from volunteers import calendar_feed
from volunteers.clearance import ensure_mandatory_modules
from volunteers.models import (
    Availability,
    CalendarFeed,
    DBSCheck,
    Shift,
    ShiftPattern,
    SwapRequest,
    TrainingRecord,
    VolunteerProfile,
)
from volunteers.selectors.gaps import RotaGap, coverage_gaps
from volunteers.selectors.hours import hours_report
from volunteers.selectors.rota import WEEKDAYS, pattern_text
from volunteers.services import availability, patterns, swaps
from volunteers.wording import at_local, monday_of, span_text, week_label

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
UTC = datetime.UTC
HOURS_4 = datetime.timedelta(hours=4)
SIX_PM, TEN_PM = datetime.time(18), datetime.time(22)
# 2026's clock changes: forward on Sunday 29 March, back on Sunday 25 October.
SPRING = datetime.date(2026, 3, 29)
AUTUMN = datetime.date(2026, 10, 25)
# A week well clear of any clock change, for gaps and swaps: Monday 2 March 2026.
MONDAY = datetime.date(2026, 3, 2)
BEFORE_MONDAY = datetime.datetime(2026, 2, 23, 9, tzinfo=UTC)  # "now" for that week
CLEARED_UNTIL = datetime.date(2031, 1, 1)


# --- People and clearance ----------------------------------------------------------------------


def actor_of(world, role: str = Role.CLV) -> Actor:
    return Actor.for_user(world.users[role], world.organisation.pk)


def name_people(world) -> None:
    """Short names the messages use: Joanne the CLV, Priya the community
    enabler, Sam the connections volunteer (the world's full names all
    start with "Community")."""
    for role, name in (
        (Role.CLV, "Joanne"),
        (Role.COMMUNITY_ENABLER, "Priya"),
        (Role.CONNECTIONS_VOLUNTEER, "Sam"),
    ):
        user = world.users[role]
        user.preferred_name = name
        user.save(update_fields=["preferred_name"])


def clear(world, user, *, kind="clv", dbs_until=CLEARED_UNTIL, skip=(), commitment=None):
    """A volunteer record with a DBS check and the four mandatory courses
    (less ``skip``), all in date until ``dbs_until`` / 2030."""
    organisation = world.organisation
    with organisation_scope(organisation):
        profile = VolunteerProfile.objects.create(
            organisation=organisation,
            user=user,
            kind=kind,
            network=world.network,
            stage=VolunteerProfile.Stage.ACTIVE,
            **({"weekly_commitment_hours": Decimal(commitment)} if commitment else {}),
        )
        DBSCheck.objects.create(
            organisation=organisation,
            profile=profile,
            level="enhanced",
            certificate_number="001234567890",
            issued_on=datetime.date(2024, 1, 10),
            renewal_due=dbs_until,
        )
        for module in ensure_mandatory_modules(organisation):
            if module.name not in skip:
                TrainingRecord.objects.create(
                    organisation=organisation,
                    profile=profile,
                    module=module,
                    completed_on=datetime.date(2025, 1, 10),
                    expires_on=datetime.date(2030, 1, 10),
                )
    return profile


def rota_world(world) -> None:
    """Named people; the CLV and the enabler cleared for lone visits."""
    name_people(world)
    clear(world, world.clv, kind="clv")
    clear(world, world.users[Role.COMMUNITY_ENABLER], kind="community_enabler")


def add_shift(world, day, start=SIX_PM, end=TEN_PM, *, worker="clv", **extra) -> Shift:
    """A shift straight into the table (the services' checks are tested on
    their own); ``worker`` is a role, a user or None for an open shift."""
    if isinstance(worker, str):
        worker = world.users[worker]
    end_day = day + datetime.timedelta(days=1) if end <= start else day
    with organisation_scope(world.organisation):
        return Shift.objects.create(
            organisation=world.organisation,
            network=extra.pop("network", world.network),
            worker=worker,
            kind=extra.pop("kind", Shift.Kind.EVENING),
            starts_at=at_local(day, start),
            ends_at=at_local(end_day, end),
            **extra,
        )


def sign_in(client, user) -> None:
    """Signed in afresh: a sign-in carried over from another (travelled-to)
    time would be past its absolute limit."""
    client.logout()
    client.force_login(user)


def page(client, url, status=200, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def text_of(html: str) -> str:
    """A page's words, without tags, on one line."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def day_block(html: str, day: datetime.date) -> str:
    """The words of one day's row on a rota week page."""
    start = html.index(f'id="day-{day:%Y-%m-%d}"')
    end = html.find('id="day-', start + 1)
    return text_of(html[start : end if end != -1 else len(html)])


def field_error(html: str, name: str) -> str:
    """The error message shown next to a form field (empty when none)."""
    found = re.search(rf'<p id="id_{name}-error" class="govuk-error-message">(.*?)</p>', html, re.S)
    return text_of(found.group(1)).removeprefix("Error: ") if found else ""


def rota_url(world, monday: datetime.date) -> str:
    url = reverse("volunteers_rota:network-rota", args=[world.network.pk])
    return f"{url}?week={week_label(monday)}"


def follow_messages(client, response) -> str:
    """The words of the page a redirect leads to (with its flash messages)."""
    assert response.status_code == 302, response.status_code
    return text_of(page(client, response["Location"]))


def local_start(shift: Shift) -> datetime.datetime:
    return shift.starts_at.astimezone(LONDON)


# --- 1. Europe/London times across the clock changes ----------------------------------------


def test_a_weekly_evening_pattern_stays_at_6pm_across_both_clock_changes(client, org_a):
    rota_world(org_a)
    priya = org_a.users[Role.COMMUNITY_ENABLER]
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=UTC)):
        sign_in(client, org_a.manager)
        response = client.post(
            reverse("volunteers_rota:pattern-add", args=[org_a.network.pk]),
            {
                "kind": "evening",
                "weekdays": ["SU"],
                "start_time": "18:00",
                "end_time": "22:00",
                "starts_on": "2026-03-08",
                "ends_on": "",
                "worker": priya.pk,
                "lone_visits": "on",
                "weeks": "26",
            },
        )
        said = follow_messages(client, response)
    assert "Every Sunday, 6pm to 10pm, from 8 March 2026. Made 26 shifts." in said
    with organisation_scope(org_a.organisation):
        pattern = ShiftPattern.objects.get(network=org_a.network)
    assert (pattern.rrule, pattern.start_time, pattern.minutes) == (
        "FREQ=WEEKLY;BYDAY=SU",
        SIX_PM,
        240,
    )
    # Late August: put the autumn on the rota too (the weeks already made
    # are not made twice).
    with time_machine.travel(datetime.datetime(2026, 8, 24, 9, tzinfo=UTC)):
        sign_in(client, org_a.manager)
        response = client.post(
            reverse("volunteers_rota:pattern-extend", args=[pattern.pk]), {"weeks": "12"}
        )
        assert "Made 11 shifts." in follow_messages(client, response)

    with organisation_scope(org_a.organisation):
        shifts = list(Shift.objects.filter(pattern=pattern).order_by("starts_at"))
    sundays = [datetime.date(2026, 3, 8) + datetime.timedelta(weeks=n) for n in range(37)]
    assert [local_start(s).date() for s in shifts] == sundays  # 8 March to 15 November
    for shift in shifts:
        day = local_start(shift).date()
        assert local_start(shift).time() == SIX_PM, day
        assert shift.ends_at.astimezone(LONDON).time() == TEN_PM, day
        assert shift.ends_at - shift.starts_at == HOURS_4, day
        summer = SPRING <= day < AUTUMN
        # 6pm is 17:00 UTC in British Summer Time, 18:00 UTC in winter.
        assert shift.starts_at.astimezone(UTC).hour == (17 if summer else 18), day
        assert shift.worker == priya
    by_day = {local_start(s).date(): s for s in shifts}

    # The rota page says 6pm to 10pm on both sides of each change, and the
    # change form shows 18:00 to 22:00.
    sign_in(client, org_a.manager)
    for day in (
        SPRING - datetime.timedelta(weeks=1),
        SPRING,
        AUTUMN - datetime.timedelta(weeks=1),
        AUTUMN,
    ):
        html = page(client, rota_url(org_a, monday_of(day)))
        assert "6pm to 10pm · Evening enabler: Community enabler" in day_block(html, day)
        form = page(client, reverse("volunteers_rota:shift-edit", args=[by_day[day].pk]))
        assert 'name="start_time" value="18:00"' in form
        assert 'name="end_time" value="22:00"' in form
        assert f'name="day" value="{day:%Y-%m-%d}"' in form


def test_a_daily_pattern_keeps_its_local_time_through_each_change_night(org_a):
    rota_world(org_a)
    with (
        time_machine.travel(datetime.datetime(2026, 3, 20, 9, tzinfo=UTC)),
        organisation_scope(org_a.organisation),
    ):
        _, made = patterns.pattern_create(
            actor=actor_of(org_a, Role.SUPPORT_MANAGER),
            network=org_a.network,
            kind="evening",
            weekdays=list(WEEKDAYS),
            start_time=SIX_PM,
            end_time=TEN_PM,
            starts_on=datetime.date(2026, 3, 26),
            ends_on=datetime.date(2026, 4, 1),
            worker=org_a.users[Role.COMMUNITY_ENABLER],
        )
        autumn = patterns.pattern_materialise(
            actor=actor_of(org_a, Role.SUPPORT_MANAGER),
            pattern=ShiftPattern.objects.create(
                organisation=org_a.organisation,
                network=org_a.network,
                kind="evening",
                rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU",
                start_time=SIX_PM,
                minutes=240,
                starts_on=datetime.date(2026, 10, 22),
                ends_on=datetime.date(2026, 10, 28),
            ),
            weeks=1,
            from_day=datetime.date(2026, 10, 22),
        )
    assert len(made.created) == 7  # 26 March to 1 April: ends_on is the last day
    assert len(autumn.created) == 7
    for shift in [*made.created, *autumn.created]:
        assert local_start(shift).time() == SIX_PM
        assert shift.ends_at - shift.starts_at == HOURS_4
    utc_hours = {
        local_start(s).date(): s.starts_at.astimezone(UTC).hour
        for s in [*made.created, *autumn.created]
    }
    assert utc_hours[datetime.date(2026, 3, 28)] == 18  # Saturday: still GMT
    assert utc_hours[SPRING] == 17  # Sunday: BST from 1am
    assert utc_hours[datetime.date(2026, 10, 24)] == 17  # Saturday: still BST
    assert utc_hours[AUTUMN] == 18  # Sunday: GMT from 2am


def test_skipped_and_moved_dates_of_a_pattern_stay_skipped(client, org_a):
    """Cancelling one shift of a pattern skips that date (like iCalendar's
    EXDATE): making the pattern's shifts again never brings it back, and a
    moved shift keeps its new time."""
    rota_world(org_a)
    manager = actor_of(org_a, Role.SUPPORT_MANAGER)
    easter = datetime.date(2026, 4, 5)
    moved_day = datetime.date(2026, 4, 12)
    with time_machine.travel(datetime.datetime(2026, 3, 16, 9, tzinfo=UTC)):
        with organisation_scope(org_a.organisation):
            pattern, made = patterns.pattern_create(
                actor=manager,
                network=org_a.network,
                kind="evening",
                weekdays=["SU"],
                start_time=SIX_PM,
                end_time=TEN_PM,
                starts_on=datetime.date(2026, 3, 22),
                worker=org_a.users[Role.COMMUNITY_ENABLER],
                weeks=6,
            )
            by_day = {local_start(s).date(): s for s in made.created}
        sign_in(client, org_a.manager)
        cancelled = client.post(
            reverse("volunteers_rota:shift-cancel", args=[by_day[easter].pk]),
            {"reason": "Easter Sunday"},
        )
        assert "Shift from 6pm to 10pm on Sunday 5 April cancelled." in follow_messages(
            client, cancelled
        )
        moved = client.post(
            reverse("volunteers_rota:shift-edit", args=[by_day[moved_day].pk]),
            {
                "kind": "evening",
                "day": "2026-04-12",
                "start_time": "19:00",
                "end_time": "23:00",
                "worker": org_a.users[Role.COMMUNITY_ENABLER].pk,
                "lone_visits": "on",
            },
        )
        assert moved.status_code == 302
        with organisation_scope(org_a.organisation):
            again = patterns.pattern_materialise(actor=manager, pattern=pattern, weeks=8)
            planned = list(
                Shift.objects.filter(network=org_a.network, status="planned").order_by("starts_at")
            )
    # The next run makes only the two weeks that were never made.
    assert [local_start(s).date() for s in again.created] == [
        datetime.date(2026, 5, 3),
        datetime.date(2026, 5, 10),
    ]
    starts = [(local_start(s).date(), local_start(s).time()) for s in planned]
    assert (easter, SIX_PM) not in starts
    assert (moved_day, SIX_PM) not in starts
    assert (moved_day, datetime.time(19)) in starts
    sign_in(client, org_a.manager)
    html = page(client, rota_url(org_a, monday_of(easter)))
    sunday = day_block(html, easter)
    assert "Cancelled" in sunday and "Cancelled: Easter Sunday" in sunday
    assert "No one on Sunday 5 April." in sunday  # the skipped evening is a gap
    after = day_block(page(client, rota_url(org_a, monday_of(moved_day))), moved_day)
    assert "7pm to 11pm" in after and "6pm to 10pm" in after  # the marker, cancelled
    assert "Moved: now from 7pm to 11pm on Sunday 12 April." in after


# --- 2. Bad input: a clear message next to the field, what was typed kept -----------------------


def shift_post(world, day, start, end, worker=None, **extra) -> dict:
    data = {
        "kind": "evening",
        "day": f"{day:%Y-%m-%d}",
        "start_time": start,
        "end_time": end,
        "worker": worker.pk if worker else "",
        "lone_visits": "on",
        "notes": "Bring the rota folder",
    }
    data.update(extra)
    return data


def test_a_shift_ending_before_it_starts_is_refused_next_to_the_end_time(client, org_a):
    rota_world(org_a)
    sign_in(client, org_a.manager)
    url = reverse("volunteers_rota:shift-add", args=[org_a.network.pk])
    response = client.post(url, shift_post(org_a, MONDAY, "22:00", "18:00", org_a.clv))
    html = response.content.decode()
    assert response.status_code == 200
    assert field_error(html, "end_time") == "The shift must end after it starts."
    assert "There is a problem" in html and '<a href="#id_end_time">' in html
    # What was typed is still there.
    assert 'name="start_time" value="22:00"' in html
    assert 'name="end_time" value="18:00"' in html
    assert 'name="day" value="2026-03-02"' in html
    assert 'value="Bring the rota folder"' in html
    assert f'<option value="{org_a.clv.pk}" selected>' in html
    # A repeating shift and time off say the same, on their own fields.
    pattern = client.post(
        reverse("volunteers_rota:pattern-add", args=[org_a.network.pk]),
        {
            "kind": "evening",
            "weekdays": ["TU", "TH"],
            "start_time": "21:00",
            "end_time": "18:00",
            "starts_on": "2026-03-03",
            "ends_on": "2026-03-01",
            "worker": "",
            "weeks": "8",
        },
    ).content.decode()
    assert field_error(pattern, "end_time") == "The shift must end after it starts."
    assert field_error(pattern, "ends_on") == "The last day must be on or after the first day."
    assert 'value="TU" id="id_weekdays_1" checked' in pattern
    assert 'name="start_time" value="21:00"' in pattern
    sign_in(client, org_a.clv)
    away = client.post(
        reverse("volunteers_rota:availability-add"),
        {
            "kind": "time_off",
            "starts_on": "2026-03-03",
            "start_time": "14:00",
            "ends_on": "2026-03-03",
            "end_time": "09:00",
            "note": "Hospital",
        },
    ).content.decode()
    assert field_error(away, "ends_on") == "The end must be after the start."
    assert 'value="Hospital"' in away and 'name="end_time" value="09:00"' in away
    with organisation_scope(org_a.organisation):
        assert not Shift.objects.exists()
        assert not ShiftPattern.objects.exists()
        assert not Availability.objects.exists()


def test_a_shift_or_pattern_ending_at_midnight_is_not_ending_before_it_starts(client, org_a):
    rota_world(org_a)
    sign_in(client, org_a.manager)
    url = reverse("volunteers_rota:shift-add", args=[org_a.network.pk])
    added = client.post(url, shift_post(org_a, MONDAY, "18:00", "00:00", org_a.clv))
    assert "Shift added from 6pm to midnight on Monday 2 March." in follow_messages(client, added)
    with organisation_scope(org_a.organisation):
        shift = Shift.objects.get()
    assert shift.ends_at - shift.starts_at == datetime.timedelta(hours=6)
    # Saved again unchanged from its change form, it stays the same.
    edit = reverse("volunteers_rota:shift-edit", args=[shift.pk])
    form = page(client, edit)
    assert 'name="end_time" value="00:00"' in form
    assert "checked" not in re.search(r'<input[^>]*name="ends_next_day"[^>]*>', form).group(0)
    again = client.post(edit, shift_post(org_a, MONDAY, "18:00", "00:00", org_a.clv))
    assert again.status_code == 302
    with organisation_scope(org_a.organisation):
        shift.refresh_from_db()
    assert shift.ends_at == at_local(MONDAY + datetime.timedelta(days=1), datetime.time(0))
    with organisation_scope(org_a.organisation):
        pattern, made = patterns.pattern_create(
            actor=actor_of(org_a, Role.SUPPORT_MANAGER),
            network=org_a.network,
            kind="evening",
            weekdays=["FR"],
            start_time=SIX_PM,
            end_time=datetime.time(0),
            starts_on=MONDAY,
            worker=None,
            weeks=2,
        )
        made = patterns.pattern_materialise(
            actor=actor_of(org_a, Role.SUPPORT_MANAGER), pattern=pattern, weeks=1, from_day=MONDAY
        )
    assert pattern.minutes == 360
    assert pattern_text(pattern).startswith("Every Friday, 6pm to midnight")
    assert [span_text(s.starts_at, s.ends_at) for s in made.created] == [
        "from 6pm to midnight on Friday 6 March"
    ]


def test_overlapping_shifts_for_one_person_are_refused_with_the_other_shift_named(client, org_a):
    rota_world(org_a)
    first = add_shift(org_a, MONDAY, SIX_PM, TEN_PM)
    sign_in(client, org_a.manager)
    url = reverse("volunteers_rota:shift-add", args=[org_a.network.pk])
    response = client.post(url, shift_post(org_a, MONDAY, "20:00", "23:30", org_a.clv))
    html = response.content.decode()
    assert field_error(html, "worker") == (
        "Joanne already has a shift from 6pm to 10pm on Monday 2 March."
    )
    assert 'name="start_time" value="20:00"' in html
    assert f'<option value="{org_a.clv.pk}" selected>' in html
    # Changing another shift onto the same time is refused the same way; the
    # shift itself may keep its own time.
    second = add_shift(org_a, MONDAY + datetime.timedelta(days=1))
    edit = reverse("volunteers_rota:shift-edit", args=[second.pk])
    html = client.post(
        edit, shift_post(org_a, MONDAY, "21:00", "23:00", org_a.clv)
    ).content.decode()
    assert "Joanne already has a shift from 6pm to 10pm on Monday 2 March." in field_error(
        html, "worker"
    )
    assert 'name="day" value="2026-03-02"' in html
    kept = client.post(
        reverse("volunteers_rota:shift-edit", args=[first.pk]),
        shift_post(org_a, MONDAY, "18:00", "22:30", org_a.clv),
    )
    assert kept.status_code == 302
    # Back to back is not an overlap.
    ok = client.post(url, shift_post(org_a, MONDAY, "22:30", "23:30", org_a.clv))
    assert ok.status_code == 302
    with organisation_scope(org_a.organisation):
        assert Shift.objects.filter(worker=org_a.clv).count() == 3
        second.refresh_from_db()
    assert local_start(second).date() == MONDAY + datetime.timedelta(days=1)


def test_time_off_is_named_when_someone_is_put_on_a_shift(client, org_a):
    rota_world(org_a)
    with organisation_scope(org_a.organisation):
        availability.availability_add(
            actor=actor_of(org_a),
            kind="time_off",
            starts_at=at_local(MONDAY, datetime.time(0)),
            ends_at=at_local(MONDAY + datetime.timedelta(days=2), datetime.time(0)),
        )
    sign_in(client, org_a.manager)
    url = reverse("volunteers_rota:shift-add", args=[org_a.network.pk])
    html = client.post(url, shift_post(org_a, MONDAY, "18:00", "22:00", org_a.clv)).content
    assert field_error(html.decode(), "worker") == (
        "Joanne has time off from Monday 2 March to Tuesday 3 March."
    )


def test_someone_not_cleared_for_lone_visits_is_refused_with_the_reason(client, org_a):
    name_people(org_a)
    clear(org_a, org_a.clv, skip=("Safeguarding",))
    clear(
        org_a,
        org_a.users[Role.COMMUNITY_ENABLER],
        kind="community_enabler",
        dbs_until=datetime.date(2026, 2, 28),
    )
    sign_in(client, org_a.manager)
    url = reverse("volunteers_rota:shift-add", args=[org_a.network.pk])
    html = client.post(url, shift_post(org_a, MONDAY, "18:00", "22:00", org_a.clv)).content
    assert field_error(html.decode(), "worker") == (
        "Joanne cannot be put on lone visits: Safeguarding training not done."
    )
    priya = org_a.users[Role.COMMUNITY_ENABLER]
    html = client.post(url, shift_post(org_a, MONDAY, "18:00", "22:00", priya)).content
    assert field_error(html.decode(), "worker") == (
        "Priya cannot be put on lone visits: DBS check ran out on 28 February 2026."
    )
    # Without lone visits they may be on it.
    data = shift_post(org_a, MONDAY, "18:00", "22:00", priya)
    del data["lone_visits"]
    assert client.post(url, data).status_code == 302


def test_a_swap_to_someone_not_cleared_is_refused_next_to_the_colleague(client, org_a):
    name_people(org_a)
    clear(org_a, org_a.clv)
    clear(
        org_a,
        org_a.users[Role.COMMUNITY_ENABLER],
        kind="community_enabler",
        dbs_until=datetime.date(2026, 2, 28),
    )
    with time_machine.travel(BEFORE_MONDAY):
        shift = add_shift(org_a, MONDAY)
        sign_in(client, org_a.clv)
        url = reverse("volunteers_rota:swap-add", args=[shift.pk])
        assert "Offer your shift to a colleague" in page(client, url)
        priya = org_a.users[Role.COMMUNITY_ENABLER]
        response = client.post(url, {"to_worker": priya.pk, "reason": "Dentist"})
    html = response.content.decode()
    assert response.status_code == 200
    assert field_error(html, "to_worker") == (
        "Priya cannot be put on lone visits: DBS check ran out on 28 February 2026."
    )
    assert f'<option value="{priya.pk}" selected>' in html
    assert 'value="Dentist"' in html
    # Sam has no volunteer record, DBS check or training at all.
    sam = org_a.users[Role.CONNECTIONS_VOLUNTEER]
    with time_machine.travel(BEFORE_MONDAY):
        sign_in(client, org_a.clv)
        html = client.post(url, {"to_worker": sam.pk}).content.decode()
    assert field_error(html, "to_worker").startswith(
        "Sam cannot be put on lone visits: No volunteer or enabler record. "
        "No DBS check recorded. Health and Safety training not done."
    )
    with organisation_scope(org_a.organisation):
        assert not SwapRequest.objects.exists()


# --- 3. Swaps and open shifts close gaps; only managers approve ------------------------------


def gap_count(world, monday=MONDAY) -> int:
    with organisation_scope(world.organisation):
        gaps = coverage_gaps(world.organisation, [world.network], monday)
    return len(gaps[world.network.pk])


def covered_week(world, *, skip=(), worker="community_enabler") -> None:
    """Every evening of MONDAY's week and both weekend days covered, bar the
    days in ``skip`` (offsets from Monday)."""
    for offset in range(7):
        if offset in skip:
            continue
        day = MONDAY + datetime.timedelta(days=offset)
        if offset >= 5:
            add_shift(world, day, datetime.time(9), datetime.time(17), worker=worker)
        add_shift(world, day, SIX_PM, TEN_PM, worker=worker)


def test_a_manager_approves_a_swap_and_the_gap_closes(client, org_a):
    rota_world(org_a)
    clear(org_a, org_a.users[Role.CONNECTIONS_VOLUNTEER], kind="connections_volunteer")
    covered_week(org_a, skip=(2,))  # Wednesday: Joanne's
    wednesday = MONDAY + datetime.timedelta(days=2)
    # The CLV's 12 hours are on the rota (daytimes), so only evenings count.
    for offset in (0, 1, 3):
        add_shift(
            org_a,
            MONDAY + datetime.timedelta(days=offset),
            datetime.time(9),
            datetime.time(13),
            kind="clv",
        )
    shift = add_shift(org_a, wednesday, worker="connections_volunteer")
    with organisation_scope(org_a.organisation):
        availability.availability_add(
            actor=actor_of(org_a, Role.CONNECTIONS_VOLUNTEER),
            kind="time_off",
            starts_at=at_local(wednesday, datetime.time(0)),
            ends_at=at_local(wednesday + datetime.timedelta(days=1), datetime.time(0)),
        )
    with time_machine.travel(BEFORE_MONDAY + datetime.timedelta(days=7)):  # Monday 2 March
        sign_in(client, org_a.users[Role.CONNECTIONS_VOLUNTEER])
        offered = client.post(
            reverse("volunteers_rota:swap-add", args=[shift.pk]),
            {"to_worker": org_a.clv.pk, "reason": "I am away that day."},
        )
        assert offered.status_code == 302
        with organisation_scope(org_a.organisation):
            swap = SwapRequest.objects.get()
            board = dashboard_for(actor_of(org_a, Role.SUPPORT_MANAGER))
        before = gap_count(org_a)
        assert board.swaps_waiting_count == 1 and board.swaps_waiting == [swap]
        assert board.rota_gap_count == before
        texts = [g.text for item in board.rota_gaps for g in item.gaps]
        assert "No one on Wednesday 4 March in the evening (6pm to 10pm)." in texts
        assert "Sam has time off but is on the rota from 6pm to 10pm on Wednesday 4 March." in texts

        sign_in(client, org_a.manager)
        html = page(client, rota_url(org_a, MONDAY))
        assert f"{before} gaps to fill this week." in text_of(html)
        assert "offers evening enabler from 6pm to 10pm on Wednesday 4 March" in text_of(html)
        decided = client.post(
            reverse("volunteers_rota:swap-decide", args=[swap.pk]), {"decision": "approve"}
        )
        said = follow_messages(client, decided)
        assert (
            "Approved: Community Living Volunteer marker-org-a is now on the shift from 6pm" in said
        )
        with organisation_scope(org_a.organisation):
            shift.refresh_from_db()
            swap.refresh_from_db()
            board = dashboard_for(actor_of(org_a, Role.SUPPORT_MANAGER))
        assert shift.worker == org_a.clv
        assert (swap.status, swap.decided_by) == ("approved", org_a.manager)
        assert gap_count(org_a) == before - 2  # the evening, and Sam's time off
        assert board.rota_gap_count == before - 2 and board.swaps_waiting_count == 0
        assert "No gaps this week" in text_of(page(client, rota_url(org_a, MONDAY)))


def test_a_volunteer_picks_up_an_open_shift_and_the_gap_closes(client, org_a):
    rota_world(org_a)
    covered_week(org_a, skip=(4,))  # Friday
    friday = MONDAY + datetime.timedelta(days=4)
    for offset in (0, 1, 3):
        add_shift(
            org_a,
            MONDAY + datetime.timedelta(days=offset),
            datetime.time(9),
            datetime.time(13),
            kind="clv",
        )
    with time_machine.travel(BEFORE_MONDAY):
        sign_in(client, org_a.manager)
        added = client.post(
            reverse("volunteers_rota:shift-add", args=[org_a.network.pk]),
            shift_post(org_a, friday, "18:00", "22:00", None, notes="Film night"),
        )
        assert "Shift added from 6pm to 10pm on Friday 6 March." in follow_messages(client, added)
        with organisation_scope(org_a.organisation):
            shift = Shift.objects.get(notes="Film night")
        assert shift.worker is None
        html = page(client, rota_url(org_a, MONDAY))
        assert "1 gap to fill this week." in text_of(html)
        assert (
            "No one on Friday 6 March in the evening (6pm to 10pm). "
            "An open shift needs someone: 6pm to 10pm." in day_block(html, friday)
        )
        # The CLV sees it on "my rota" and picks it up.
        sign_in(client, org_a.clv)
        mine = text_of(page(client, reverse("volunteers_rota:my-rota")))
        assert "Open shifts you could pick up Friday 6 March" in mine
        picked = client.post(
            reverse("volunteers_rota:shift-pick-up", args=[shift.pk]), {"back": "mine"}
        )
        assert picked["Location"] == reverse("volunteers_rota:my-rota")
        said = follow_messages(client, picked)
        assert "You are on the shift from 6pm to 10pm on Friday 6 March. Thank you." in said
        # Too late for anyone else.
        sign_in(client, org_a.users[Role.COMMUNITY_ENABLER])
        late = client.post(reverse("volunteers_rota:shift-pick-up", args=[shift.pk]))
        assert "Someone has already picked up this shift." in follow_messages(client, late)
    with organisation_scope(org_a.organisation):
        shift.refresh_from_db()
    assert shift.worker == org_a.clv
    assert gap_count(org_a) == 0


def test_picking_up_a_lone_visit_shift_needs_clearance(client, org_a):
    name_people(org_a)
    clear(org_a, org_a.clv, skip=("Lone Working",))
    shift = add_shift(org_a, MONDAY, worker=None)
    with time_machine.travel(BEFORE_MONDAY):
        sign_in(client, org_a.clv)
        said = follow_messages(
            client, client.post(reverse("volunteers_rota:shift-pick-up", args=[shift.pk]))
        )
    assert "You cannot be put on lone visits: Lone Working training not done." in said
    with organisation_scope(org_a.organisation):
        shift.refresh_from_db()
    assert shift.worker is None


def test_only_managers_approve_and_a_swap_can_be_withdrawn(client, org_a):
    rota_world(org_a)
    priya = org_a.users[Role.COMMUNITY_ENABLER]
    shift = add_shift(org_a, MONDAY)
    with time_machine.travel(BEFORE_MONDAY):
        with organisation_scope(org_a.organisation):
            swap = swaps.swap_request(actor=actor_of(org_a), shift=shift, to_worker=priya)
        decide = reverse("volunteers_rota:swap-decide", args=[swap.pk])
        for role in (Role.CLV, Role.COMMUNITY_ENABLER):  # the two people in it
            sign_in(client, org_a.users[role])
            assert client.post(decide, {"decision": "approve"}).status_code == 403
        sign_in(client, org_a.users[Role.CONNECTIONS_VOLUNTEER])  # not in it: not found
        assert client.post(decide, {"decision": "approve"}).status_code == 404
        with organisation_scope(org_a.organisation):
            swap.refresh_from_db()
            shift.refresh_from_db()
        assert (swap.status, shift.worker) == ("pending", org_a.clv)

        # Priya is offered it and sees so; Joanne withdraws it.
        sign_in(client, priya)
        offered = text_of(page(client, reverse("volunteers_rota:my-rota")))
        assert "Offered to you" in offered and "would like you to take" in offered
        sign_in(client, org_a.clv)
        mine = page(client, reverse("volunteers_rota:my-rota"))
        assert "Withdraw the offer" in mine
        withdrawn = client.post(reverse("volunteers_rota:swap-withdraw", args=[swap.pk]))
        assert "Offer withdrawn: the shift is still yours." in follow_messages(client, withdrawn)
        again = client.post(reverse("volunteers_rota:swap-withdraw", args=[swap.pk]))
        assert "This swap is already withdrawn." in follow_messages(client, again)
        # A withdrawn offer cannot be approved after all.
        sign_in(client, org_a.manager)
        late = client.post(decide, {"decision": "approve"})
        assert "This swap is already withdrawn." in follow_messages(client, late)
        assert "No swaps are waiting." in page(client, reverse("volunteers_rota:swaps"))
    with organisation_scope(org_a.organisation):
        swap.refresh_from_db()
        shift.refresh_from_db()
    assert (swap.status, shift.worker) == ("withdrawn", org_a.clv)


def test_a_declined_swap_leaves_the_shift_and_approval_rechecks_the_colleague(client, org_a):
    rota_world(org_a)
    priya = org_a.users[Role.COMMUNITY_ENABLER]
    shift = add_shift(org_a, MONDAY)
    with time_machine.travel(BEFORE_MONDAY):
        with organisation_scope(org_a.organisation):
            swap = swaps.swap_request(actor=actor_of(org_a), shift=shift, to_worker=priya)
        # Priya is put on another shift at the same time before the decision.
        add_shift(org_a, MONDAY, datetime.time(17), datetime.time(19), worker=priya)
        sign_in(client, org_a.manager)
        decide = reverse("volunteers_rota:swap-decide", args=[swap.pk])
        said = follow_messages(client, client.post(decide, {"decision": "approve"}))
        assert "Priya already has a shift from 5pm to 7pm on Monday 2 March." in said
        said = follow_messages(client, client.post(decide, {"decision": "decline"}))
        assert (
            "Declined: the shift from 6pm to 10pm on Monday 2 March stays with "
            "Community Living Volunteer marker-org-a."
        ) in said
    with organisation_scope(org_a.organisation):
        swap.refresh_from_db()
        shift.refresh_from_db()
    assert (swap.status, shift.worker) == ("declined", org_a.clv)


# --- 4. Coverage gaps --------------------------------------------------------------------------


def gaps_of(world, monday=MONDAY) -> list[RotaGap]:
    with organisation_scope(world.organisation):
        return coverage_gaps(world.organisation, [world.network], monday)[world.network.pk]


def test_an_evening_with_no_one_on_is_flagged(client, org_a):
    rota_world(org_a)
    covered_week(org_a, skip=(1,))  # Tuesday: nobody
    thursday = MONDAY + datetime.timedelta(days=3)
    # Thursday is only half covered, and its other shift is open.
    with organisation_scope(org_a.organisation):
        Shift.objects.filter(starts_at=at_local(thursday, SIX_PM)).update(
            ends_at=at_local(thursday, datetime.time(20))
        )
    add_shift(org_a, thursday, datetime.time(20), TEN_PM, worker=None)
    # Cancelled shifts do not count.
    add_shift(org_a, MONDAY + datetime.timedelta(days=1), status="cancelled")
    for offset in (0, 2, 4):
        add_shift(
            org_a,
            MONDAY + datetime.timedelta(days=offset),
            datetime.time(9),
            datetime.time(13),
            kind="clv",
        )
    texts = [(g.kind, g.day, g.text) for g in gaps_of(org_a)]
    assert texts == [
        (
            "evening",
            MONDAY + datetime.timedelta(days=1),
            "No one on Tuesday 3 March in the evening (6pm to 10pm).",
        ),
        (
            "evening",
            thursday,
            "No one on Thursday 5 March from 8pm to 10pm. "
            "An open shift needs someone: 8pm to 10pm.",
        ),
    ]
    sign_in(client, org_a.manager)
    html = page(client, rota_url(org_a, MONDAY))
    assert "2 gaps to fill this week." in text_of(html)
    assert "Gap No one on Tuesday 3 March in the evening" in day_block(
        html, MONDAY + datetime.timedelta(days=1)
    )
    assert "No gaps" in day_block(html, MONDAY)


def test_enabler_evenings_and_weekends_cover_the_week_and_a_missing_weekend_is_flagged(org_a):
    rota_world(org_a)
    covered_week(org_a)
    for offset in (0, 2, 4):
        add_shift(
            org_a,
            MONDAY + datetime.timedelta(days=offset),
            datetime.time(9),
            datetime.time(13),
            kind="clv",
        )
    assert gaps_of(org_a) == []
    saturday = MONDAY + datetime.timedelta(days=5)
    with organisation_scope(org_a.organisation):
        Shift.objects.filter(starts_at__gte=at_local(saturday, datetime.time(0))).filter(
            starts_at__lt=at_local(saturday, datetime.time(23))
        ).update(status="cancelled")
    assert [(g.kind, g.text) for g in gaps_of(org_a)] == [
        ("weekend", "No one on Saturday 7 March.")
    ]
    # A weekend day covered only in the daytime still needs its evening.
    add_shift(org_a, saturday, datetime.time(10), datetime.time(16))
    assert [(g.kind, g.text) for g in gaps_of(org_a)] == [
        ("evening", "No one on Saturday 7 March in the evening (6pm to 10pm).")
    ]


def test_a_clv_under_12_hours_in_a_week_is_flagged(client, org_a):
    rota_world(org_a)
    covered_week(org_a)
    # Eight hours: two four-hour mornings.
    for offset in (0, 2):
        add_shift(
            org_a,
            MONDAY + datetime.timedelta(days=offset),
            datetime.time(9),
            datetime.time(13),
            kind="clv",
        )
    under = [g for g in gaps_of(org_a) if g.kind == "under_hours"]
    assert [g.text for g in under] == [
        "Joanne has 8 hours on the rota, under the 12 hours a week agreed."
    ]
    sign_in(client, org_a.manager)
    html = page(client, rota_url(org_a, MONDAY))
    assert "Joanne has 8 hours on the rota, under the 12 hours a week agreed." in text_of(html)
    # A third morning makes 12: no longer flagged.
    add_shift(
        org_a, MONDAY + datetime.timedelta(days=4), datetime.time(9), datetime.time(13), kind="clv"
    )
    assert [g for g in gaps_of(org_a) if g.kind == "under_hours"] == []
    # An agreed 15 hours is the bar, when recorded.
    with organisation_scope(org_a.organisation):
        VolunteerProfile.objects.filter(user=org_a.clv).update(weekly_commitment_hours=15)
    assert [g.text for g in gaps_of(org_a) if g.kind == "under_hours"] == [
        "Joanne has 12 hours on the rota, under the 15 hours a week agreed."
    ]


def test_someone_on_lone_visits_without_clearance_is_flagged(org_a):
    name_people(org_a)
    clear(org_a, org_a.clv, dbs_until=datetime.date(2026, 3, 1))
    add_shift(org_a, MONDAY)
    add_shift(org_a, MONDAY + datetime.timedelta(days=1))
    assert [g.text for g in gaps_of(org_a) if g.kind == "not_cleared"] == [
        "Joanne is on 2 lone-visit shifts but cannot be put on lone visits: "
        "DBS check ran out on 1 March 2026."
    ]


def test_clearance_that_runs_out_mid_week_flags_only_the_shifts_after_it(org_a):
    name_people(org_a)
    clear(org_a, org_a.clv, dbs_until=MONDAY + datetime.timedelta(days=1))  # out after Tuesday
    add_shift(org_a, MONDAY)
    add_shift(org_a, MONDAY + datetime.timedelta(days=1))
    add_shift(org_a, MONDAY + datetime.timedelta(days=3))
    assert [g.text for g in gaps_of(org_a) if g.kind == "not_cleared"] == [
        "Joanne is on a lone-visit shift but cannot be put on lone visits: "
        "DBS check ran out on 3 March 2026."
    ]


# --- 5. Hours against commitment ---------------------------------------------------------------


def log_contact(world, at: datetime.datetime, minutes: int, worker=None) -> None:
    with organisation_scope(world.organisation):
        Contact.objects.create(
            organisation=world.organisation,
            member=world.member,
            worker=worker or world.clv,
            happened_at=at,
            minutes=minutes,
            method="visit",
        )


def test_hours_are_contacts_and_worked_shifts_week_by_week_against_commitment(client, org_a):
    rota_world(org_a)
    # June: British Summer Time, so a UK week starts an hour before UTC's.
    this_monday = datetime.date(2026, 6, 15)
    last_monday = this_monday - datetime.timedelta(weeks=1)
    # Last week: two 4-hour shifts worked, one planned but never worked, one
    # cancelled; 5 hours of contacts, one of them (1 hour) during a worked
    # shift so counted once. 8 + 4 = 12 hours: met.
    add_shift(org_a, last_monday, datetime.time(9), datetime.time(13), status="worked")
    add_shift(
        org_a,
        last_monday + datetime.timedelta(days=2),
        datetime.time(9),
        datetime.time(13),
        status="worked",
    )
    add_shift(org_a, last_monday + datetime.timedelta(days=3), status="planned")
    add_shift(org_a, last_monday + datetime.timedelta(days=4), status="cancelled")
    log_contact(org_a, at_local(last_monday, datetime.time(10)), 60)  # in a worked shift
    log_contact(org_a, at_local(last_monday + datetime.timedelta(days=1), datetime.time(15)), 150)
    log_contact(org_a, at_local(last_monday + datetime.timedelta(days=6), datetime.time(23)), 90)
    # Someone else's contact does not count.
    log_contact(
        org_a,
        at_local(last_monday, datetime.time(16)),
        600,
        worker=org_a.users[Role.COMMUNITY_ENABLER],
    )
    # This week so far: one contact, 45 minutes, at half past midnight on
    # Monday in the UK (still Sunday in UTC): it belongs to this week.
    log_contact(org_a, at_local(this_monday, datetime.time(0, 30)), 45)

    with time_machine.travel(datetime.datetime(2026, 6, 17, 12, tzinfo=UTC)):
        with organisation_scope(org_a.organisation):
            report = hours_report(
                organisation=org_a.organisation, person=org_a.clv, today=timezone.localdate()
            )
        assert report.commitment == Decimal("12.0")
        assert [w.monday for w in report.weeks[:3]] == [
            this_monday,
            last_monday,
            last_monday - datetime.timedelta(weeks=1),
        ]
        now_week, last_week, before = report.weeks[:3]
        assert (now_week.contact_minutes, now_week.shift_minutes, now_week.met) == (45, 0, False)
        assert (last_week.contact_minutes, last_week.shift_minutes) == (240, 480)
        assert last_week.met is True and last_week.summary == "12 hours of the 12 hours agreed."
        assert (before.minutes, before.met) == (0, False)

        # The CLV sees their own; their support manager sees the same page.
        sign_in(client, org_a.clv)
        own = text_of(page(client, reverse("volunteers_rota:my-hours")))
        assert "My hours" in own and "Agreed: 12 hours a week." in own
        assert (
            "Week of Monday 8 June 2026 4 hours 8 hours 12 hours "
            "12 hours of the 12 hours agreed." in own
        )
        assert "Week of Monday 15 June 2026 (this week so far) 45 minutes 0 hours" in own
        assert "45 minutes of the 12 hours agreed. Under" in own
        sign_in(client, org_a.manager)
        theirs = text_of(page(client, reverse("volunteers_rota:hours", args=[org_a.clv.pk])))
        assert "Community Living Volunteer marker-org-a" in theirs
        assert "12 hours of the 12 hours agreed. Met" in theirs
        # Nobody else: a colleague gets "not found".
        sign_in(client, org_a.users[Role.COMMUNITY_ENABLER])
        page(client, reverse("volunteers_rota:hours", args=[org_a.clv.pk]), status=404)


def test_marking_a_shift_worked_counts_its_hours(client, org_a):
    rota_world(org_a)
    shift = add_shift(org_a, MONDAY, datetime.time(9), datetime.time(13))
    with time_machine.travel(datetime.datetime(2026, 3, 2, 14, tzinfo=UTC)):
        sign_in(client, org_a.clv)
        done = client.post(
            reverse("volunteers_rota:shift-worked", args=[shift.pk]), {"back": "mine"}
        )
        assert "Shift from 9am to 1pm on Monday 2 March marked as worked." in follow_messages(
            client, done
        )
        hours = text_of(page(client, reverse("volunteers_rota:my-hours")))
    assert "Week of Monday 2 March 2026 (this week so far) 0 hours 4 hours 4 hours" in hours


# --- 6. The private calendar feed --------------------------------------------------------------


def make_link(client, user) -> str:
    sign_in(client, user)
    html = page(client, reverse("volunteers_rota:calendar"))
    response = client.post(reverse("volunteers_rota:calendar"))
    html = response.content.decode()
    assert response.status_code == 200 and "Your private link is ready" in html
    link = re.search(r'id="calendar-link" type="text" value="([^"]+)"', html).group(1)
    assert link.startswith("http://testserver/calendar/") and link.endswith(".ics")
    return link.removeprefix("http://testserver")


def read_feed(client, path) -> icalendar.Calendar:
    client.logout()
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-cache"
    return icalendar.Calendar.from_ical(response.content)


def test_the_calendar_feed_has_only_your_shifts_at_their_uk_times(client, org_a, org_b):
    rota_world(org_a)
    name_people(org_b)
    mine = [
        add_shift(org_a, AUTUMN - datetime.timedelta(weeks=1)),  # BST
        add_shift(org_a, AUTUMN, notes="Bonfire night prep"),  # GMT
        add_shift(org_a, datetime.date(2027, 3, 21)),  # GMT, a week before the change
        add_shift(org_a, datetime.date(2027, 3, 28)),  # BST
    ]
    add_shift(org_a, AUTUMN + datetime.timedelta(days=1), status="cancelled")
    add_shift(org_a, AUTUMN, worker="community_enabler")  # a colleague's
    add_shift(org_a, AUTUMN + datetime.timedelta(days=2), worker=None)  # open
    add_shift(org_b, AUTUMN, notes=org_b.marker)  # org B's CLV
    with time_machine.travel(datetime.datetime(2026, 10, 1, 9, tzinfo=UTC)):
        path = make_link(client, org_a.clv)
        other_path = make_link(client, org_b.clv)
        feed = read_feed(client, path)
    events = feed.walk("VEVENT")
    assert sorted(str(e["uid"]) for e in events) == sorted(
        f"shift-{s.pk}@org-a.keyring-net" for s in mine
    )
    assert feed.walk("VTIMEZONE")[0]["tzid"] == "Europe/London"
    for event in events:
        start, end = event["dtstart"], event["dtend"]
        assert start.params["TZID"] == "Europe/London"
        assert (start.dt.hour, start.dt.minute, end.dt.hour) == (18, 0, 22)
        shift = next(s for s in mine if str(event["uid"]) == f"shift-{s.pk}@org-a.keyring-net")
        assert start.dt == shift.starts_at and end.dt == shift.ends_at  # same instants
        assert str(event["summary"]) == f"Evening enabler: {org_a.network.name}"
    utc_hours = sorted(
        (e["dtstart"].dt.date(), e["dtstart"].dt.astimezone(UTC).hour) for e in events
    )
    assert utc_hours == [
        (datetime.date(2026, 10, 18), 17),
        (AUTUMN, 18),
        (datetime.date(2027, 3, 21), 18),
        (datetime.date(2027, 3, 28), 17),
    ]
    text = feed.to_ical().decode()
    for day in ("20261018", "20261025", "20270321", "20270328"):
        assert f"DTSTART;TZID=Europe/London:{day}T180000" in text
    assert org_b.marker not in text and "Community enabler" not in text
    # Org B's link shows only org B's shift.
    with time_machine.travel(datetime.datetime(2026, 10, 1, 9, tzinfo=UTC)):
        other = read_feed(client, other_path)
    assert [str(e["description"]).splitlines()[-1] for e in other.walk("VEVENT")] == [org_b.marker]
    assert org_a.marker not in other.to_ical().decode()


def test_revoking_the_link_makes_it_not_found_and_a_new_link_works(client, org_a, org_b):
    rota_world(org_a)
    add_shift(org_a, timezone.localdate() + datetime.timedelta(days=3))
    first = make_link(client, org_a.clv)
    read_feed(client, first)
    # A new link replaces the old one.
    second = make_link(client, org_a.clv)
    assert first != second
    assert client.get(first).status_code == 404
    assert len(read_feed(client, second).walk("VEVENT")) == 1
    # Revoked: not found.
    sign_in(client, org_a.clv)
    said = follow_messages(client, client.post(reverse("volunteers_rota:calendar-revoke")))
    assert "Your calendar link has stopped working." in said
    assert "You have no calendar link at the moment." in said
    client.logout()
    assert client.get(second).status_code == 404
    third = make_link(client, org_a.clv)
    assert len(read_feed(client, third).walk("VEVENT")) == 1
    # The same secret under another organisation's number finds nothing;
    # nor does a made-up link.
    secret = third.removeprefix("/calendar/").removesuffix(".ics").split("-", 1)[1]
    assert client.get(f"/calendar/{org_b.organisation.pk}-{secret}.ics").status_code == 404
    assert client.get("/calendar/not-a-link.ics").status_code == 404
    assert client.get(f"/calendar/{org_a.organisation.pk}-nothing.ics").status_code == 404
    # Only a hash of the secret is kept.
    with organisation_scope(org_a.organisation):
        feeds = list(CalendarFeed.objects.filter(user=org_a.clv).order_by("created_at"))
    assert [f.revoked_at is None for f in feeds] == [False, False, True]
    assert feeds[-1].token_hash == calendar_feed.token_hash(third.split("/")[-1][:-4])
    assert secret not in "".join(f.token_hash for f in feeds)


def test_the_feed_stops_when_its_person_stops_working_there(client, org_a):
    rota_world(org_a)
    link = make_link(client, org_a.clv)
    read_feed(client, link)
    assignment = org_a.clv_assignment
    with organisation_scope(org_a.organisation):
        assignment.ended_at = timezone.now()
        assignment.save(update_fields=["ended_at"])
    assert client.get(link).status_code == 404


# --- 7. Query counts ---------------------------------------------------------------------------


def test_the_network_rota_week_reads_a_fixed_number_of_queries(client, org_a):
    rota_world(org_a)
    clear(org_a, org_a.users[Role.CONNECTIONS_VOLUNTEER], kind="connections_volunteer")
    workers = [
        org_a.clv,
        org_a.users[Role.COMMUNITY_ENABLER],
        org_a.users[Role.CONNECTIONS_VOLUNTEER],
        None,
    ]
    with organisation_scope(org_a.organisation):
        Availability.objects.create(
            organisation=org_a.organisation,
            worker=workers[1],
            kind="time_off",
            starts_at=at_local(MONDAY, datetime.time(0)),
            ends_at=at_local(MONDAY + datetime.timedelta(days=1), datetime.time(0)),
        )

    def make(n):
        with organisation_scope(org_a.organisation):
            have = Shift.objects.filter(network=org_a.network).count()
            for i in range(have, n):
                day = MONDAY + datetime.timedelta(days=i % 7)
                start = datetime.datetime.combine(day, datetime.time(6)) + datetime.timedelta(
                    minutes=3 * i
                )
                pattern = None
                if i % 10 == 0:
                    pattern = ShiftPattern.objects.create(
                        organisation=org_a.organisation,
                        network=org_a.network,
                        worker=workers[i % 4],
                        kind="evening",
                        rrule="FREQ=WEEKLY;BYDAY=MO,TH",
                        start_time=datetime.time(18),
                        minutes=240,
                        starts_on=MONDAY,
                    )
                shift = Shift.objects.create(
                    organisation=org_a.organisation,
                    network=org_a.network,
                    worker=workers[i % 4],
                    kind=Shift.Kind.values[i % 4],
                    starts_at=local_to_utc(start),
                    ends_at=local_to_utc(start + datetime.timedelta(hours=2)),
                    status=["planned", "worked", "cancelled"][i % 3],
                    pattern=pattern,
                    notes=f"Shift {i}",
                )
                if workers[i % 4] is not None and i % 5 == 0:
                    SwapRequest.objects.create(
                        organisation=org_a.organisation,
                        shift=shift,
                        from_worker=workers[i % 4],
                        to_worker=workers[(i + 1) % 3],
                    )

    def fetch():
        html = page(client, rota_url(org_a, MONDAY))
        assert "Shift 2" in html and "Swaps waiting for you" in html

    def fetch_as_worker():
        html = page(client, rota_url(org_a, MONDAY))
        assert "Shift 2" in html and "My shifts, swaps and time off" in html

    with time_machine.travel(BEFORE_MONDAY + datetime.timedelta(days=9)):  # Wednesday
        sign_in(client, org_a.manager)
        assert assert_constant_queries(make, fetch) == pinned(12)
        # A worker's view of the same week (no swaps or patterns to decide).
        sign_in(client, org_a.clv)
        assert assert_constant_queries(make, fetch_as_worker, sizes=(300, 301)) == pinned(10)


def test_my_rota_reads_a_fixed_number_of_queries(client, org_a):
    rota_world(org_a)
    priya = org_a.users[Role.COMMUNITY_ENABLER]
    now = datetime.datetime(2026, 3, 2, 9, tzinfo=UTC)

    def make(n):
        with organisation_scope(org_a.organisation):
            have = Shift.objects.filter(worker=org_a.clv).count()
            for i in range(have, n):
                start = now + datetime.timedelta(hours=1, minutes=5 * i)
                mine = Shift.objects.create(
                    organisation=org_a.organisation,
                    network=org_a.network,
                    worker=org_a.clv,
                    kind="clv",
                    starts_at=start,
                    ends_at=start + datetime.timedelta(minutes=4),
                    notes=f"Mine {i}",
                )
                Shift.objects.create(
                    organisation=org_a.organisation,
                    network=org_a.network,
                    worker=None,
                    kind="evening",
                    starts_at=start + datetime.timedelta(days=1),
                    ends_at=start + datetime.timedelta(days=1, hours=2),
                )
                theirs = Shift.objects.create(
                    organisation=org_a.organisation,
                    network=org_a.network,
                    worker=priya,
                    kind="evening",
                    starts_at=start + datetime.timedelta(days=2),
                    ends_at=start + datetime.timedelta(days=2, hours=2),
                )
                SwapRequest.objects.create(
                    organisation=org_a.organisation,
                    shift=mine,
                    from_worker=org_a.clv,
                    to_worker=priya,
                )
                SwapRequest.objects.create(
                    organisation=org_a.organisation,
                    shift=theirs,
                    from_worker=priya,
                    to_worker=org_a.clv,
                )
                Availability.objects.create(
                    organisation=org_a.organisation,
                    worker=org_a.clv,
                    kind="time_off",
                    starts_at=start + datetime.timedelta(days=20),
                    ends_at=start + datetime.timedelta(days=20, minutes=30),
                )

    def fetch():
        html = page(client, reverse("volunteers_rota:my-rota"))
        assert "Mine 2" in html and "Offered to you" in html

    with time_machine.travel(now):
        sign_in(client, org_a.clv)
        assert assert_constant_queries(make, fetch) == pinned(9)


# --- 8. Another organisation's rows are "not found" ------------------------------------------


def test_another_organisations_shift_and_swap_are_not_found_on_the_pages(client, org_a, org_b):
    rota_world(org_a)
    rota_world(org_b)
    with time_machine.travel(BEFORE_MONDAY):
        theirs = add_shift(org_b, MONDAY)
        open_theirs = add_shift(org_b, MONDAY + datetime.timedelta(days=1), worker=None)
        with organisation_scope(org_b.organisation):
            swap = swaps.swap_request(
                actor=actor_of(org_b), shift=theirs, to_worker=org_b.users[Role.COMMUNITY_ENABLER]
            )
            pattern = ShiftPattern.objects.create(
                organisation=org_b.organisation,
                network=org_b.network,
                kind="evening",
                rrule="FREQ=WEEKLY;BYDAY=MO",
                start_time=SIX_PM,
                minutes=240,
                starts_on=MONDAY,
            )
        sign_in(client, org_a.manager)
        for url in (
            reverse("volunteers_rota:shift-edit", args=[theirs.pk]),
            reverse("volunteers_rota:network-rota", args=[org_b.network.pk]),
            reverse("volunteers_rota:hours", args=[org_b.clv.pk]),
        ):
            assert client.get(url).status_code == 404, url
        for url, data in (
            (reverse("volunteers_rota:shift-edit", args=[theirs.pk]), {}),
            (reverse("volunteers_rota:shift-cancel", args=[theirs.pk]), {}),
            (reverse("volunteers_rota:swap-decide", args=[swap.pk]), {"decision": "approve"}),
            (reverse("volunteers_rota:pattern-extend", args=[pattern.pk]), {"weeks": "8"}),
        ):
            assert client.post(url, data).status_code == 404, url
        sign_in(client, org_a.clv)
        for url in (
            reverse("volunteers_rota:shift-pick-up", args=[open_theirs.pk]),
            reverse("volunteers_rota:swap-withdraw", args=[swap.pk]),
            reverse("volunteers_rota:shift-worked", args=[theirs.pk]),
        ):
            assert client.post(url).status_code == 404, url
        assert client.get(reverse("volunteers_rota:swap-add", args=[theirs.pk])).status_code == 404
        mine = page(client, reverse("volunteers_rota:my-rota"))
        assert org_b.marker not in mine
    with organisation_scope(org_b.organisation):
        theirs.refresh_from_db()
        open_theirs.refresh_from_db()
        swap.refresh_from_db()
        assert Shift.objects.filter(pattern=pattern).count() == 0
    assert (theirs.status, open_theirs.worker, swap.status) == ("planned", None, "pending")
