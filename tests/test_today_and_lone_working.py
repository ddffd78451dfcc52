"""Today (the phone view) and lone working: checking in and out, the overdue
sweep that alerts the support manager and then the out-of-hours contact
exactly once per level, acknowledging, the API, and query counts."""

from __future__ import annotations

import datetime
import importlib
import os
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from email.utils import parseaddr
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from keyring_net.actors import Actor
from keyring_net.clock import clock
from keyring_net.models import Role
from keyring_net.tenancy import organisation_scope
from members.models import Allocation, Contact
from notifications.tasks import send_due_notifications_task
from tests.factories import MemberFactory, UserFactory
from tests.helpers import assert_constant_queries, pinned
from volunteers.models import LoneWorkingAlert, LoneWorkingSession, PlannedVisit, Shift
from volunteers.selectors import today as selectors_today
from volunteers.services import today as services_today
from volunteers.tasks import raise_overdue_alerts_task

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
LONDON = ZoneInfo("Europe/London")
MINUTE = datetime.timedelta(minutes=1)
# With no address of its own, an organisation's out-of-hours contact is the
# service's own (watched) address.
OUT_OF_HOURS = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def actor_of(world, role: str = Role.CLV) -> Actor:
    return Actor.for_user(world.users[role], world.organisation.pk)


def give_phones(world) -> None:
    world.clv.phone = "07700 900123"
    world.clv.preferred_name = "Joanne"
    world.clv.save(update_fields=["phone", "preferred_name"])
    world.manager.phone = "07700 900456"
    world.manager.save(update_fields=["phone"])
    world.organisation.out_of_hours_phone = "0161 496 0999"
    world.organisation.save(update_fields=["out_of_hours_phone"])


def overdue_session(world, *, minutes_late: int = 6, member=True) -> LoneWorkingSession:
    """The world CLV checked in an hour ago to visit the world member, and
    should have finished ``minutes_late`` minutes ago."""
    now = timezone.now()
    end = now - datetime.timedelta(minutes=minutes_late)
    with organisation_scope(world.organisation):
        return LoneWorkingSession.objects.create(
            organisation=world.organisation,
            worker=world.clv,
            member=world.member if member else None,
            place="" if member else "the community centre",
            started_at=end - datetime.timedelta(hours=1),
            expected_end_at=end,
        )


def alerts_of(world, **filters) -> list[LoneWorkingAlert]:
    with organisation_scope(world.organisation):
        return list(
            LoneWorkingAlert.objects.filter(organisation=world.organisation, **filters).order_by(
                "pk"
            )
        )


def sweep(capture, *, at: datetime.datetime | None = None) -> int:
    """Run the beat tasks as a worker would: raise what is due, then send
    the due notifications (the alert e-mails among them) after commit."""
    with time_machine.travel(at or timezone.now(), tick=False):
        with capture(execute=True):
            raised = raise_overdue_alerts_task()
        send_due_messages(capture)
    return raised


def send_due_messages(capture) -> dict:
    with capture(execute=True):
        return send_due_notifications_task()


# --- Checking in and out: services -------------------------------------------------


def test_check_in_and_out(in_org_a):
    actor = actor_of(in_org_a)
    now = timezone.now()
    session = services_today.lone_working_check_in(
        actor=actor, member=in_org_a.member, expected_end_at=now + 30 * MINUTE, now=now
    )
    assert (session.worker, session.member, session.checked_out_at) == (
        in_org_a.clv,
        in_org_a.member,
        None,
    )
    assert selectors_today.open_session_of(actor) == session
    out = services_today.lone_working_check_out(actor=actor, session=session, now=now + MINUTE)
    assert out.checked_out_at == now + MINUTE
    again = services_today.lone_working_check_out(
        actor=actor, session=session, now=now + 5 * MINUTE
    )
    assert again.checked_out_at == now + MINUTE  # a second tap changes nothing
    assert selectors_today.open_session_of(actor) is None
    assert session.history.count() == 2  # checked in, checked out: each audited


def test_check_in_refuses_plainly(in_org_a):
    actor = actor_of(in_org_a)
    now = timezone.now().replace(hour=15, minute=0)

    def refused(**kwargs) -> dict:
        kwargs.setdefault("member", in_org_a.member)
        kwargs.setdefault("expected_end_at", now + 30 * MINUTE)
        with pytest.raises(ValidationError) as error:
            services_today.lone_working_check_in(actor=actor, now=now, **kwargs)
        return error.value.message_dict if hasattr(error.value, "error_dict") else error.value

    end_in_past = now - 10 * MINUTE
    said = clock(end_in_past, in_org_a.organisation)
    assert refused(expected_end_at=end_in_past) == {
        "expected_end_at": [f"{said} has already passed. Choose a finish time later than now."]
    }
    assert refused(member=None) == {
        "member": ["Choose the member you are visiting, or say where you are."]
    }
    assert refused(expected_end_at=now + datetime.timedelta(hours=13)) == {
        "expected_end_at": ["Choose a finish time within the next 12 hours."]
    }
    services_today.lone_working_check_in(
        actor=actor, place="the library", expected_end_at=now + 30 * MINUTE, now=now
    )
    error = refused()
    assert error.messages == [
        f"You are already checked in at the library since "
        f"{clock(now, in_org_a.organisation)}. Check out of that visit first."
    ]
    assert LoneWorkingSession.objects.count() == 1


def test_only_the_worker_checks_out_and_only_lone_workers_check_in(in_org_a):
    session = services_today.lone_working_check_in(
        actor=actor_of(in_org_a),
        member=in_org_a.member,
        expected_end_at=timezone.now() + 30 * MINUTE,
    )
    with pytest.raises(PermissionDenied):
        services_today.lone_working_check_out(
            actor=actor_of(in_org_a, Role.COMMUNITY_ENABLER), session=session
        )
    with pytest.raises(PermissionDenied):
        services_today.lone_working_check_in(
            actor=actor_of(in_org_a, Role.CONNECTIONS_VOLUNTEER),
            place="the hub",
            expected_end_at=timezone.now() + 30 * MINUTE,
        )
    session.refresh_from_db()
    assert session.checked_out_at is None


def test_the_words_of_a_clock():
    from keyring_net.models import Organisation

    org = Organisation(name="x", time_zone="Europe/London")
    summer = datetime.datetime(2026, 7, 1, 13, 10, tzinfo=datetime.UTC)  # 2:10pm BST
    assert clock(summer, org) == "2:10pm"
    assert clock(summer.replace(hour=11, minute=0), org) == "midday"
    assert clock(summer.replace(hour=23, minute=5), org) == "12:05am"
    winter = datetime.datetime(2026, 12, 1, 9, 5, tzinfo=datetime.UTC)
    assert clock(winter, org) == "9:05am"


# --- The today page -------------------------------------------------------------------


def add_shift(world, starts_at, minutes=180, **extra) -> Shift:
    with organisation_scope(world.organisation):
        return Shift.objects.create(
            organisation=world.organisation,
            network=world.network,
            worker=extra.pop("worker", world.clv),
            kind=Shift.Kind.CLV,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(minutes=minutes),
            **extra,
        )


def allocate(world, member, worker=None, last_seen=None) -> None:
    with organisation_scope(world.organisation):
        Allocation.objects.create(
            organisation=world.organisation,
            member=member,
            worker=worker or world.clv,
            started_on=datetime.date(2026, 1, 1),
        )
        if last_seen is not None:
            Contact.objects.create(
                organisation=world.organisation,
                member=member,
                worker=worker or world.clv,
                happened_at=last_seen,
                minutes=30,
                method="visit",
            )


def test_today_shows_shifts_members_due_oldest_first_and_who_to_call(client, org_a):
    give_phones(org_a)
    now = timezone.now()
    local_today = now.astimezone(LONDON).date()
    noon = datetime.datetime.combine(local_today, datetime.time(12), tzinfo=LONDON)
    with organisation_scope(org_a.organisation):
        never = MemberFactory(network=org_a.network, full_name="Never Seen")
        long_ago = MemberFactory(network=org_a.network, full_name="Long Ago")
        lately = MemberFactory(network=org_a.network, full_name="Seen Lately")
        planned = MemberFactory(network=org_a.network, full_name="Planned Today")
        someone_elses = MemberFactory(network=org_a.network, full_name="Someone Elses")
    allocate(org_a, never)
    allocate(org_a, long_ago, last_seen=now - datetime.timedelta(days=9))
    allocate(org_a, lately, last_seen=now - datetime.timedelta(days=2))
    allocate(org_a, someone_elses, worker=org_a.users[Role.COMMUNITY_ENABLER])
    shift = add_shift(org_a, noon, notes="Bring the leaflets")
    add_shift(org_a, noon - datetime.timedelta(days=1), notes="Yesterday's shift")
    add_shift(org_a, noon, worker=org_a.users[Role.COMMUNITY_ENABLER], notes="Not mine")
    with organisation_scope(org_a.organisation):
        PlannedVisit.objects.create(
            organisation=org_a.organisation, shift=shift, member=planned, note="Gas bill letter"
        )
    client.force_login(org_a.clv)
    whole = client.get("/today/").content.decode()
    page = whole[whole.index("Who to call for help") :]  # after the check-in form's list
    assert "Bring the leaflets" in page
    assert "Yesterday&#x27;s shift" not in page and "Not mine" not in page
    order = [
        page.index(name) for name in ("Never Seen", "Planned Today", "Long Ago", "Seen Lately")
    ]
    assert order == sorted(order), "never seen first, then the longest ago"
    assert "Someone Elses" not in page
    assert "Gas bill letter" in page
    assert "You last saw them 9 days ago" in page or "You last saw them 10 days ago" in page
    assert 'href="tel:07700900456"' in page  # the support manager, one tap
    assert 'href="tel:01614960999"' in page  # the out-of-hours helpline
    assert f'href="/contacts/new/?member={never.pk}&amp;next=/today/"' in page
    assert 'action="/today/check-in/"' in whole


def test_connections_volunteers_see_today_without_lone_working_or_the_contact_log(client, org_a):
    client.force_login(org_a.users[Role.CONNECTIONS_VOLUNTEER])
    page = client.get("/today/").content.decode()
    assert "Who to call for help" in page
    assert "check-in" not in page and "/contacts/new/" not in page


def test_today_is_the_local_day_across_the_clock_change(in_org_a):
    """Sunday 29 March 2026: the clocks go forward at 1am, so the local day
    runs from 00:00 GMT to 23:00 UTC (23 hours)."""
    utc = datetime.UTC
    inside = [
        add_shift(in_org_a, datetime.datetime(2026, 3, 29, 0, 10, tzinfo=utc), minutes=30),
        add_shift(in_org_a, datetime.datetime(2026, 3, 29, 22, 30, tzinfo=utc), minutes=20),
    ]
    add_shift(in_org_a, datetime.datetime(2026, 3, 28, 23, 0, tzinfo=utc), minutes=60)
    add_shift(in_org_a, datetime.datetime(2026, 3, 29, 23, 0, tzinfo=utc), minutes=60)
    noon = datetime.datetime(2026, 3, 29, 11, 0, tzinfo=utc)
    page = selectors_today.today_page(actor=actor_of(in_org_a), now=noon)
    assert page.shifts == inside
    assert page.start == datetime.datetime(2026, 3, 29, 0, 0, tzinfo=utc)


def test_checking_in_and_out_on_the_page(client, org_a):
    client.force_login(org_a.clv)
    response = client.post(
        "/today/check-in/", {"member": org_a.member.pk, "duration": "30", "until": ""}
    )
    assert response.status_code == 302 and response["Location"] == "/today/"
    with organisation_scope(org_a.organisation):
        session = LoneWorkingSession.objects.get()
    assert (
        datetime.timedelta(minutes=29)
        < session.expected_end_at - session.started_at
        <= datetime.timedelta(minutes=30)
    )
    page = client.get("/today/").content.decode()
    assert f"Checked in to visit {org_a.member.full_name}. Check out by" in page
    assert f'action="/today/check-out/{session.pk}/"' in page
    again = client.post("/today/check-in/", {"place": "the library", "duration": "60"})
    assert "You are already checked in to visit" in again.content.decode()
    response = client.post(f"/today/check-out/{session.pk}/")
    assert response.status_code == 302
    page = client.get("/today/").content.decode()
    assert "Thank you: you are safe." in page
    session.refresh_from_db()
    assert session.checked_out_at is not None
    client.post(f"/today/check-out/{session.pk}/")
    assert "You had already checked out" in client.get("/today/").content.decode()


def test_a_finish_time_in_the_past_is_refused_on_the_page(client, org_a):
    client.force_login(org_a.clv)
    now = datetime.datetime(2026, 11, 25, 15, 30, tzinfo=LONDON)
    with time_machine.travel(now, tick=False):
        response = client.post(
            "/today/check-in/", {"member": org_a.member.pk, "duration": "60", "until": "14:00"}
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "2pm has already passed. Choose a finish time later than now." in page
    with time_machine.travel(now, tick=False):
        page = client.post("/today/check-in/", {"member": "", "place": "", "duration": "30"})
    assert "Choose the member you are visiting, or say where you are." in page.content.decode()
    with time_machine.travel(now, tick=False):
        page = client.post("/today/check-in/", {"place": "x", "until": "25:99"})
    assert "Enter a time, like 15:30." in page.content.decode()
    with organisation_scope(org_a.organisation):
        assert not LoneWorkingSession.objects.exists()


def test_a_typed_finish_time_wins_over_the_quick_choice(client, org_a):
    client.force_login(org_a.clv)
    now = datetime.datetime(2026, 11, 25, 15, 30, tzinfo=LONDON)
    with time_machine.travel(now, tick=False):
        client.post("/today/check-in/", {"place": "the hub", "duration": "30", "until": "17:15"})
    with organisation_scope(org_a.organisation):
        session = LoneWorkingSession.objects.get()
    assert session.expected_end_at == datetime.datetime(2026, 11, 25, 17, 15, tzinfo=LONDON)


def test_the_contact_log_goes_back_to_today(client, org_a):
    """Today links to the quick contact log with the member chosen; saving
    there comes back here."""
    allocate(org_a, org_a.member)
    client.force_login(org_a.clv)
    form = client.get(f"/contacts/new/?member={org_a.member.pk}&next=/today/").content.decode()
    assert 'name="next" value="/today/"' in form
    response = client.post(
        "/contacts/new/",
        {"member": org_a.member.pk, "method": "visit", "minutes": "30", "next": "/today/"},
    )
    assert response["Location"] == "/today/"
    page = client.get("/today/").content.decode()
    assert f"Saved: 30 minutes with {org_a.member.full_name}" in page
    assert "You saw them today." in page


def test_today_queries_do_not_grow(client, org_a):
    give_phones(org_a)
    noon = datetime.datetime.combine(
        timezone.now().astimezone(LONDON).date(), datetime.time(12), tzinfo=LONDON
    )
    shift = add_shift(org_a, noon)
    now = timezone.now()

    def make(n):
        with organisation_scope(org_a.organisation):
            have = Allocation.objects.filter(worker=org_a.clv).count()
            for i in range(have, n):
                member = MemberFactory(network=org_a.network)
                allocate(org_a, member, last_seen=now - datetime.timedelta(days=i % 20))
                PlannedVisit.objects.create(
                    organisation=org_a.organisation, shift=shift, member=member
                )
                add_shift(org_a, noon + datetime.timedelta(minutes=i))

    def fetch():
        response = client.get("/today/")
        assert response.status_code == 200

    client.force_login(org_a.clv)
    # 9, and the one insert that logs the members due
    assert assert_constant_queries(make, fetch, sizes=(3, 30)) == pinned(10)
    with organisation_scope(org_a.organisation):
        services_today.lone_working_check_in(
            actor=actor_of(org_a), place="x", expected_end_at=timezone.now() + 30 * MINUTE
        )
    # Checked in: the form (and its member list) gives way to Check out
    # (the members due are still logged).
    assert assert_constant_queries(make, fetch, sizes=(30, 31)) == pinned(9)


# --- The overdue sweep ----------------------------------------------------------------


def test_an_overdue_check_out_raises_one_alert_and_one_email_however_often_it_runs(
    org_a, django_capture_on_commit_callbacks
):
    give_phones(org_a)
    session = overdue_session(org_a, minutes_late=6)
    assert sweep(django_capture_on_commit_callbacks) == 1
    assert sweep(django_capture_on_commit_callbacks) == 0  # a second run, its own transaction
    alerts = alerts_of(org_a)
    assert [(a.session_id, a.level, a.recipients) for a in alerts] == [
        (session.pk, "manager", org_a.manager.email)
    ]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [org_a.manager.email]
    assert message.subject == f"Lone working: {org_a.clv.full_name} has not checked out"
    org = org_a.organisation
    started = clock(session.started_at, org)
    ends = clock(session.expected_end_at, org)
    assert (
        f"Joanne checked in at {started} to visit {org_a.member.full_name} and expected to "
        f"finish by {ends}. They have not checked out. Call them on 07700 900123."
    ) in message.body
    assert "/lone-working/alerts/" in message.body


def test_not_yet_five_minutes_late_raises_nothing(org_a, django_capture_on_commit_callbacks):
    overdue_session(org_a, minutes_late=4)
    assert sweep(django_capture_on_commit_callbacks) == 0
    assert alerts_of(org_a) == [] and mail.outbox == []


def test_two_runs_that_both_saw_the_session_due_raise_it_once(
    org_a, django_capture_on_commit_callbacks
):
    """Two overlapping runs both find the session due before either has
    written: the unique (session, level) constraint refuses the second row,
    and only the run whose row was created sends an e-mail."""
    session = overdue_session(org_a)
    org = org_a.organisation
    now = timezone.now()
    with organisation_scope(org):
        seen_by_first = selectors_today.sessions_due_for_manager_alert(
            org, overdue_before=now - services_today.MANAGER_AFTER
        )
        seen_by_second = selectors_today.sessions_due_for_manager_alert(
            org, overdue_before=now - services_today.MANAGER_AFTER
        )
    assert seen_by_first == seen_by_second == [session]
    results = []
    for seen in (seen_by_first, seen_by_second):
        with django_capture_on_commit_callbacks(execute=True), organisation_scope(org):
            results.append(
                services_today.raise_alert_once(
                    organisation=org,
                    session=seen[0],
                    level=LoneWorkingAlert.Level.MANAGER,
                    recipients=[org_a.manager.email],
                    now=now,
                )
            )
    assert results[0] is not None and results[1] is None
    assert len(alerts_of(org_a)) == 1
    send_due_messages(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_raise_one_alert_on_postgresql(org_a, monkeypatch):
    """Two threads run the sweep at the same moment, each on its own
    connection. Both read the session as due (a barrier holds them until
    both have), then both insert: one waits on the other's row and is
    refused by the unique constraint."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the race needs PostgreSQL.")
    overdue_session(org_a)
    barrier = threading.Barrier(2, timeout=20)
    real = selectors_today.manager_emails_for_sessions

    def both_have_read(organisation, sessions):
        result = real(organisation, sessions)
        barrier.wait()
        return result

    monkeypatch.setattr(selectors_today, "manager_emails_for_sessions", both_have_read)
    results, errors = [], []

    def run():
        try:
            results.append(raise_overdue_alerts_task())
        except Exception as error:  # pragma: no cover - shown by the assert below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(results) == [0, 1]
    assert len(alerts_of(org_a)) == 1
    send_due_notifications_task()  # delivered at once: no test transaction here
    assert len(mail.outbox) == 1


def test_escalates_to_out_of_hours_after_fifteen_more_minutes(
    org_a, django_capture_on_commit_callbacks
):
    give_phones(org_a)
    session = overdue_session(org_a, minutes_late=6)
    now = timezone.now()
    sweep(django_capture_on_commit_callbacks, at=now)
    assert sweep(django_capture_on_commit_callbacks, at=now + 14 * MINUTE) == 0
    assert sweep(django_capture_on_commit_callbacks, at=now + 16 * MINUTE) == 1
    assert sweep(django_capture_on_commit_callbacks, at=now + 30 * MINUTE) == 0
    levels = [(a.level, a.recipients) for a in alerts_of(org_a)]
    assert levels == [("manager", org_a.manager.email), ("out_of_hours", OUT_OF_HOURS)]
    assert [m.to for m in mail.outbox] == [[org_a.manager.email], [OUT_OF_HOURS]]
    urgent = mail.outbox[1]
    assert urgent.subject.startswith("Urgent, lone working:")
    told = clock(now, org_a.organisation)
    assert f"Their support manager was told at {told} and has not acknowledged it." in urgent.body
    assert "You are the out-of-hours contact" in urgent.body
    assert session.pk == alerts_of(org_a)[1].session_id


def test_the_organisations_own_out_of_hours_address_is_used(
    org_a, django_capture_on_commit_callbacks
):
    org = org_a.organisation
    org.settings = {"out_of_hours_email": "on-call@org-a.example"}
    org.save(update_fields=["settings"])
    overdue_session(org_a)
    now = timezone.now()
    sweep(django_capture_on_commit_callbacks, at=now)
    sweep(django_capture_on_commit_callbacks, at=now + 16 * MINUTE)
    assert [a.recipients for a in alerts_of(org_a)] == [
        org_a.manager.email,
        "on-call@org-a.example",
    ]


def test_acknowledged_or_checked_out_stops_the_escalation(
    org_a, django_capture_on_commit_callbacks
):
    acknowledged = overdue_session(org_a, member=False)
    now = timezone.now()
    sweep(django_capture_on_commit_callbacks, at=now)
    [alert] = alerts_of(org_a)
    with organisation_scope(org_a.organisation):
        services_today.lone_working_alert_acknowledge(
            actor=actor_of(org_a, Role.SUPPORT_MANAGER), alert=alert
        )
    # The same worker, another visit: overdue, alerted, then checked out.
    checked_out = overdue_session(org_a)
    sweep(django_capture_on_commit_callbacks, at=now + MINUTE)
    with organisation_scope(org_a.organisation):
        services_today.lone_working_check_out(actor=actor_of(org_a), session=checked_out)
    assert sweep(django_capture_on_commit_callbacks, at=now + 40 * MINUTE) == 0
    assert [(a.session_id, a.level) for a in alerts_of(org_a)] == [
        (acknowledged.pk, "manager"),
        (checked_out.pk, "manager"),
    ]
    assert len(mail.outbox) == 2


def test_with_no_support_manager_the_first_alert_goes_out_of_hours(
    org_a, django_capture_on_commit_callbacks
):
    with organisation_scope(org_a.organisation):
        org_a.manager.role_assignments.update(ended_at=timezone.now())
    overdue_session(org_a)
    sweep(django_capture_on_commit_callbacks)
    assert [(a.level, a.recipients) for a in alerts_of(org_a)] == [("manager", OUT_OF_HOURS)]


def test_each_organisation_alerts_its_own_managers(
    org_a, org_b, django_capture_on_commit_callbacks
):
    overdue_session(org_a)
    overdue_session(org_b)
    assert sweep(django_capture_on_commit_callbacks) == 2
    assert [a.recipients for a in alerts_of(org_a)] == [org_a.manager.email]
    assert [a.recipients for a in alerts_of(org_b)] == [org_b.manager.email]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [org_a.manager.email, org_b.manager.email]
    )
    assert all(org_b.marker not in m.body for m in mail.outbox if m.to == [org_a.manager.email])


def test_the_sweep_reads_a_fixed_number_of_queries_per_organisation(org_a, org_b):
    """With nothing due, each organisation costs the same few queries,
    however many check-ins it has."""
    from tests.helpers import count_queries

    def add(n):
        with organisation_scope(org_a.organisation):
            for _ in range(n):
                LoneWorkingSession.objects.create(
                    organisation=org_a.organisation,
                    worker=org_a.clv,
                    place="x",
                    started_at=timezone.now(),
                    expected_end_at=timezone.now() + 30 * MINUTE,
                )

    add(2)
    few, _ = count_queries(raise_overdue_alerts_task)
    add(40)
    many, _ = count_queries(raise_overdue_alerts_task)
    assert few == many


def test_the_sweep_is_scheduled_every_minute():
    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    from keyring_net.celery import app

    # Run the schedule's own migration step (a transactional test elsewhere
    # may have emptied the table): twice, to show it makes one task only.
    schedule = importlib.import_module("volunteers.migrations.0002_lone_working_schedule")
    schedule.create_schedule(apps, None)
    schedule.create_schedule(apps, None)
    task = PeriodicTask.objects.get(name="Raise overdue lone-working alerts")
    assert task.task == "volunteers.tasks.raise_overdue_alerts_task"
    assert (task.interval.every, task.interval.period, task.enabled) == (1, "minutes", True)
    app.loader.import_default_modules()
    assert task.task in app.tasks


# --- Alerts page and acknowledging -------------------------------------------------


def test_the_support_manager_sees_and_acknowledges_alerts(
    client, org_a, django_capture_on_commit_callbacks
):
    give_phones(org_a)
    overdue_session(org_a)
    now = timezone.now()
    sweep(django_capture_on_commit_callbacks, at=now)
    sweep(django_capture_on_commit_callbacks, at=now + 16 * MINUTE)
    manager_alert, urgent = alerts_of(org_a)
    client.force_login(org_a.manager)
    page = client.get("/lone-working/alerts/").content.decode()
    assert page.count("They have not checked out.") == 2
    assert 'href="tel:07700900123"' in page
    assert "Out-of-hours told" in page
    response = client.post(f"/lone-working/alerts/{manager_alert.pk}/acknowledge/")
    assert response.status_code == 302
    page = client.get("/lone-working/alerts/").content.decode()
    assert "No more alerts will be sent about it." in page
    assert "No open alerts." in page
    for alert in alerts_of(org_a):  # both levels about the visit
        assert alert.acknowledged_by == org_a.manager and alert.acknowledged_at is not None
    client.post(f"/lone-working/alerts/{urgent.pk}/acknowledge/")
    assert (
        "already acknowledged this alert at" in client.get("/lone-working/alerts/").content.decode()
    )


# --- API ------------------------------------------------------------------------------


def test_api_check_in_list_and_check_out(client, org_a):
    client.force_login(org_a.clv)
    response = client.post(
        "/api/v1/lone-working/",
        {"member": org_a.member.pk, "minutes": 45},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["member_name"] == org_a.member.full_name and created["overdue"] is False
    again = client.post(
        "/api/v1/lone-working/", {"place": "x", "minutes": 30}, content_type="application/json"
    )
    assert again.status_code == 400
    assert "Check out of that visit first." in again.json()["errors"]["non_field_errors"][0]
    mine = client.get("/api/v1/lone-working/?open=true").json()
    assert [row["id"] for row in mine["results"]] == [created["id"]]
    out = client.post(f"/api/v1/lone-working/{created['id']}/check-out/")
    assert out.status_code == 200 and out.json()["checked_out_at"] is not None
    client.force_login(org_a.manager)
    seen = client.get("/api/v1/lone-working/").json()["results"]
    assert [row["id"] for row in seen] == [created["id"]]
    client.force_login(org_a.users[Role.COMMUNITY_ENABLER])
    assert client.get("/api/v1/lone-working/").json()["results"] == []


def test_api_refuses_plainly(client, org_a):
    client.force_login(org_a.clv)
    past = (timezone.now() - 10 * MINUTE).isoformat()
    response = client.post(
        "/api/v1/lone-working/",
        {"member": org_a.member.pk, "expected_end_at": past},
        content_type="application/json",
    )
    assert response.status_code == 400
    [message] = response.json()["errors"]["expected_end_at"]
    assert message.endswith("has already passed. Choose a finish time later than now.")
    neither = client.post("/api/v1/lone-working/", {"place": "x"}, content_type="application/json")
    assert neither.json()["errors"]["expected_end_at"] == [
        "Give the time you expect to finish, or how many minutes."
    ]


def test_api_check_in_with_another_organisations_member_lands_nothing(client, org_a, org_b):
    client.force_login(org_a.clv)
    response = client.post(
        "/api/v1/lone-working/",
        {"member": org_b.member.pk, "minutes": 30, "organisation": org_b.organisation.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["member"] == ["Not found."]
    for world in (org_a, org_b):
        with organisation_scope(world.organisation):
            assert not LoneWorkingSession.objects.exists()


def test_api_list_queries_do_not_grow(client, org_a):
    def make(n):
        with organisation_scope(org_a.organisation):
            have = LoneWorkingSession.objects.count()
            for _ in range(have, n):
                LoneWorkingSession.objects.create(
                    organisation=org_a.organisation,
                    worker=org_a.clv,
                    member=org_a.member,
                    started_at=timezone.now() - 90 * MINUTE,
                    expected_end_at=timezone.now() - 60 * MINUTE,
                    checked_out_at=timezone.now() - 61 * MINUTE,
                )

    def fetch():
        assert client.get("/api/v1/lone-working/").status_code == 200

    client.force_login(org_a.manager)
    assert assert_constant_queries(make, fetch, sizes=(3, 30)) == pinned(5)


# --- A real worker ---------------------------------------------------------------------


def seed_overdue_check_in() -> int:
    """An organisation whose CLV is 10 minutes late checking out, with a
    support manager to alert. Returns the check-in's id. Run in the test's
    own database on PostgreSQL, and in the worker's file on SQLite (in a
    separate process: ``python -c``)."""
    from tests.factories import (
        ClusterFactory,
        MemberFactory,
        NetworkFactory,
        OrganisationFactory,
        RoleAssignmentFactory,
    )

    slug = f"worker-{uuid.uuid4().hex[:8]}"
    organisation = OrganisationFactory(slug=slug, name=f"Worker test {slug}")
    with organisation_scope(organisation):
        cluster = ClusterFactory(organisation=organisation)
        network = NetworkFactory(cluster=cluster, organisation=organisation)
        member = MemberFactory(network=network)
        clv = UserFactory(full_name="Joanne Worker", phone="07700 900123")
        manager = UserFactory(full_name="Sam Manager")
        RoleAssignmentFactory(organisation=organisation, user=clv, role=Role.CLV, network=network)
        RoleAssignmentFactory(
            organisation=organisation, user=manager, role=Role.SUPPORT_MANAGER, cluster=cluster
        )
        now = timezone.now()
        session = LoneWorkingSession.objects.create(
            organisation=organisation,
            worker=clv,
            member=member,
            started_at=now - 70 * MINUTE,
            expected_end_at=now - 10 * MINUTE,
        )
    return session.pk


def _postgres_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return (
        f"postgres://{s['USER'] or 'postgres'}{password}@{s['HOST'] or '127.0.0.1'}:"
        f"{s['PORT'] or 5432}/{s['NAME']}"
    )


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_raises_the_alert_from_redis(redis_url, tmp_path):
    """As in production: beat's message goes through Redis to a Celery
    worker in another process, which writes the alert; the notifications
    dispatcher (beat's next message) then queues its e-mail delivery, and
    the worker sends it."""
    from celery import Celery

    queue = f"keyring-test-{uuid.uuid4().hex[:8]}"
    sqlite_file = tmp_path / "worker.sqlite3"
    database_url = (
        _postgres_url() if connection.vendor == "postgresql" else f"sqlite:///{sqlite_file}"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "keyring_net.settings",
        "DEBUG": "true",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_QUEUE": queue,
        "EMAIL_URL": "consolemail://",
    }
    if connection.vendor == "postgresql":
        session_id = seed_overdue_check_in()
    else:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=180,
        )
        seeded = subprocess.run(
            [
                sys.executable,
                "-c",
                "import django; django.setup(); "
                "from tests.test_today_and_lone_working import seed_overdue_check_in as s; "
                "print(s())",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=120,
            capture_output=True,
            text=True,
        )
        session_id = int(seeded.stdout.strip().splitlines()[-1])
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "keyring_net",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(worker.stdout), daemon=True)
    reader.start()
    client = Celery(broker=redis_url, backend=redis_url, set_as_current=False)
    try:
        result = client.send_task("volunteers.tasks.raise_overdue_alerts_task", queue=queue)
        raised = result.get(timeout=60, disable_sync_subtasks=False)
        dispatched = client.send_task(
            "notifications.tasks.send_due_notifications_task", queue=queue
        )
        dispatched.get(timeout=60, disable_sync_subtasks=False)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not any("has not checked out" in x for x in lines):
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        reader.join(timeout=10)
    output = "".join(lines)
    assert "Traceback" not in output, output
    assert raised == 1
    assert "They have not checked out. Call them on 07700 900123." in output, output
    if connection.vendor == "postgresql":
        rows = [
            (a.session_id, a.level)
            for a in LoneWorkingAlert.objects.with_scopes_disabled().filter(session_id=session_id)
        ]
    else:
        with sqlite3.connect(sqlite_file) as db:
            rows = db.execute(
                "SELECT session_id, level FROM volunteers_loneworkingalert WHERE session_id = ?",
                [session_id],
            ).fetchall()
    assert rows == [(session_id, "manager")]
