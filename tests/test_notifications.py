"""Notifications: the unique key, the producers (plan reviews, expiry,
visits, rota gaps), sending with back-off and the sweeper, quiet hours
across the clock changes, easy read for members, bad input refused, the
pages and the API, and query counts that depend on batches, not rows.

A real worker and Redis are in tests/test_notifications_worker.py."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from keyring_net.actors import Actor
from keyring_net.models import Role
from keyring_net.tenancy import organisation_scope
from members.models import Member
from notifications import rules
from notifications.models import (
    Channel,
    Delivery,
    DeliveryAttempt,
    Kind,
    Notification,
    NotificationPreference,
)
from notifications.services import choices, create, sending
from notifications.sms import LocmemSmsBackend, SmsError, TwilioSmsBackend
from support_plans import reminders as plan_reminders
from support_plans.models import SupportPlan
from tests.helpers import count_queries, pinned
from volunteers import reminders as volunteer_reminders

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LONDON = ZoneInfo("Europe/London")
UTC = datetime.UTC
NOON = datetime.datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
State = Delivery.State


def actor_of(world, role: str) -> Actor:
    return Actor.for_user(world.users[role], world.organisation.pk)


def plan_for(world, member, *, review_due, worker=None) -> SupportPlan:
    return SupportPlan.objects.create(
        organisation=world.organisation,
        member=member,
        worker=worker or world.clv,
        status=SupportPlan.Status.AGREED,
        review_due=review_due,
    )


def deliver_all(world, now=None) -> list[str]:
    """What the beat and a worker do, in-process: queue what is due, then
    deliver each queued row (here, not through the broker)."""
    sending.dispatch_due_batch(organisation=world.organisation, now=now)
    ids = Delivery.objects.filter(state=State.QUEUED).order_by("pk").values_list("pk", flat=True)
    return [
        sending.deliver(organisation_id=world.organisation.pk, delivery_id=pk) for pk in list(ids)
    ]


class BrokenEmailBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise OSError("Connection refused by the mail server")


# --- Rules: bad input refused with a plain message -------------------------------------


@pytest.mark.parametrize(
    "typed", ["07700 900123", "+44 7700 900123", "447700900123", "0044 7700-900123"]
)
def test_uk_mobiles_are_normalised(typed):
    assert rules.normalise_uk_mobile(typed) == "+447700900123"


@pytest.mark.parametrize(
    "typed", ["0161 496 0999", "07700 90012", "077009001234", "+33 6 12 34 56 78", "mobile"]
)
def test_anything_but_a_uk_mobile_is_refused(typed):
    with pytest.raises(ValidationError) as refused:
        rules.normalise_uk_mobile(typed)
    assert refused.value.messages == ["Enter a UK mobile number, like 07700 900123."]


def test_an_unknown_channel_is_refused():
    with pytest.raises(ValidationError) as refused:
        rules.clean_channels(["email", "pigeon"])
    assert refused.value.messages == [
        "'pigeon' is not a way we can send. Choose from: on KeyRing Net, e-mail or text message."
    ]
    assert rules.clean_channels(["sms", "email"]) == ["in_app", "email", "sms"]


def test_quiet_hours_that_end_before_they_start_are_refused():
    with pytest.raises(ValidationError) as refused:
        rules.check_quiet_hours(datetime.time(14), datetime.time(9), overnight=False)
    assert refused.value.message_dict == {"quiet_until": [rules.QUIET_ENDS_FIRST_MESSAGE]}
    with pytest.raises(ValidationError) as refused:
        rules.check_quiet_hours(datetime.time(9), datetime.time(9), overnight=False)
    assert refused.value.message_dict == {"quiet_until": [rules.QUIET_SAME_MESSAGE]}
    with pytest.raises(ValidationError) as refused:
        rules.check_quiet_hours(datetime.time(9), None, overnight=True)
    assert refused.value.message_dict == {"quiet_until": [rules.QUIET_BOTH_MESSAGE]}
    with pytest.raises(ValidationError) as refused:
        rules.check_quiet_hours(datetime.time(13), datetime.time(15), overnight=True)
    assert refused.value.message_dict == {"quiet_until": [rules.QUIET_NIGHT_MESSAGE]}
    # Allowed: a night, a daytime window, none.
    rules.check_quiet_hours(datetime.time(21), datetime.time(7), overnight=True)
    rules.check_quiet_hours(datetime.time(13), datetime.time(15), overnight=False)
    rules.check_quiet_hours(None, None, overnight=True)


def _utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("at", "ends"),
    [
        # The October change: 22:00 BST to 07:00 GMT is ten hours.
        (_utc(2026, 10, 24, 22, 30), _utc(2026, 10, 25, 7, 0)),
        (_utc(2026, 10, 25, 1, 30), _utc(2026, 10, 25, 7, 0)),
        # The March change: 22:00 GMT to 07:00 BST is eight hours.
        (_utc(2026, 3, 28, 23, 0), _utc(2026, 3, 29, 6, 0)),
        (_utc(2026, 3, 29, 5, 59), _utc(2026, 3, 29, 6, 0)),
        # Outside: 07:00 BST on 29 March is 06:00 UTC.
        (_utc(2026, 3, 29, 6, 0), None),
        (_utc(2026, 10, 24, 20, 59), None),
    ],
)
def test_quiet_hours_keep_their_local_times_across_the_clock_changes(at, ends):
    assert (
        rules.quiet_hours_end(
            at,
            zone=LONDON,
            quiet_from=datetime.time(22),
            quiet_until=datetime.time(7),
            overnight=True,
        )
        == ends
    )


# --- notify(): once per key ---------------------------------------------------------------


def test_notifying_twice_with_the_same_key_is_a_no_op(in_org_a):
    world = in_org_a
    due = NOON
    first = create.notify(
        organisation=world.organisation,
        recipient=world.manager,
        kind=Kind.REPORT_READY,
        about="outcomes.report:7",
        due_at=due,
        context={"contract": "Outcomes, May 2026"},
        link="/reports/7/",
    )
    again = create.notify(
        organisation=world.organisation,
        recipient=world.manager,
        kind=Kind.REPORT_READY,
        about="outcomes.report:7",
        due_at=due + datetime.timedelta(hours=3),  # same day: same key
        context={"contract": "Changed"},
    )
    assert again.pk == first.pk
    assert first.unique_key == "report_ready:outcomes.report:7:2026-06-10"
    assert first.title == "A new report is ready: Outcomes, May 2026"
    assert "A new outcome report is ready for Outcomes, May 2026" in first.body
    assert Notification.objects.count() == 1
    assert sorted(Delivery.objects.values_list("channel", flat=True)) == ["email", "in_app"]


def test_an_unknown_kind_is_refused(in_org_a):
    with pytest.raises(ValidationError):
        create.notify(
            organisation=in_org_a.organisation,
            recipient=in_org_a.manager,
            kind="carrier_pigeon",
            about="x:1",
            due_at=NOON,
        )
    assert Notification.objects.count() == 0


# --- Producers --------------------------------------------------------------------------


@time_machine.travel(NOON, tick=False)
def test_a_plan_review_prompts_worker_and_member_30_and_7_days_before_then_escalates(in_org_a):
    world = in_org_a
    today = datetime.date(2026, 6, 10)
    plan = plan_for(world, world.member, review_due=today + datetime.timedelta(days=30))
    for _ in range(2):  # twice: nothing doubles
        plan_reminders.plan_review_prompts(organisation=world.organisation, today=today)
    rows = list(
        Notification.objects.order_by("recipient__full_name").values_list(
            "recipient_id", "kind", "unique_key", "easy_read", "due_at"
        )
    )
    key = f"plan_review:support_plans.supportplan:{plan.pk}:2026-06-10"
    due = datetime.datetime(2026, 6, 10, 8, 0, tzinfo=UTC)  # 09:00 BST
    assert rows == [
        (world.clv.pk, "plan_review", key, False, due),
        (world.member_user.pk, "plan_review", key, True, due),
    ]
    member_note = Notification.objects.get(recipient=world.member_user)
    assert member_note.title == "It is nearly time to look at your plan again."
    assert member_note.body.splitlines() == [
        "We will look at your plan together in 30 days.",
        "That is on Friday 10 July 2026.",
        "You can think about what is going well.",
        "You can think about what you want to change.",
    ]
    worker_note = Notification.objects.get(recipient=world.clv)
    assert worker_note.title == f"Plan review in 30 days: {world.member.full_name}"

    plan_reminders.plan_review_prompts(
        organisation=world.organisation, today=today + datetime.timedelta(days=23)
    )
    assert Notification.objects.filter(unique_key__endswith="2026-07-03").count() == 2

    plan_reminders.plan_review_prompts(
        organisation=world.organisation, today=today + datetime.timedelta(days=31)
    )
    plan_reminders.plan_review_prompts(
        organisation=world.organisation, today=today + datetime.timedelta(days=32)
    )
    overdue = Notification.objects.filter(kind=Kind.PLAN_REVIEW_OVERDUE)
    assert list(overdue.values_list("recipient_id", flat=True)) == [world.manager.pk]
    assert Notification.objects.count() == 5


@time_machine.travel(NOON, tick=False)
def test_dbs_and_training_warnings_at_60_and_14_days_to_volunteer_and_manager(in_org_a):
    from volunteers.models import DBSCheck, TrainingModule, TrainingRecord, VolunteerProfile

    world = in_org_a
    today = datetime.date(2026, 6, 10)
    profile = VolunteerProfile.objects.create(
        organisation=world.organisation, user=world.clv, kind="clv", network=world.network
    )
    DBSCheck.objects.create(
        organisation=world.organisation,
        profile=profile,
        level="enhanced",
        certificate_number="001234567890",
        issued_on=datetime.date(2023, 8, 9),
        renewal_due=today + datetime.timedelta(days=60),
    )
    module = TrainingModule.objects.create(
        organisation=world.organisation, name="Safeguarding", mandatory=True
    )
    TrainingRecord.objects.create(
        organisation=world.organisation,
        profile=profile,
        module=module,
        completed_on=datetime.date(2023, 6, 24),
        expires_on=today + datetime.timedelta(days=14),
    )
    volunteer_reminders.expiry_warnings(organisation=world.organisation, today=today)
    volunteer_reminders.expiry_warnings(organisation=world.organisation, today=today)
    got = sorted(Notification.objects.values_list("kind", "recipient_id", "title"))
    dbs = f"DBS check runs out in 60 days: {world.clv.full_name}"
    training = f"Safeguarding training runs out in 14 days: {world.clv.full_name}"
    assert got == sorted(
        [
            ("dbs_expiring", world.clv.pk, dbs),
            ("dbs_expiring", world.manager.pk, dbs),
            ("training_expiring", world.clv.pk, training),
            ("training_expiring", world.manager.pk, training),
        ]
    )


@time_machine.travel(NOON, tick=False)
def test_members_get_visit_reminders_as_they_chose_in_easy_read(in_org_a):
    from volunteers.models import PlannedVisit, Shift

    world = in_org_a
    world.clv.preferred_name = "Sam"
    world.clv.save(update_fields=["preferred_name"])
    shift = Shift.objects.create(
        organisation=world.organisation,
        network=world.network,
        worker=world.clv,
        kind="clv",
        starts_at=datetime.datetime(2026, 6, 11, 9, 0, tzinfo=UTC),  # 10:00 BST tomorrow
        ends_at=datetime.datetime(2026, 6, 11, 12, 0, tzinfo=UTC),
    )
    visit = PlannedVisit.objects.create(
        organisation=world.organisation, shift=shift, member=world.member
    )
    choices.preference_update(
        actor=actor_of(world, Role.MEMBER),
        channels=["in_app"],
        remind_day_before=True,
        remind_hour_before=True,
    )
    volunteer_reminders.visit_reminders(organisation=world.organisation, now=NOON)
    volunteer_reminders.visit_reminders(organisation=world.organisation, now=NOON)
    notes = list(Notification.objects.order_by("due_at"))
    assert [(n.unique_key, n.due_at, n.easy_read) for n in notes] == [
        (
            f"visit_reminder:volunteers.plannedvisit:{visit.pk}:day:2026-06-10",
            datetime.datetime(2026, 6, 10, 16, 0, tzinfo=UTC),  # 17:00 BST today
            True,
        ),
        (
            f"visit_reminder:volunteers.plannedvisit:{visit.pk}:hour:2026-06-11",
            datetime.datetime(2026, 6, 11, 8, 0, tzinfo=UTC),
            True,
        ),
    ]
    assert notes[0].title == "Sam is coming to see you tomorrow."
    assert notes[0].body.splitlines() == [
        "Sam will come at 10:00.",
        "That is on Thursday 11 June 2026.",
        "If you cannot be there, please call us.",
    ]
    assert notes[1].title == "Sam is coming to see you soon."
    assert notes[1].body.splitlines()[1] == "That is in 1 hour."
    # Only in-app, as the member chose.
    assert set(Delivery.objects.values_list("channel", flat=True)) == {"in_app"}


@time_machine.travel(NOON, tick=False)
def test_open_shifts_next_week_tell_the_support_manager_once(in_org_a):
    from volunteers.models import Shift

    world = in_org_a
    for day in (15, 16, 21):  # Monday to Sunday of next week
        Shift.objects.create(
            organisation=world.organisation,
            network=world.network,
            kind="evening",
            starts_at=datetime.datetime(2026, 6, day, 17, 0, tzinfo=UTC),
            ends_at=datetime.datetime(2026, 6, day, 20, 0, tzinfo=UTC),
        )
    Shift.objects.create(  # the week after: not counted
        organisation=world.organisation,
        network=world.network,
        kind="evening",
        starts_at=datetime.datetime(2026, 6, 22, 17, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2026, 6, 22, 20, 0, tzinfo=UTC),
    )
    volunteer_reminders.rota_gaps(organisation=world.organisation, today=datetime.date(2026, 6, 10))
    volunteer_reminders.rota_gaps(organisation=world.organisation, today=datetime.date(2026, 6, 12))
    note = Notification.objects.get()
    assert note.recipient_id == world.manager.pk
    assert note.title == f"3 open shifts next week in {world.network.name}"
    assert note.unique_key == f"rota_gaps:networks.network:{world.network.pk}:2026-06-15"


def _make_plans(world, count: int, start: int = 0) -> None:
    members = Member.objects.bulk_create(
        Member(
            organisation=world.organisation,
            network=world.network,
            full_name=f"Bench member {start + i}",
        )
        for i in range(count)
    )
    SupportPlan.objects.bulk_create(
        SupportPlan(
            organisation=world.organisation,
            member=member,
            worker=world.clv,
            status=SupportPlan.Status.AGREED,
            review_due=datetime.date(2026, 6, 17),
        )
        for member in members
    )


@time_machine.travel(NOON, tick=False)
def test_a_plan_sweep_costs_a_fixed_number_of_queries_per_batch(in_org_a):
    """Batch of 50: 100 plans and 200 plans differ by exactly two batches'
    queries; the rows in a batch cost nothing extra."""
    world = in_org_a
    today = datetime.date(2026, 6, 10)

    def sweep():
        return plan_reminders.plan_review_prompts(
            organisation=world.organisation, today=today, batch=50
        )

    _make_plans(world, 100)
    at_100, added = count_queries(sweep)
    # One prompt each to the worker (these members have no login), in-app
    # and by e-mail.
    assert added == 200
    Notification.objects.all().delete()
    _make_plans(world, 100, start=100)
    at_200, added = count_queries(sweep)
    assert added == 400
    # Per batch: read 50 plans, insert notifications, find the new ones,
    # their people's choices, insert deliveries (on SQLite in two
    # statements: 100 rows are over its 999-parameter limit). Per run: the
    # managers, and the last (empty) read.
    per_batch = 5 if connection.vendor == "postgresql" else 6
    assert at_100 == 1 + 2 * per_batch + 1
    assert at_200 - at_100 == 2 * per_batch
    # Swept again: the notifications exist, so each batch stops after
    # finding nothing new (three queries a batch).
    again, added = count_queries(sweep)
    assert added == 0
    assert again == 1 + 4 * 3 + 1


def test_dispatching_and_sweeping_cost_two_queries_a_batch_whatever_the_size(in_org_a):
    world = in_org_a
    _notify_many(world, 120)
    with CaptureQueriesContext(connection) as captured:
        queued = sending.dispatch_due_batch(organisation=world.organisation, now=NOON, batch=100)
    assert queued == 100
    assert len(captured.captured_queries) == 2
    later = NOON + datetime.timedelta(minutes=3)
    with CaptureQueriesContext(connection) as captured:
        requeued = sending.requeue_stale_batch(organisation=world.organisation, now=later)
    assert requeued == 100
    assert len(captured.captured_queries) == 2


def _notify_many(world, count: int, *, recipient=None, due_at=NOON) -> None:
    specs = [
        create.Spec(
            recipient_id=(recipient or world.manager).pk,
            kind=Kind.GENERAL,
            about=f"test:{i}",
            due_at=due_at,
            context={"title": f"Message {i}", "text": "Hello."},
            easy_read=False,
        )
        for i in range(count)
    ]
    NotificationPreference.objects.update_or_create(
        organisation=world.organisation,
        user=recipient or world.manager,
        defaults={"channels": ["in_app"]},
    )
    create.create_notifications(organisation=world.organisation, specs=specs)


# --- Sending ----------------------------------------------------------------------------


def test_an_in_app_delivery_happens_once_however_often_its_task_runs(in_org_a):
    world = in_org_a
    _notify_many(world, 1)
    sending.dispatch_due_batch(organisation=world.organisation, now=NOON)
    delivery = Delivery.objects.get()
    results = [
        sending.deliver(organisation_id=world.organisation.pk, delivery_id=delivery.pk)
        for _ in range(3)
    ]
    assert results == ["sent", "nothing to do", "nothing to do"]
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("sent", 1)
    assert DeliveryAttempt.objects.filter(delivery=delivery).count() == 1


@time_machine.travel(NOON, tick=False)
def test_e_mail_and_text_go_once_with_the_easy_read_words(in_org_a):
    world = in_org_a
    LocmemSmsBackend.outbox.clear()
    choices.preference_update(
        actor=actor_of(world, Role.MEMBER),
        channels=["in_app", "email", "sms"],
        sms_phone="07700 900123",
    )
    plan_for(world, world.member, review_due=datetime.date(2026, 6, 17))
    plan_reminders.plan_review_prompts(
        organisation=world.organisation, today=datetime.date(2026, 6, 10)
    )
    assert sorted(deliver_all(world)) == ["sent"] * 5  # member 3 channels, worker 2
    member_mail = [m for m in mail.outbox if m.to == [world.member_user.email]]
    assert [m.subject for m in member_mail] == ["It is nearly time to look at your plan again."]
    assert "We will look at your plan together in 7 days." in member_mail[0].body
    assert [(m["to"], m["body"].splitlines()[0]) for m in LocmemSmsBackend.outbox] == [
        ("+447700900123", "It is nearly time to look at your plan again.")
    ]
    assert deliver_all(world) == []  # nothing left to send
    assert len(mail.outbox) == 2


@override_settings(EMAIL_BACKEND="tests.test_notifications.BrokenEmailBackend")
def test_a_failing_e_mail_is_retried_with_back_off_then_shown_as_could_not_send(in_org_a, client):
    world = in_org_a
    create.notify(
        organisation=world.organisation,
        recipient=world.clv,
        kind=Kind.GENERAL,
        about="test:broken",
        due_at=NOON,
        context={"title": f"Broken {world.marker}", "text": "Hello."},
    )
    now = NOON
    waits = []
    for _ in range(sending.MAX_ATTEMPTS):
        with time_machine.travel(now, tick=False):
            deliver_all(world, now=now)
        email = Delivery.objects.get(channel=Channel.EMAIL)
        if email.state == State.WAITING:
            waits.append(round((email.next_attempt_at - now).total_seconds() / 60))
            now = email.next_attempt_at
    assert waits == [1, 2, 4, 8]
    assert (email.state, email.attempts) == ("failed", 5)
    assert email.last_error == "OSError: Connection refused by the mail server"
    outcomes = DeliveryAttempt.objects.filter(delivery=email).values_list("outcome", flat=True)
    assert list(outcomes) == ["failed"] * 5
    client.force_login(world.manager)
    page = client.get("/notifications/sent/?state=failed").content.decode()
    assert f"Broken {world.marker}" in page
    assert "Could not send" in page
    assert "Connection refused by the mail server" in page
    # Tried again by the manager: waiting once more.
    response = client.post(f"/notifications/sent/{email.pk}/retry/")
    assert response.status_code == 302
    email.refresh_from_db()
    assert (email.state, email.attempts) == ("waiting", 0)


def test_an_e_mail_stuck_sending_becomes_may_not_have_been_sent_and_is_not_resent(in_org_a):
    world = in_org_a
    create.notify(
        organisation=world.organisation,
        recipient=world.clv,
        kind=Kind.GENERAL,
        about="test:stuck",
        due_at=NOON,
        context={"title": "Stuck", "text": "Hello."},
    )
    email = Delivery.objects.get(channel=Channel.EMAIL)
    Delivery.objects.filter(pk=email.pk).update(
        state=State.SENDING, sending_at=NOON, handed_at=NOON, attempts=1
    )  # the worker died after handing it to the provider
    later = NOON + sending.SENDING_STALE + datetime.timedelta(seconds=1)
    assert sending.settle_stuck_sending_batch(organisation=world.organisation, now=later) == 1
    assert sending.settle_stuck_sending_batch(organisation=world.organisation, now=later) == 0
    email.refresh_from_db()
    assert email.state == "unknown"
    assert sending.dispatch_due_batch(organisation=world.organisation, now=later) == 1  # in-app
    assert sending.requeue_stale_batch(organisation=world.organisation, now=later) == 0
    assert sending.deliver(organisation_id=world.organisation.pk, delivery_id=email.pk) == (
        "nothing to do"
    )
    assert mail.outbox == []


def test_an_e_mail_to_an_address_whose_worker_died_before_handing_it_over_is_sent_once(
    in_org_a,
):
    """An e-mail to an address that is nobody's account (an out-of-hours
    inbox) is a delivery like any other. Claimed, then its worker died
    before the mail server had it (``handed_at`` empty): the sweep sends it
    again, once, and the log keeps both tries."""
    world = in_org_a
    spec = create.Spec(
        recipient_id=None,
        address="on-call@org-a.example",
        kind=Kind.GENERAL,
        about="test:on-call",
        due_at=NOON,
        context={"title": "On call", "text": "Hello."},
    )
    assert create.create_notifications(organisation=world.organisation, specs=[spec]) == 1
    assert create.create_notifications(organisation=world.organisation, specs=[spec]) == 0
    email = Delivery.objects.get()
    assert (email.channel, email.notification.recipient_id) == ("email", None)
    Delivery.objects.filter(pk=email.pk).update(
        state=State.SENDING, sending_at=NOON, attempts=1
    )  # claimed; the worker died before the hand-over
    later = NOON + sending.SENDING_STALE + datetime.timedelta(seconds=1)
    assert sending.settle_stuck_sending_batch(organisation=world.organisation, now=later) == 1
    assert sending.settle_stuck_sending_batch(organisation=world.organisation, now=later) == 0
    assert deliver_all(world, now=later) == ["sent"]
    assert deliver_all(world, now=later) == []
    assert [(m.to, m.subject) for m in mail.outbox] == [(["on-call@org-a.example"], "On call")]
    email.refresh_from_db()
    assert (email.state, email.attempts) == ("sent", 2)
    log = DeliveryAttempt.objects.filter(delivery=email).values_list("outcome", "error")
    assert list(log) == [("failed", "The worker stopped before sending."), ("sent", "")]


def test_a_queued_delivery_nobody_picked_up_is_queued_again_after_two_minutes(
    in_org_a, django_capture_on_commit_callbacks
):
    world = in_org_a
    _notify_many(world, 3)
    with django_capture_on_commit_callbacks() as first:
        sending.dispatch_due_batch(organisation=world.organisation, now=NOON)
    assert len(first) == 3
    soon = NOON + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks() as early:
        assert sending.requeue_stale_batch(organisation=world.organisation, now=soon) == 0
    assert early == []
    late = NOON + datetime.timedelta(minutes=2, seconds=1)
    with django_capture_on_commit_callbacks(execute=True) as again:
        assert sending.requeue_stale_batch(organisation=world.organisation, now=late) == 3
    assert len(again) == 3
    assert Delivery.objects.filter(state=State.SENT).count() == 3


def test_a_rolled_back_dispatch_enqueues_nothing(in_org_a, django_capture_on_commit_callbacks):
    from django.db import transaction

    world = in_org_a
    _notify_many(world, 5)
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        sending.dispatch_due_batch(organisation=world.organisation, now=NOON)
        raise RuntimeError("the sweep failed after queuing")
    assert callbacks == []
    assert Delivery.objects.filter(state=State.WAITING).count() == 5


def test_quiet_hours_hold_e_mail_but_not_the_inbox_across_the_october_change(in_org_a):
    world = in_org_a
    actor = actor_of(world, Role.CLV)
    choices.preference_update(
        actor=actor,
        channels=["in_app", "email"],
        quiet_from=datetime.time(22),
        quiet_until=datetime.time(7),
        quiet_overnight=True,
    )
    due = datetime.datetime(2026, 10, 24, 22, 30, tzinfo=UTC)  # 23:30 BST, Saturday
    create.notify(
        organisation=world.organisation,
        recipient=world.clv,
        kind=Kind.GENERAL,
        about="test:night",
        due_at=due,
        context={"title": "Late", "text": "Hello."},
    )
    email = Delivery.objects.get(channel=Channel.EMAIL)
    morning = datetime.datetime(2026, 10, 25, 7, 0, tzinfo=UTC)  # 07:00 GMT
    assert email.next_attempt_at == morning
    with time_machine.travel(due, tick=False):
        assert deliver_all(world, now=due) == ["sent"]  # in-app only
    assert mail.outbox == []
    before = morning - datetime.timedelta(minutes=1)  # 06:59 GMT; 07:59 if read as BST
    with time_machine.travel(before, tick=False):
        assert deliver_all(world, now=before) == []
    with time_machine.travel(morning, tick=False):
        assert deliver_all(world, now=morning) == ["sent"]
    assert [m.subject for m in mail.outbox] == ["Late"]


def test_quiet_hours_chosen_after_queuing_still_hold_the_e_mail(in_org_a):
    world = in_org_a
    due = datetime.datetime(2026, 3, 28, 23, 0, tzinfo=UTC)  # 23:00 GMT
    create.notify(
        organisation=world.organisation,
        recipient=world.clv,
        kind=Kind.GENERAL,
        about="test:spring",
        due_at=due,
        context={"title": "Spring", "text": "Hello."},
    )
    sending.dispatch_due_batch(organisation=world.organisation, now=due)
    choices.preference_update(
        actor=actor_of(world, Role.CLV),
        channels=["in_app", "email"],
        quiet_from=datetime.time(22),
        quiet_until=datetime.time(7),
    )
    email = Delivery.objects.get(channel=Channel.EMAIL)
    with time_machine.travel(due, tick=False):
        assert sending.deliver(organisation_id=world.organisation.pk, delivery_id=email.pk) == (
            "deferred"
        )
    email.refresh_from_db()
    # 07:00 BST on the morning the clocks go forward is 06:00 UTC.
    assert (email.state, email.next_attempt_at) == (
        "waiting",
        datetime.datetime(2026, 3, 29, 6, 0, tzinfo=UTC),
    )


# --- SMS: the Twilio adapter against recorded answers ----------------------------------


@override_settings(
    TWILIO_ACCOUNT_SID="AC123", TWILIO_AUTH_TOKEN="secret", TWILIO_FROM="+447700900000"
)
def test_twilio_adapter_posts_the_message_and_reads_the_recorded_answer():
    sent = []

    def transport(url, fields, headers):
        sent.append((url, fields, headers))
        return 201, (FIXTURES / "twilio_message_created.json").read_bytes()

    result = TwilioSmsBackend(transport=transport).send(
        to="+447700900123", body="Plan review in 7 days", idempotency_key="42"
    )
    assert result.provider_id == "SM1f0e8ae6ade43cb3c0ce4525424e404f"
    url, fields, headers = sent[0]
    assert url == "https://api.twilio.com/2010-04-01/Accounts/AC123/Messages.json"
    assert fields == {
        "To": "+447700900123",
        "Body": "Plan review in 7 days",
        "From": "+447700900000",
    }
    assert headers["Authorization"] == "Basic QUMxMjM6c2VjcmV0"


@override_settings(TWILIO_ACCOUNT_SID="AC123", TWILIO_AUTH_TOKEN="secret", TWILIO_FROM="MG99")
def test_twilio_refusing_a_number_is_a_permanent_failure():
    def transport(url, fields, headers):
        assert fields["MessagingServiceSid"] == "MG99"
        return 400, (FIXTURES / "twilio_message_invalid_to.json").read_bytes()

    with pytest.raises(SmsError) as refused:
        TwilioSmsBackend(transport=transport).send(to="+44770090012", body="x", idempotency_key="1")
    assert (
        str(refused.value) == "Twilio refused the message: Invalid 'To' Phone Number: +44770090012"
    )
    assert refused.value.permanent is True


# --- Pages ----------------------------------------------------------------------------------


def test_the_inbox_shows_only_delivered_notifications_and_marks_them_read(client, in_org_a, org_b):
    world = in_org_a
    _notify_many(world, 2)
    create.notify(  # due tomorrow: not in the inbox yet
        organisation=world.organisation,
        recipient=world.manager,
        kind=Kind.GENERAL,
        about="test:future",
        due_at=NOON + datetime.timedelta(days=1),
        context={"title": "Future", "text": "Later."},
    )
    deliver_all(world, now=NOON)
    client.force_login(world.manager)
    page = client.get("/notifications/").content.decode()
    assert "Message 0" in page and "Message 1" in page
    assert "Future" not in page
    assert page.count(">New</strong>") == 2
    first = Notification.objects.get(about="test:0")
    assert client.post(f"/notifications/{first.pk}/read/").status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    assert client.post("/notifications/read-all/").status_code == 302
    unread = Notification.objects.filter(read_at__isnull=True).values_list("about", flat=True)
    assert list(unread) == ["test:future"]
    # Someone else's notification is not found.
    client.force_login(world.clv)
    assert client.post(f"/notifications/{first.pk}/read/").status_code == 404


def test_a_members_inbox_is_easy_read(client, in_org_a):
    world = in_org_a
    plan_for(world, world.member, review_due=datetime.date(2026, 6, 17))
    with time_machine.travel(NOON, tick=False):
        plan_reminders.plan_review_prompts(
            organisation=world.organisation, today=datetime.date(2026, 6, 10)
        )
        deliver_all(world, now=NOON)
    client.force_login(world.member_user)
    response = client.get("/notifications/")
    names = [t.name for t in response.templates]
    assert "base_easy_read.html" in names
    page = response.content.decode()
    assert "It is nearly time to look at your plan again." in page
    assert "We will look at your plan together in 7 days." in page
    assert "pictograms/plan.svg" in page
    assert "I have read this" in page


def test_inbox_and_sent_pages_make_the_same_queries_at_3_and_60_rows(client, in_org_a):
    world = in_org_a
    client.force_login(world.manager)
    counts = {}
    for size in (3, 60):
        Notification.objects.all().delete()
        _notify_many(world, size)
        deliver_all(world, now=NOON)
        Delivery.objects.filter(pk__in=Delivery.objects.values("pk")[:2]).update(
            state=State.FAILED, last_error="Refused"
        )
        for path in (
            "/notifications/",
            "/notifications/sent/",
            "/notifications/sent/?state=failed",
        ):
            client.get(path)
            n, response = count_queries(lambda p=path: client.get(p))
            assert response.status_code == 200
            counts.setdefault(path, set()).add(n)
    assert {path: sorted(n) for path, n in counts.items()} == {
        "/notifications/": [pinned(5)],
        "/notifications/sent/": [pinned(6)],
        "/notifications/sent/?state=failed": [pinned(6)],
    }


def test_choices_page_refuses_bad_input_next_to_the_field_and_keeps_what_was_typed(
    client, in_org_a
):
    world = in_org_a
    client.force_login(world.clv)
    response = client.post(
        "/notifications/preferences/",
        {
            "channels": ["sms"],
            "sms_phone": "0161 496 0999",
            "quiet_from": "14:00",
            "quiet_until": "09:00",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a UK mobile number, like 07700 900123." in page
    assert "Your quiet hours end before they start." in page
    assert 'value="0161 496 0999"' in page
    assert 'value="14:00"' in page
    assert NotificationPreference.objects.count() == 0
    response = client.post(
        "/notifications/preferences/",
        {
            "channels": ["sms", "email"],
            "sms_phone": "07700 900123",
            "quiet_from": "21:00",
            "quiet_until": "07:00",
            "quiet_overnight": "on",
        },
    )
    assert response.status_code == 302
    preference = NotificationPreference.objects.get()
    assert (preference.channels, preference.sms_phone, preference.quiet_from) == (
        ["in_app", "email", "sms"],
        "+447700900123",
        datetime.time(21),
    )


def test_choices_page_refuses_an_unknown_channel(client, in_org_a):
    client.force_login(in_org_a.clv)
    page = client.post("/notifications/preferences/", {"channels": ["pigeon"]}).content.decode()
    assert "Choose from e-mail or text message." in page
    assert NotificationPreference.objects.count() == 0


# --- API ------------------------------------------------------------------------------------


def test_api_preferences_refuse_bad_input_with_clear_messages(client, in_org_a):
    client.force_login(in_org_a.clv)
    bad = {
        "channels": ["email", "fax"],
        "sms_phone": "12345",
        "quiet_from": "14:00",
        "quiet_until": "09:00",
        "quiet_overnight": False,
    }
    response = client.post(
        "/api/v1/notification-preferences/", bad, content_type="application/json"
    )
    assert response.status_code == 400
    errors = response.json()
    assert json.dumps(errors).count("is not a way we can send") == 1
    bad["channels"] = ["sms"]
    response = client.post(
        "/api/v1/notification-preferences/", bad, content_type="application/json"
    )
    assert response.status_code == 400
    body = json.dumps(response.json())
    assert "Enter a UK mobile number, like 07700 900123." in body
    assert "Your quiet hours end before they start." in body
    assert NotificationPreference.objects.count() == 0
    good = {**bad, "sms_phone": "+44 7700 900123", "quiet_until": "16:00"}
    response = client.post(
        "/api/v1/notification-preferences/", good, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["channels"] == ["in_app", "sms"]
    assert response.json()["sms_phone"] == "+447700900123"
    listed = client.get("/api/v1/notification-preferences/").json()
    assert [row["sms_phone"] for row in listed["results"]] == ["+447700900123"]


def test_api_lists_own_notifications_and_managers_filter_deliveries_by_state(client, in_org_a):
    world = in_org_a
    _notify_many(world, 3)
    _notify_many(world, 2, recipient=world.clv)
    deliver_all(world, now=NOON)
    Delivery.objects.filter(notification__about="test:0", notification__recipient=world.clv).update(
        state=State.FAILED
    )
    client.force_login(world.clv)
    own = client.get("/api/v1/notifications/").json()
    assert sorted(row["title"] for row in own["results"]) == ["Message 1"]
    assert client.get("/api/v1/notification-deliveries/").status_code == 403
    client.force_login(world.manager)
    failed = client.get("/api/v1/notification-deliveries/?state=failed").json()
    assert [(row["recipient"], row["state"]) for row in failed["results"]] == [
        (world.clv.pk, "failed")
    ]
    assert client.get("/api/v1/notification-deliveries/").json()["count"] == 5
    note = Notification.objects.filter(recipient=world.manager).first()
    read = client.post(f"/api/v1/notifications/{note.pk}/read/")
    assert read.status_code == 200 and read.json()["read_at"] is not None


# --- Lone working ---------------------------------------------------------------------


def test_a_lone_working_alert_is_e_mailed_once_as_a_delivery_whatever_was_chosen(
    in_org_a, django_capture_on_commit_callbacks
):
    """The manager chose no e-mail and quiet hours over the time of the
    alert: the alert still goes by e-mail, at once, as the e-mail delivery
    of their notification, its try recorded; running the dispatcher again
    sends nothing more."""
    from volunteers.models import LoneWorkingSession
    from volunteers.services import today as services_today

    world = in_org_a
    choices.preference_update(
        actor=actor_of(world, Role.SUPPORT_MANAGER),
        channels=["in_app", "sms"],
        sms_phone="07700 900456",
        quiet_from=datetime.time(9, 0),
        quiet_until=datetime.time(17, 0),
        quiet_overnight=False,
    )
    session = LoneWorkingSession.objects.create(
        organisation=world.organisation,
        worker=world.clv,
        member=world.member,
        started_at=NOON - datetime.timedelta(hours=2),
        expected_end_at=NOON - datetime.timedelta(minutes=10),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services_today.raise_overdue_alerts(organisation=world.organisation, now=NOON)
        services_today.raise_overdue_alerts(organisation=world.organisation, now=NOON)
    note = Notification.objects.get()
    assert (note.recipient_id, note.kind) == (world.manager.pk, "lone_working_overdue")
    assert note.unique_key.startswith("lone_working_overdue:volunteers.loneworkingalert:")
    # The alert e-mail's own words.
    assert note.title == f"Lone working: {world.clv.full_name} has not checked out"
    assert (
        f"checked in at 11am to visit {world.member.full_name} and expected to finish by "
        "12:50pm. They have not checked out."
    ) in note.body  # 10:00 and 11:50 UTC are 11:00 and 12:50 BST
    assert "Please call them now." in note.body
    deliveries = Delivery.objects.order_by("channel")
    assert [(d.channel, d.next_attempt_at) for d in deliveries] == [
        ("email", NOON),  # not held until the end of quiet hours
        ("in_app", NOON),
        ("sms", NOON),
    ]
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert sorted(deliver_all(world, now=NOON)) == ["sent", "sent", "sent"]
        assert deliver_all(world, now=NOON) == []
    assert [m.to for m in mail.outbox] == [[world.manager.email]]
    assert mail.outbox[0].subject == note.title
    assert "/lone-working/alerts/" in mail.outbox[0].body
    email = Delivery.objects.get(channel="email")
    assert (email.state, email.attempts) == ("sent", 1)
    assert list(DeliveryAttempt.objects.filter(delivery=email).values_list("outcome")) == [
        ("sent",)
    ]
    assert session.alerts.count() == 1


def test_api_lists_and_the_members_inbox_make_the_same_queries_at_3_and_60_rows(client, in_org_a):
    world = in_org_a
    counts: dict[str, set[int]] = {}
    for size in (3, 60):
        Notification.objects.all().delete()
        _notify_many(world, size)
        _notify_many(world, size, recipient=world.member_user)
        deliver_all(world, now=NOON)
        for user, path in (
            (world.manager, "/api/v1/notifications/"),
            (world.manager, "/api/v1/notification-deliveries/?state=sent"),
            (world.member_user, "/notifications/"),
        ):
            client.force_login(user)
            client.get(path)
            n, response = count_queries(lambda p=path: client.get(p))
            assert response.status_code == 200
            counts.setdefault(path, set()).add(n)
    assert {path: sorted(n) for path, n in counts.items()} == {
        "/api/v1/notifications/": [pinned(5)],
        "/api/v1/notification-deliveries/?state=sent": [pinned(5)],
        "/notifications/": [pinned(5)],
    }


def test_a_support_manager_sees_only_deliveries_to_people_in_their_clusters(client, in_org_a):
    from tests.factories import ClusterFactory, MemberFactory, NetworkFactory, UserFactory

    world = in_org_a
    elsewhere = NetworkFactory(cluster=ClusterFactory(organisation=world.organisation))
    stranger = UserFactory(full_name="Someone elsewhere")
    MemberFactory(network=elsewhere, full_name="Someone elsewhere", user=stranger)
    _notify_many(world, 1, recipient=world.member_user)
    _notify_many(world, 1, recipient=world.clv)
    _notify_many(world, 1, recipient=stranger)
    far = Delivery.objects.get(notification__recipient=stranger)
    Delivery.objects.update(state=State.FAILED)
    client.force_login(world.manager)
    listed = client.get("/api/v1/notification-deliveries/").json()["results"]
    assert sorted(row["recipient"] for row in listed) == sorted(
        [world.member_user.pk, world.clv.pk]
    )
    assert "Someone elsewhere" not in client.get("/notifications/sent/").content.decode()
    assert client.post(f"/notifications/sent/{far.pk}/retry/").status_code == 404
    far.refresh_from_db()
    assert far.state == "failed"


# --- The beat tasks and their schedules ------------------------------------------------


def test_the_beat_tasks_work_through_every_organisation(
    org_a, org_b, django_capture_on_commit_callbacks
):
    from notifications.tasks import create_due_notifications_task, send_due_notifications_task

    today = timezone.localdate()
    for world in (org_a, org_b):
        with organisation_scope(world.organisation):
            plan_for(world, world.member, review_due=today + datetime.timedelta(days=3))
    assert create_due_notifications_task() == 8  # worker and member, in-app and e-mail, x2
    assert create_due_notifications_task() == 0
    with django_capture_on_commit_callbacks(execute=True):
        totals = send_due_notifications_task()
    assert totals == {"queued": 8, "requeued": 0, "unknown": 0}
    for world in (org_a, org_b):
        with organisation_scope(world.organisation):
            assert Delivery.objects.filter(state="sent").count() == 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        w.users[r].email for w in (org_a, org_b) for r in (Role.CLV, Role.MEMBER)
    )


def test_the_schedules_are_made_once_and_name_registered_tasks():
    import importlib

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    from keyring_net.celery import app

    schedule = importlib.import_module("notifications.migrations.0002_schedules")
    schedule.create_schedules(apps, None)
    schedule.create_schedules(apps, None)
    app.loader.import_default_modules()
    found = {
        task.task: (task.interval.every, task.interval.period, task.enabled)
        for task in PeriodicTask.objects.filter(task__startswith="notifications.")
    }
    assert found == {
        "notifications.tasks.send_due_notifications_task": (1, "minutes", True),
        "notifications.tasks.create_due_notifications_task": (15, "minutes", True),
    }
    assert set(found) <= set(app.tasks)


def test_a_member_chooses_visit_reminders_on_an_easy_read_page(client, in_org_a):
    world = in_org_a
    client.force_login(world.member_user)
    response = client.get("/notifications/preferences/")
    assert "base_easy_read.html" in [t.name for t in response.templates]
    assert "We can remind you before someone visits you." in response.content.decode()
    response = client.post(
        "/notifications/preferences/",
        {"channels": ["email"], "remind_hour_before": "on", "quiet_overnight": "on"},
    )
    assert response.status_code == 302
    choice = NotificationPreference.objects.get(user=world.member_user)
    assert (choice.channels, choice.remind_day_before, choice.remind_hour_before) == (
        ["in_app", "email"],
        False,
        True,
    )
    # Staff keep their stored visit choices when they save the page.
    client.force_login(world.clv)
    assert "We can remind you" not in client.get("/notifications/preferences/").content.decode()
