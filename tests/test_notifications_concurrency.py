"""Two beats at once, on PostgreSQL, without a broker: two producers and
two dispatchers running side by side create and send nothing twice
(unique keys; ``skip_locked`` claims), and two delivery tasks for one
message, e-mail, text or in-app, send it once (the claim's conditional
update). Tasks run in-process here."""

from __future__ import annotations

import datetime
import threading

import pytest
from celery._state import _set_task_join_will_block
from django.db import connection, connections
from django.utils import timezone

from keyring_net.tasks import in_organisation
from keyring_net.tenancy import organisation_scope
from notifications.models import (
    Delivery,
    DeliveryAttempt,
    Kind,
    Notification,
    NotificationPreference,
)
from notifications.services import create, sending
from notifications.sms import LocmemSmsBackend
from support_plans import reminders as plan_reminders
from support_plans.models import SupportPlan
from tests.test_notifications import _make_plans

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _join_flag_put_back():
    """Tasks run in-process here, from two threads at once. Celery marks a
    running task with one process-wide flag ("a task is running: never wait
    for a result"); two threads setting and restoring it out of order can
    leave it set, and a later test in this process that waits for a real
    worker's result would then be refused. Put it back after each test."""
    yield
    _set_task_join_will_block(False)


def _side_by_side(work, times: int = 2) -> list:
    barrier = threading.Barrier(times)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(work())
        except Exception as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


def test_two_producers_and_two_dispatchers_at_once_do_everything_once(org_a):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: nothing runs side by side")
    world = org_a
    with organisation_scope(world.organisation):
        _make_plans(world, 120)
    today = timezone.localdate()
    with organisation_scope(world.organisation):
        SupportPlan.objects.update(review_due=today + datetime.timedelta(days=5))

    def produce():
        with in_organisation(world.organisation.pk) as organisation:
            return plan_reminders.plan_review_prompts(
                organisation=organisation, today=today, batch=20
            )

    _side_by_side(produce)
    with organisation_scope(world.organisation):
        assert Notification.objects.count() == 120
        assert Delivery.objects.filter(state="waiting").count() == 240  # in-app and e-mail

    def dispatch():
        queued = 0
        while True:
            with in_organisation(world.organisation.pk) as organisation:
                n = sending.dispatch_due_batch(organisation=organisation, batch=25)
            queued += n
            if n < 25:
                return queued

    queued = _side_by_side(dispatch)
    assert sum(queued) == 240
    with organisation_scope(world.organisation):
        assert Notification.objects.count() == 120
        assert Delivery.objects.filter(state="sent").count() == 240
        assert DeliveryAttempt.objects.count() == 240
        assert Delivery.objects.filter(attempts__gt=1).count() == 0


def _queued_deliveries(world) -> dict[str, int]:
    """A message to the support manager by e-mail, text and in-app, queued
    as the dispatcher leaves it (its tasks not run: each is run twice
    below). Delivery ids by channel."""
    with organisation_scope(world.organisation):
        NotificationPreference.objects.create(
            organisation=world.organisation,
            user=world.manager,
            channels=["email", "sms", "in_app"],
            sms_phone="+447700900123",
        )
        create.create_notifications(
            organisation=world.organisation,
            specs=[
                create.Spec(
                    recipient_id=world.manager.pk,
                    kind=Kind.GENERAL,
                    about="race:1",
                    due_at=timezone.now() - datetime.timedelta(minutes=1),
                    context={"title": "One message", "text": "Hello."},
                    easy_read=False,
                )
            ],
        )
        Delivery.objects.update(state=Delivery.State.QUEUED, queued_at=timezone.now())
        return dict(Delivery.objects.values_list("channel", "pk"))


class MeetBeforeClaiming:
    """A database execute wrapper: a thread's first UPDATE of a delivery
    (its claim) waits until the other thread reaches its own. Both have then
    read the row as queued before either claims it, the worst order two
    workers given the same message can run in, every time rather than by
    luck. It only orders the real statements; PostgreSQL runs them."""

    def __init__(self, barrier: threading.Barrier):
        self.barrier = barrier
        self.met = False

    def __call__(self, execute, sql, params, many, context):
        if not self.met and sql.startswith('UPDATE "notifications_delivery"'):
            self.met = True
            self.barrier.wait(timeout=10)
        return execute(sql, params, many, context)


def test_two_workers_given_one_message_at_once_send_it_once(org_a, mailoutbox):
    """The delivery task's claim is a conditional update: of two tasks for
    one delivery running at the same moment (a message redelivered while
    the first is still running), exactly one sends and one attempt is
    logged, by e-mail, text or in-app. Without ``state=queued`` in the
    claim both would send."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: nothing runs side by side")
    deliveries = _queued_deliveries(org_a)
    LocmemSmsBackend.outbox.clear()
    results = {}
    for channel, delivery_id in sorted(deliveries.items()):
        claims = threading.Barrier(2)

        def deliver(claims=claims, delivery_id=delivery_id):
            with connection.execute_wrapper(MeetBeforeClaiming(claims)):
                return sending.deliver(
                    organisation_id=org_a.organisation.pk, delivery_id=delivery_id
                )

        results[channel] = sorted(_side_by_side(deliver))
    assert results == {c: ["nothing to do", "sent"] for c in ("email", "in_app", "sms")}
    with organisation_scope(org_a.organisation):
        states = {d.channel: (d.state, d.attempts) for d in Delivery.objects.all()}
        attempts = sorted(DeliveryAttempt.objects.values_list("delivery__channel", "outcome"))
    assert states == dict.fromkeys(("email", "in_app", "sms"), ("sent", 1))
    assert attempts == [("email", "sent"), ("in_app", "sent"), ("sms", "sent")]
    assert [(m.to, m.subject) for m in mailoutbox] == [([org_a.manager.email], "One message")]
    assert [m["to"] for m in LocmemSmsBackend.outbox] == ["+447700900123"]
