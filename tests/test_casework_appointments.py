"""Appointments and planned visits: repeating appointments, marking what
happened, a done visit logged as a contact once, reminders once each on
the chosen channels after quiet hours, the member's own page, the API, and
lists at a constant number of queries."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework import reminders_appointments as reminders
from casework.models import Appointment, Outcome, PlannedVisit
from casework.selectors.appointments import visits_due_for
from casework.services import appointments as services
from keyring_net.actors import Actor
from keyring_net.models import Role
from members.models import Contact, RecordAccess
from notifications.models import Delivery, Notification
from notifications.services import choices
from tests.helpers import api_token_for, assert_constant_queries

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
NOON = datetime.datetime(2026, 6, 10, 12, 0, tzinfo=UTC)  # 13:00 BST


def actor_of(world, role: str) -> Actor:
    return Actor.for_user(world.users[role], world.organisation.pk)


def _appointment(world, **fields) -> list[Appointment]:
    given = {
        "member": world.member,
        "kind": "gp",
        "starts_at": timezone.now() + datetime.timedelta(days=1),
        "with_whom": "Dr Shah",
    }
    return services.appointment_add(actor=actor_of(world, Role.CLV), **{**given, **fields})


def _visit(world, **fields) -> PlannedVisit:
    given = {
        "member": world.member,
        "worker": world.clv,
        "starts_at": timezone.now() - datetime.timedelta(hours=1),
        "minutes": 45,
        "purpose": "Help with the gas bill",
        "notes": "Staff only: landlord dispute",
    }
    return services.visit_plan(actor=actor_of(world, Role.CLV), **{**given, **fields})


# --- Appointments ----------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2026, 10, 19, 9, 0, tzinfo=UTC), tick=False)
def test_a_repeating_appointment_is_a_row_a_date_and_each_changes_on_its_own(in_org_a):
    world = in_org_a
    start = datetime.datetime(2026, 10, 20, 9, 30, tzinfo=UTC)  # 10:30 BST, a Tuesday
    rows = _appointment(
        world, starts_at=start, repeat="fortnightly", repeat_until=datetime.date(2026, 11, 20)
    )
    # 20 Oct, 3 Nov, 17 Nov: the same local time after the clocks go back.
    assert [timezone.localtime(r.starts_at).strftime("%d %b %H:%M") for r in rows] == [
        "20 Oct 10:30",
        "03 Nov 10:30",
        "17 Nov 10:30",
    ]
    assert len({r.series for r in rows}) == 1 and rows[0].series is not None
    manager = actor_of(world, Role.SUPPORT_MANAGER)
    with pytest.raises(ValidationError) as refused:
        services.appointment_mark(actor=manager, appointment=rows[1], status=Outcome.CANCELLED)
    assert refused.value.message_dict == {"reason": [services.REASON_NEEDED]}
    services.appointment_mark(
        actor=manager, appointment=rows[1], status=Outcome.CANCELLED, reason="GP off sick"
    )
    assert list(Appointment.objects.order_by("starts_at").values_list("status", flat=True)) == [
        "planned",
        "cancelled",
        "planned",
    ]
    # Asked to, it cancels the later dates too, and leaves the earlier one.
    services.appointment_mark(
        actor=manager, appointment=rows[1], status="cancelled", reason="Moved away", and_later=True
    )
    assert list(Appointment.objects.order_by("starts_at").values_list("reason", flat=True)) == [
        "",
        "Moved away",
        "Moved away",
    ]
    # Attended before it starts is refused in plain words.
    with pytest.raises(ValidationError) as refused:
        services.appointment_mark(actor=manager, appointment=rows[0], status="attended")
    assert refused.value.message_dict == {"status": [services.NOT_YET]}


def test_the_end_must_follow_the_start_and_one_companion_at_most(in_org_a):
    world = in_org_a
    start = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        _appointment(world, starts_at=start, ends_at=start - datetime.timedelta(minutes=5))
    assert refused.value.message_dict == {"ends_at": ["The end must be after the start."]}
    with pytest.raises(ValidationError) as refused:
        _appointment(world, companion=world.clv, companion_name="Mum")
    assert "companion_name" in refused.value.message_dict
    assert Appointment.objects.count() == 0


# --- Planned visits and their contacts ----------------------------------------------------


def test_a_done_visit_becomes_one_contact_however_often_it_is_tapped(in_org_a):
    world = in_org_a
    visit = _visit(world)
    clv = actor_of(world, Role.CLV)
    first = services.visit_log_contact(actor=clv, visit=visit)
    again = services.visit_log_contact(actor=clv, visit=PlannedVisit.objects.get(pk=visit.pk))
    assert first.pk == again.pk
    contacts = Contact.objects.filter(notes="Help with the gas bill")
    assert contacts.count() == 1
    contact = contacts.get()
    assert (contact.member, contact.worker, contact.minutes, contact.method) == (
        world.member,
        world.clv,
        45,
        "visit",
    )
    visit.refresh_from_db()
    assert (visit.contact_id, visit.status) == (contact.pk, "attended")
    # A visit logged as a contact stays attended.
    with pytest.raises(ValidationError):
        services.visit_mark(actor=clv, visit=visit, status="missed", reason="Out")


def test_a_missed_or_future_visit_has_no_contact(in_org_a):
    world = in_org_a
    clv = actor_of(world, Role.CLV)
    missed = _visit(world)
    services.visit_mark(actor=clv, visit=missed, status="missed", reason="Nobody answered")
    with pytest.raises(ValidationError):
        services.visit_log_contact(actor=clv, visit=missed)
    coming = _visit(world, starts_at=timezone.now() + datetime.timedelta(hours=3))
    with pytest.raises(ValidationError) as refused:
        services.visit_log_contact(actor=clv, visit=coming)
    assert refused.value.message_dict == {"status": [services.NOT_YET]}
    assert not Contact.objects.filter(notes="Help with the gas bill").exists()


def test_visits_due_are_a_workers_own_and_a_managers_cluster(in_org_a):
    world = in_org_a
    mine = _visit(world)
    theirs = _visit(world, worker=world.manager)
    later = timezone.now() + datetime.timedelta(hours=1)
    clv, manager = actor_of(world, Role.CLV), actor_of(world, Role.SUPPORT_MANAGER)
    assert list(visits_due_for(clv, later)) == [mine]
    assert set(visits_due_for(manager, later)) == {mine, theirs}
    services.visit_mark(actor=clv, visit=mine, status="attended")
    assert list(visits_due_for(clv, later)) == []


# --- Reminders -------------------------------------------------------------------------


@time_machine.travel(NOON, tick=False)
def test_appointment_reminders_go_once_each_as_people_chose_after_quiet_hours(in_org_a):
    world = in_org_a
    starts = datetime.datetime(2026, 6, 11, 7, 30, tzinfo=UTC)  # 08:30 BST tomorrow
    (row,) = _appointment(world, starts_at=starts, place="Park Surgery", companion=world.clv)
    choices.preference_update(
        actor=actor_of(world, Role.MEMBER),
        channels=["in_app", "email"],
        quiet_from=datetime.time(21),
        quiet_until=datetime.time(8),
        remind_day_before=True,
        remind_hour_before=True,
    )
    choices.preference_update(actor=actor_of(world, Role.CLV), channels=["in_app"])
    for _ in range(2):
        reminders.produce(organisation=world.organisation, now=NOON, today=NOON.date())
    notes = list(Notification.objects.filter(kind="appointment_reminder").order_by("due_at", "pk"))
    about = f"casework.appointment:{row.pk}"
    assert [(n.recipient_id, n.unique_key, n.easy_read) for n in notes] == [
        (world.member_user.pk, f"appointment_reminder:{about}:day:2026-06-10", True),
        (world.clv.pk, f"appointment_reminder:{about}:day:2026-06-10", False),
        (world.member_user.pk, f"appointment_reminder:{about}:hour:2026-06-11", True),
    ]
    assert notes[0].title == "You have a doctor's appointment tomorrow."
    assert notes[0].body.splitlines() == [
        "It is at 08:30.",
        "That is on Thursday 11 June 2026.",
        "It is at Park Surgery.",
        f"{world.clv.get_short_name()} will go with you.",
        "If you cannot go, please call us.",
    ]
    assert notes[1].title == f"Appointment tomorrow: {world.member.full_name}, Doctor (GP) at 08:30"
    # The CLV chose in-app only; the member in-app and e-mail, whose
    # e-mail waits for the end of their quiet hours (08:00 BST).
    deliveries = {
        (d.notification_id, d.channel): d.next_attempt_at
        for d in Delivery.objects.filter(notification__in=notes)
    }
    assert set(deliveries) == {
        (notes[0].pk, "in_app"),
        (notes[0].pk, "email"),
        (notes[1].pk, "in_app"),
        (notes[2].pk, "in_app"),
        (notes[2].pk, "email"),
    }
    assert deliveries[(notes[2].pk, "email")] == datetime.datetime(2026, 6, 11, 7, 0, tzinfo=UTC)
    assert deliveries[(notes[2].pk, "in_app")] == datetime.datetime(2026, 6, 11, 6, 30, tzinfo=UTC)


@time_machine.travel(NOON, tick=False)
def test_visit_reminders_go_to_the_worker_and_the_member_once(in_org_a):
    world = in_org_a
    starts = datetime.datetime(2026, 6, 11, 9, 0, tzinfo=UTC)  # 10:00 BST tomorrow
    visit = _visit(world, starts_at=starts)
    cancelled = _visit(world, starts_at=starts)
    services.visit_mark(
        actor=actor_of(world, Role.CLV), visit=cancelled, status="cancelled", reason="Ill"
    )
    for _ in range(2):
        reminders.produce(organisation=world.organisation, now=NOON, today=NOON.date())
    notes = list(Notification.objects.order_by("easy_read"))
    key = f"visit_reminder:casework.plannedvisit:{visit.pk}:day:2026-06-10"
    assert [(n.recipient_id, n.unique_key, n.easy_read) for n in notes] == [
        (world.clv.pk, key, False),
        (world.member_user.pk, key, True),
    ]
    name = world.clv.get_short_name()
    assert notes[0].title == f"Visit tomorrow: {name} at 10:00"
    assert notes[1].title == f"{name} is coming to see you tomorrow."
    assert "gas bill" not in notes[1].body and "landlord" not in notes[1].body


# --- Pages -----------------------------------------------------------------------------


def test_the_members_page_shows_their_appointments_not_staff_notes(client, in_org_a):
    world = in_org_a
    _appointment(world, place="Park Surgery", notes="Bring your letter")
    _visit(world, starts_at=timezone.now() + datetime.timedelta(hours=3))
    client.force_login(world.member_user)
    page = client.get("/my/appointments/").content.decode()
    assert "You have a doctor's appointment." in page
    assert "It is at Park Surgery." in page
    assert "Remember: Bring your letter" in page
    assert f"{world.clv.get_short_name()} will come on" in page
    assert "landlord" not in page and "gas bill" not in page
    assert "/my/appointments/" in client.get("/my/").content.decode()


def test_a_clv_plans_a_visit_and_logs_it_in_one_tap(client, in_org_a):
    world = in_org_a
    client.force_login(world.clv)
    form = client.get("/visits/new/").content.decode()
    assert 'type="datetime-local"' in form
    when = timezone.localtime() - datetime.timedelta(minutes=40)
    answer = client.post(
        "/visits/new/",
        {
            "member": world.member.pk,
            "worker": world.clv.pk,
            "starts_at": when.strftime("%Y-%m-%dT%H:%M"),
            "minutes": 30,
            "purpose": "Shopping list",
        },
    )
    visit = PlannedVisit.objects.get(purpose="Shopping list")
    assert answer.status_code == 302 and answer["Location"] == f"/visits/{visit.pk}/"
    assert RecordAccess.objects.filter(member=world.member).count() == 0
    assert "Done: log it as a contact" in client.get(f"/visits/{visit.pk}/").content.decode()
    assert RecordAccess.objects.filter(member=world.member, viewer=world.clv).count() == 1
    for _ in range(2):
        client.post(f"/visits/{visit.pk}/log-contact/")
    assert Contact.objects.filter(notes="Shopping list").count() == 1
    assert "Contact logged" in client.get(f"/visits/{visit.pk}/").content.decode()


def test_a_reason_is_asked_for_next_to_the_field(client, in_org_a):
    world = in_org_a
    visit = _visit(world)
    client.force_login(world.clv)
    page = client.post(f"/visits/{visit.pk}/", {"status": "missed", "reason": ""})
    assert page.status_code == 200
    assert services.REASON_NEEDED in page.content.decode()
    visit.refresh_from_db()
    assert visit.status == "planned"


# --- API -------------------------------------------------------------------------------


def test_the_api_plans_marks_and_logs_a_visit_once(client, in_org_a):
    world = in_org_a
    auth = {"HTTP_AUTHORIZATION": f"Token {api_token_for(world.clv)}"}
    made = client.post(
        "/api/v1/planned-visits/",
        {
            "member": world.member.pk,
            "worker": world.clv.pk,
            "starts_at": (timezone.now() - datetime.timedelta(hours=2)).isoformat(),
            "minutes": 60,
            "purpose": "Benefits form",
        },
        content_type="application/json",
        **auth,
    )
    assert made.status_code == 201, made.content
    visit_id = made.json()["id"]
    for _ in range(2):
        logged = client.post(f"/api/v1/planned-visits/{visit_id}/log-contact/", **auth)
        assert logged.status_code == 200, logged.content
    assert logged.json()["contact_logged"] is True
    assert logged.json()["status"] == "attended"
    assert Contact.objects.filter(notes="Benefits form").count() == 1
    refused = client.post(
        f"/api/v1/planned-visits/{visit_id}/mark/",
        {"status": "missed", "reason": "x"},
        content_type="application/json",
        **auth,
    )
    assert refused.status_code == 400
    made = client.post(
        "/api/v1/appointments/",
        {
            "member": world.member.pk,
            "kind": "housing",
            "starts_at": (timezone.now() + datetime.timedelta(days=2)).isoformat(),
            "repeat": "weekly",
            "repeat_until": str(timezone.localdate() + datetime.timedelta(days=20)),
        },
        content_type="application/json",
        **auth,
    )
    assert made.status_code == 201, made.content
    assert Appointment.objects.filter(kind="housing").count() == 3
    marked = client.post(
        f"/api/v1/appointments/{made.json()['id']}/mark/",
        {"status": "cancelled"},
        content_type="application/json",
        **auth,
    )
    assert marked.status_code == 400
    assert marked.json()["errors"]["reason"] == [services.REASON_NEEDED]


# --- Lists at a constant number of queries -------------------------------------------------


def _rows(world):
    soon = timezone.now() + datetime.timedelta(hours=2)

    def make(n: int) -> None:
        have = PlannedVisit.objects.count()
        PlannedVisit.objects.bulk_create(
            PlannedVisit(
                organisation=world.organisation,
                member=world.member,
                worker=world.clv,
                starts_at=soon,
                created_by=world.clv,
                purpose=f"Visit {i}",
            )
            for i in range(have, n)
        )
        Appointment.objects.bulk_create(
            Appointment(
                organisation=world.organisation,
                member=world.member,
                kind="gp",
                starts_at=soon,
                companion=world.clv,
                created_by=world.clv,
            )
            for _ in range(have, n)
        )

    return make


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("clv", "/visits/"),
        ("manager", "/visits/"),
        ("clv", "/appointments/"),
        ("member_user", "/my/appointments/"),
        ("clv", "/api/v1/planned-visits/"),
        ("clv", "/api/v1/appointments/"),
    ],
)
def test_lists_run_a_constant_number_of_queries(client, in_org_a, who, path):
    world = in_org_a
    client.force_login(getattr(world, who))

    def fetch():
        answer = client.get(path, HTTP_ACCEPT="application/json")
        assert answer.status_code == 200

    assert_constant_queries(_rows(world), fetch)


# --- Changing an appointment or a visit after it is saved ----------------------------


def _when(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_planned_appointment_is_changed_on_its_page_this_date_only(client, in_org_a):
    world = in_org_a
    start = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=2)
    rows = _appointment(
        world,
        starts_at=start,
        repeat="weekly",
        repeat_until=(start + datetime.timedelta(days=15)).date(),
    )
    first = rows[0]
    client.force_login(world.users[Role.SUPPORT_MANAGER])
    page = client.get(f"/appointments/{first.pk}/").content.decode()
    assert f"/appointments/{first.pk}/change/" in page
    form = client.get(f"/appointments/{first.pk}/change/").content.decode()
    assert "This changes this date only" in form and 'value="Dr Shah"' in form

    # A wrong end: the message next to the field, and what was typed kept.
    moved = start + datetime.timedelta(hours=3)
    sent = {"kind": "dentist", "starts_at": _when(moved), "with_whom": "Mr Patel"}
    page = client.post(
        f"/appointments/{first.pk}/change/",
        {**sent, "ends_at": _when(moved - datetime.timedelta(hours=1))},
    )
    text = page.content.decode()
    assert page.status_code == 200 and "The end must be after the start." in text
    assert 'value="Mr Patel"' in text
    first.refresh_from_db()
    assert first.with_whom == "Dr Shah"

    answer = client.post(f"/appointments/{first.pk}/change/", {**sent, "place": "High St"})
    assert answer.status_code == 302 and answer["Location"] == f"/appointments/{first.pk}/"
    first.refresh_from_db()
    assert (first.kind, first.with_whom, first.place) == ("dentist", "Mr Patel", "High St")
    assert first.starts_at == moved
    latest = first.history.order_by("-history_date").first()
    assert latest.history_user == world.users[Role.SUPPORT_MANAGER]
    # The series' other dates stay as they were.
    others = Appointment.objects.filter(series=first.series).exclude(pk=first.pk)
    assert {(r.kind, r.with_whom) for r in others} == {("gp", "Dr Shah")}

    # Once marked, it no longer changes: the page says why, a post is refused.
    services.appointment_mark(
        actor=actor_of(world, Role.CLV), appointment=first, status="cancelled", reason="Moved"
    )
    page = client.get(f"/appointments/{first.pk}/change/").content.decode()
    assert "It is already marked cancelled, so it can no longer be changed." in page
    assert (
        f"/appointments/{first.pk}/change/"
        not in client.get(f"/appointments/{first.pk}/").content.decode()
    )
    refused = client.post(f"/appointments/{first.pk}/change/", {**sent, "with_whom": "Late"})
    assert refused.status_code == 200
    first.refresh_from_db()
    assert first.with_whom == "Mr Patel"


def test_a_planned_visit_is_changed_on_its_page_and_a_done_one_is_not(client, in_org_a):
    world = in_org_a
    visit = _visit(world, starts_at=timezone.now() + datetime.timedelta(days=1))
    client.force_login(world.clv)
    assert f"/visits/{visit.pk}/change/" in client.get(f"/visits/{visit.pk}/").content.decode()
    later = visit.starts_at + datetime.timedelta(hours=2)
    sent = {"worker": world.clv.pk, "starts_at": _when(later), "minutes": 90, "purpose": "Bills"}
    refused = client.post(f"/visits/{visit.pk}/change/", {**sent, "minutes": 7})
    assert refused.status_code == 200 and 'value="Bills"' in refused.content.decode()
    answer = client.post(f"/visits/{visit.pk}/change/", sent)
    assert answer.status_code == 302
    visit.refresh_from_db()
    assert (visit.minutes, visit.purpose) == (90, "Bills")
    assert visit.history.order_by("-history_date").first().history_user == world.clv

    done = _visit(world)  # an hour ago
    services.visit_log_contact(actor=actor_of(world, Role.CLV), visit=done)
    client.post(f"/visits/{done.pk}/change/", sent)
    done.refresh_from_db()
    assert done.purpose == "Help with the gas bill" and done.status == "attended"


def test_the_api_changes_a_planned_appointment_and_visit_with_patch(client, in_org_a):
    world = in_org_a
    auth = {"HTTP_AUTHORIZATION": f"Token {api_token_for(world.clv)}"}
    [appointment] = _appointment(world)
    changed = client.patch(
        f"/api/v1/appointments/{appointment.pk}/",
        {"place": "The health centre"},
        content_type="application/json",
        **auth,
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["place"] == "The health centre"
    assert changed.json()["with_whom"] == "Dr Shah"  # the rest as it was
    wrong = client.patch(
        f"/api/v1/appointments/{appointment.pk}/",
        {"ends_at": (appointment.starts_at - datetime.timedelta(hours=1)).isoformat()},
        content_type="application/json",
        **auth,
    )
    assert wrong.status_code == 400
    assert wrong.json()["errors"]["ends_at"] == ["The end must be after the start."]

    visit = _visit(world, starts_at=timezone.now() + datetime.timedelta(days=1))
    changed = client.patch(
        f"/api/v1/planned-visits/{visit.pk}/",
        {"minutes": 30},
        content_type="application/json",
        **auth,
    )
    assert changed.status_code == 200 and changed.json()["minutes"] == 30
    services.visit_mark(
        actor=actor_of(world, Role.CLV), visit=visit, status="cancelled", reason="Ill"
    )
    refused = client.patch(
        f"/api/v1/planned-visits/{visit.pk}/",
        {"minutes": 60},
        content_type="application/json",
        **auth,
    )
    assert refused.status_code == 400
    assert "can no longer be changed" in str(refused.json())
    visit.refresh_from_db()
    assert visit.minutes == 30
