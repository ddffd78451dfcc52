"""Notifications against a real Celery worker and Redis: none lost, none
doubled (REFERENCE §6).

* a plan whose review is due gives exactly one prompt per recipient when
  the producers and the sweep each run twice at once;
* 1,000 due notifications survive a pool child killed with SIGKILL, the
  main worker process killed with SIGKILL, and a Redis FLUSHALL (of a
  private redis-server), each mid-batch: after restart and a sweep, 1,000
  delivered, none twice, none missing;
* a rolled-back transaction puts nothing on the queue;
* e-mail and texts, where a crash can leave doubt: a worker killed after
  it has handed an e-mail to the provider and before it records that is
  not sent again (the sweep marks it "may not have been sent"), and a
  message its dead worker held unclaimed is sent once after the sweep;
  a message redelivered after its sender was killed claims nothing.

The worker and the "web process" are subprocesses on this test's database
(PostgreSQL: several processes write at once) and their own queue.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from functools import partial
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from keyring_net.tenancy import organisation_scope
from notifications.models import Channel, Delivery, DeliveryAttempt, Kind, Notification
from notifications.models import NotificationPreference as Preference
from notifications.services import create, sending
from support_plans.models import SupportPlan

ROOT = Path(__file__).resolve().parent.parent
COUNT = 1000

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: a worker of several processes shares the database")


def _database_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return (
        f"postgres://{s['USER'] or 'postgres'}{password}@{s['HOST'] or '127.0.0.1'}:"
        f"{s['PORT'] or 5432}/{s['NAME']}"
    )


class Worker:
    """``celery worker`` on its own queue, logging to a file."""

    def __init__(
        self, redis_url: str, log: Path, queue: str | None = None, outbox: Outbox | None = None
    ):
        self.redis_url = redis_url
        self.queue = queue or f"keyring-notify-{uuid.uuid4().hex[:8]}"
        self.log = log
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "keyring_net.settings",
            "DEBUG": "true",
            "DATABASE_URL": _database_url(),
            "REDIS_URL": redis_url,
            "CELERY_QUEUE": self.queue,
        }
        if outbox:  # e-mail and texts to files (tests/worker_outbox.py)
            self.env["DJANGO_SETTINGS_MODULE"] = "tests.worker_settings"
            self.env["WORKER_OUTBOX"] = str(outbox.path)
        self.process: subprocess.Popen | None = None
        self.client = Celery(broker=redis_url, backend=redis_url, set_as_current=False)

    def start(self, *, concurrency: int = 2, prefetch: int = 1) -> Worker:
        output = self.log.open("a")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "keyring_net",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                str(concurrency),
                "--prefetch-multiplier",
                str(prefetch),
                "--queues",
                self.queue,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        return self

    def children(self) -> list[int]:
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                found.append(int(entry.name))
        return found

    def send(self, name: str) -> None:
        self.client.send_task(name, queue=self.queue)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=20)
        # Orphaned pool children notice their parent is gone; do not wait on
        # them beyond a moment.
        time.sleep(1)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def output(self) -> str:
        return self.log.read_text()


def _wait_until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _count(organisation, **filters) -> int:
    with organisation_scope(organisation):
        return Delivery.objects.filter(organisation=organisation, **filters).count()


def _due_notifications(world, count: int, channels: tuple[str, ...] = (Channel.IN_APP,)) -> None:
    """``count`` due notifications to the support manager on ``channels``."""
    with organisation_scope(world.organisation):
        Preference.objects.create(
            organisation=world.organisation,
            user=world.manager,
            channels=list(channels),
            sms_phone="+447700900123",
        )
        create.create_notifications(
            organisation=world.organisation,
            specs=[
                create.Spec(
                    recipient_id=world.manager.pk,
                    kind=Kind.GENERAL,
                    about=f"load:{i}",
                    due_at=timezone.now() - datetime.timedelta(minutes=1),
                    context={"title": f"Message {i}", "text": "Hello."},
                    easy_read=False,
                )
                for i in range(count)
            ],
        )


def _sweep_after_time_passes(world, worker: Worker) -> None:
    """What the sweeper does two minutes later: rows left ``queued`` with
    no task to deliver them (its message died with the worker or Redis) are
    made old enough, and the beat's task is run."""
    with organisation_scope(world.organisation):
        Delivery.objects.filter(state=Delivery.State.QUEUED).update(
            queued_at=timezone.now() - sending.QUEUED_STALE - datetime.timedelta(seconds=5)
        )
    worker.send("notifications.tasks.send_due_notifications_task")


def _assert_all_delivered_once(world) -> None:
    with organisation_scope(world.organisation):
        states = dict(Delivery.objects.values_list("state").annotate(n=Count("pk")))
        attempts = DeliveryAttempt.objects.filter(organisation=world.organisation)
        per_delivery = set(
            attempts.values("delivery_id").annotate(n=Count("pk")).values_list("n", flat=True)
        )
        twice = Delivery.objects.filter(attempts__gt=1).count()
    assert states == {"sent": COUNT}
    assert attempts.count() == COUNT  # 0 twice, 0 missing
    assert per_delivery == {1}
    assert twice == 0


def _run_until_part_done(world, worker: Worker, at_least: int) -> int:
    worker.send("notifications.tasks.send_due_notifications_task")
    _wait_until(
        lambda: _count(world.organisation, state="sent") >= at_least, 60, f"{at_least} sent"
    )
    return _count(world.organisation, state="sent")


def test_a_due_plan_review_prompts_each_person_once_when_sweeps_run_twice_at_once(
    org_a, redis_url, tmp_path
):
    today = timezone.localdate()
    with organisation_scope(org_a.organisation):
        SupportPlan.objects.create(
            organisation=org_a.organisation,
            member=org_a.member,
            worker=org_a.clv,
            status=SupportPlan.Status.AGREED,
            review_due=today + datetime.timedelta(days=5),
        )
    worker = Worker(redis_url, tmp_path / "worker.log").start(concurrency=2)
    try:
        for _ in range(2):  # two beats at once: both run, side by side
            worker.send("notifications.tasks.create_due_notifications_task")
        _wait_until(lambda: _count(org_a.organisation) == 4, 60, "the prompts' four deliveries")
        time.sleep(1)  # let the second producer finish too
        for _ in range(2):
            worker.send("notifications.tasks.send_due_notifications_task")
        _wait_until(lambda: _count(org_a.organisation, state="sent") == 4, 60, "4 sent")
        time.sleep(1)
    finally:
        worker.stop()
    assert "Traceback" not in worker.output(), worker.output()
    with organisation_scope(org_a.organisation):
        prompts = sorted(Notification.objects.values_list("recipient_id", "kind", "easy_read"))
        sends = DeliveryAttempt.objects.filter(organisation=org_a.organisation).count()
    assert prompts == sorted(
        [(org_a.clv.pk, "plan_review", False), (org_a.member_user.pk, "plan_review", True)]
    )
    assert _count(org_a.organisation, state="sent") == 4  # in-app and e-mail each
    assert sends == 4


def test_a_pool_child_killed_mid_batch_loses_and_doubles_nothing(org_a, redis_url, tmp_path):
    _due_notifications(org_a, COUNT)
    worker = Worker(redis_url, tmp_path / "worker.log").start(concurrency=2)
    try:
        _wait_until(lambda: len(worker.children()) == 2, 30, "two pool children")
        sent = _run_until_part_done(org_a, worker, 150)
        assert sent < COUNT
        os.kill(worker.children()[0], signal.SIGKILL)
        _wait_until(Settled(org_a), 75, "the batch to settle")
        _sweep_after_time_passes(org_a, worker)
        _wait_until(lambda: _count(org_a.organisation, state="sent") == COUNT, 60, "all sent")
        time.sleep(1)  # a redelivered message would run now: it must do nothing
    finally:
        worker.stop()
    _assert_all_delivered_once(org_a)


class Settled:
    """True once nothing more has been sent for two seconds: whatever is
    left needs the sweeper."""

    def __init__(self, world):
        self.organisation = world.organisation
        self.last = (-1, 0.0)

    def __call__(self) -> bool:
        sent = _count(self.organisation, state="sent")
        now = time.monotonic()
        if sent != self.last[0]:
            self.last = (sent, now)
            return False
        return now - self.last[1] > 2


def test_the_main_worker_process_killed_mid_batch_loses_and_doubles_nothing(
    org_a, redis_url, tmp_path
):
    _due_notifications(org_a, COUNT)
    worker = Worker(redis_url, tmp_path / "worker.log").start(concurrency=2)
    restarted = None
    try:
        sent = _run_until_part_done(org_a, worker, 150)
        assert sent < COUNT
        worker.kill()
        stopped_at = _count(org_a.organisation, state="sent")
        assert stopped_at < COUNT
        # The same queue, a new worker: the messages still in Redis are
        # delivered; those the dead worker held are unacked until Redis's
        # visibility timeout, so the sweeper queues their rows again.
        restarted = Worker(redis_url, tmp_path / "worker2.log", queue=worker.queue).start()
        _wait_until(Settled(org_a), 75, "the restarted worker to settle")
        _sweep_after_time_passes(org_a, restarted)
        _wait_until(lambda: _count(org_a.organisation, state="sent") == COUNT, 60, "all sent")
        time.sleep(1)
    finally:
        worker.stop()
        if restarted:
            restarted.stop()
    _assert_all_delivered_once(org_a)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def private_redis():
    """A redis-server of this test's own, so FLUSHALL touches nobody else's."""
    port = _free_port()
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    try:
        _wait_until(lambda: _pings(client), 10, "the private redis-server")
        yield f"redis://127.0.0.1:{port}/0", client
    finally:
        server.terminate()
        server.wait(timeout=10)


def _pings(client) -> bool:
    try:
        return client.ping()
    except redis.ConnectionError:
        return False


def test_redis_flushed_mid_batch_loses_and_doubles_nothing(
    org_a, redis_url, private_redis, tmp_path
):
    url, server = private_redis
    _due_notifications(org_a, COUNT)
    worker = Worker(url, tmp_path / "worker.log").start(concurrency=2)
    try:
        sent = _run_until_part_done(org_a, worker, 150)
        assert sent < COUNT
        server.flushall()
        _wait_until(Settled(org_a), 60, "the worker to run out of messages")
        assert _count(org_a.organisation, state="sent") < COUNT  # the flush lost some
        _sweep_after_time_passes(org_a, worker)
        _wait_until(lambda: _count(org_a.organisation, state="sent") == COUNT, 60, "all sent")
        # Redone work sends nothing twice: every delivery's task once more.
        with organisation_scope(org_a.organisation):
            ids = list(Delivery.objects.values_list("pk", flat=True))
        for delivery_id in ids:
            worker.client.send_task(
                "notifications.tasks.deliver_notification_task",
                args=[delivery_id, org_a.organisation.pk],
                queue=worker.queue,
            )
        _wait_until(lambda: server.llen(worker.queue) == 0, 60, "the repeats to be taken")
        time.sleep(2)
    finally:
        worker.stop()
    _assert_all_delivered_once(org_a)


WEB_PROCESS = """
from keyring_net.tasks import in_organisation
from notifications.services import create, sending

class Refused(Exception):
    pass

try:
    with in_organisation({organisation_id}) as organisation:
        print(sending.dispatch_due_batch(organisation=organisation))
        if {roll_back}:
            raise Refused
except Refused:
    print("rolled back")
"""


def test_a_rolled_back_transaction_enqueues_nothing(org_a, redis_url, tmp_path):
    _due_notifications(org_a, 5)
    queue = f"keyring-notify-{uuid.uuid4().hex[:8]}"
    env = Worker(redis_url, tmp_path / "unused.log", queue=queue).env
    broker = redis.Redis.from_url(redis_url)

    def web(roll_back: bool) -> str:
        script = WEB_PROCESS.format(organisation_id=org_a.organisation.pk, roll_back=roll_back)
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    try:
        assert web(roll_back=True) == ["5", "rolled", "back"]
        assert broker.llen(queue) == 0
        assert _count(org_a.organisation, state="waiting") == 5
        assert web(roll_back=False) == ["5"]
        assert broker.llen(queue) == 5
        assert _count(org_a.organisation, state="queued") == 5
    finally:
        broker.delete(queue)


class Outbox:
    """What the worker's e-mail and text senders sent (tests/worker_outbox.py):
    a file per message, and ``held-<channel>`` once the first e-mail or text
    is held mid-send."""

    def __init__(self, path: Path):
        self.path = path
        path.mkdir()

    def held(self, channel: str) -> int | None:
        """The id of the process holding the first message on ``channel``."""
        try:
            return int((self.path / f"held-{channel}").read_text())
        except FileNotFoundError:
            return None

    def sent(self) -> Counter:
        """Each (channel, to, title) sent, with how many times."""
        return Counter(
            (message.name.split("-")[0], *message.read_text().splitlines())
            for message in self.path.glob("*.sent")
        )


def _states(world) -> dict[str, int]:
    with organisation_scope(world.organisation):
        return dict(Delivery.objects.values_list("state").annotate(n=Count("pk")))


def _sweep_after_longer(world, worker: Worker) -> None:
    """The sweeper ten minutes on: e-mail or texts still ``sending`` are
    old enough to be marked ``unknown``, and lost ``queued`` rows to be
    queued again."""
    with organisation_scope(world.organisation):
        Delivery.objects.filter(state=Delivery.State.SENDING).update(
            sending_at=timezone.now() - sending.SENDING_STALE - datetime.timedelta(seconds=5)
        )
    _sweep_after_time_passes(world, worker)


def _delivery_log(world) -> list[tuple]:
    with organisation_scope(world.organisation):
        return sorted(
            DeliveryAttempt.objects.values_list(
                "delivery__notification__title", "delivery__attempts", "outcome", "error"
            )
        )


STOPPED = "The worker stopped while sending."


def test_an_email_worker_killed_between_claim_and_record_sends_nothing_twice(
    org_a, private_redis, tmp_path
):
    """Two e-mails due; a worker of one process that takes two messages at a
    time. It claims one e-mail, hands it to the provider and is killed
    before it records the outcome; the other e-mail's message dies with it,
    unclaimed. After the sweep and with a new worker, the first is
    ``unknown`` ("may not have been sent") and never sent again; the second
    is sent once."""
    url, server = private_redis
    _due_notifications(org_a, 2, (Channel.EMAIL,))
    outbox = Outbox(tmp_path / "outbox")
    worker = Worker(url, tmp_path / "worker.log", outbox=outbox)
    worker.start(concurrency=1, prefetch=2)
    restarted = None
    try:
        worker.send("notifications.tasks.send_due_notifications_task")
        _wait_until(partial(outbox.held, "email"), 60, "the worker to be sending an e-mail")
        # The other message is the worker's too: taken, not acknowledged, so
        # Redis gives it to nobody else for an hour.
        _wait_until(lambda: server.hlen("unacked") == 2, 20, "the worker to take both")
        assert server.llen(worker.queue) == 0
        assert _states(org_a) == {"sending": 1, "queued": 1}
        held = outbox.held("email")
        worker.kill()
        with contextlib.suppress(ProcessLookupError):
            os.kill(held, signal.SIGKILL)
        restarted = Worker(url, tmp_path / "worker2.log", queue=worker.queue, outbox=outbox)
        restarted.start(concurrency=1)
        _sweep_after_longer(org_a, restarted)
        _wait_until(lambda: _states(org_a) == {"unknown": 1, "sent": 1}, 60, "the sweep's work")
        time.sleep(1)  # anything sent twice would be sent by now
    finally:
        worker.stop()
        if restarted:
            restarted.stop()
    assert "Traceback" not in restarted.output(), restarted.output()
    to = org_a.manager.email
    assert outbox.sent() == Counter({("email", to, "Message 0"): 1, ("email", to, "Message 1"): 1})
    log = _delivery_log(org_a)
    held_title = next(title for title, _, outcome, _ in log if outcome == "unknown")
    sent_title = ({"Message 0", "Message 1"} - {held_title}).pop()
    assert log == sorted([(held_title, 1, "unknown", STOPPED), (sent_title, 1, "sent", "")])


def test_a_message_redelivered_after_its_sender_was_killed_claims_nothing(
    org_a, private_redis, tmp_path
):
    """A pool process killed while sending an e-mail, then a text: each time
    the worker puts the message back on the queue at once (acks late,
    rejected when the worker is lost) and its new process runs it again.
    That run finds the delivery ``sending`` and claims nothing; the sweep
    then marks it ``unknown``. Each is sent once."""
    url, _ = private_redis
    _due_notifications(org_a, 1, (Channel.EMAIL, Channel.SMS))
    with organisation_scope(org_a.organisation):
        # The dispatcher's part, done here so this test holds the tasks' results.
        Delivery.objects.update(state=Delivery.State.QUEUED, queued_at=timezone.now())
        deliveries = dict(Delivery.objects.values_list("channel", "pk"))
    outbox = Outbox(tmp_path / "outbox")
    worker = Worker(url, tmp_path / "worker.log", outbox=outbox).start(concurrency=1)
    results = {}
    try:
        for channel in (Channel.EMAIL, Channel.SMS):
            result = worker.client.send_task(
                "notifications.tasks.deliver_notification_task",
                args=[deliveries[channel], org_a.organisation.pk],
                queue=worker.queue,
            )
            _wait_until(partial(outbox.held, channel), 60, f"the worker to be sending ({channel})")
            os.kill(outbox.held(channel), signal.SIGKILL)
            # The same message, run again.
            results[channel] = result.get(timeout=60, disable_sync_subtasks=False)
        assert _states(org_a) == {"sending": 2}
        _sweep_after_longer(org_a, worker)
        _wait_until(lambda: _states(org_a) == {"unknown": 2}, 60, "the sweep's work")
    finally:
        worker.stop()
    assert results == {"email": "nothing to do", "sms": "nothing to do"}
    assert outbox.sent() == Counter(
        {("email", org_a.manager.email, "Message 0"): 1, ("sms", "+447700900123", "Message 0"): 1}
    )
    assert _delivery_log(org_a) == [("Message 0", 1, "unknown", STOPPED)] * 2


STOPPED_BEFORE = "The worker stopped before sending."
ON_CALL = "on-call@org-a.example"


def test_an_out_of_hours_email_whose_worker_died_after_claiming_it_is_sent_once(
    org_a, private_redis, tmp_path
):
    """A lone-working alert to an out-of-hours inbox that is nobody's
    account: an ``email`` delivery like any other. The worker claims it and
    is killed (SIGKILL) before handing it to the mail server. The sweep
    finds it stuck ``sending`` and never handed over, so it waits again; a
    new worker sends it. The outbox holds it exactly once, and its log says
    what happened to each try."""
    from volunteers.models import LoneWorkingSession
    from volunteers.services.today import raise_overdue_alerts

    url, _ = private_redis
    organisation = org_a.organisation
    organisation.settings = {"out_of_hours_email": ON_CALL}
    organisation.save(update_fields=["settings"])
    end = timezone.now() - datetime.timedelta(minutes=6)
    with organisation_scope(organisation):
        org_a.manager.role_assignments.update(ended_at=timezone.now())  # nobody else to tell
        LoneWorkingSession.objects.create(
            organisation=organisation,
            worker=org_a.clv,
            member=org_a.member,
            started_at=end - datetime.timedelta(hours=1),
            expected_end_at=end,
        )
        [alert] = raise_overdue_alerts(organisation=organisation)
        [(address, title)] = Notification.objects.values_list("address", "title")
    assert (alert.recipients, address) == (ON_CALL, ON_CALL)
    assert _states(org_a) == {"waiting": 1}
    outbox = Outbox(tmp_path / "outbox")
    worker = Worker(url, tmp_path / "worker.log", outbox=outbox)
    worker.env["WORKER_HOLD"] = "claimed-email"
    worker.start(concurrency=1)
    restarted = None
    try:
        worker.send("notifications.tasks.send_due_notifications_task")
        _wait_until(partial(outbox.held, "claimed-email"), 60, "the worker to claim the e-mail")
        with organisation_scope(organisation):
            claimed = Delivery.objects.values_list("state", "handed_at").get()
        assert claimed == ("sending", None)
        held = outbox.held("claimed-email")
        worker.kill()
        with contextlib.suppress(ProcessLookupError):
            os.kill(held, signal.SIGKILL)
        assert outbox.sent() == Counter()  # killed before the mail server had it
        restarted = Worker(url, tmp_path / "worker2.log", queue=worker.queue, outbox=outbox)
        restarted.env["WORKER_HOLD"] = ""
        restarted.start(concurrency=1)
        _sweep_after_longer(org_a, restarted)  # ten minutes on: back to waiting
        _wait_until(lambda: _states(org_a) == {"waiting": 1}, 60, "the sweep to take it back")
        restarted.send("notifications.tasks.send_due_notifications_task")  # a minute on
        _wait_until(lambda: _states(org_a) == {"sent": 1}, 60, "the e-mail to be sent")
        time.sleep(1)  # anything sent twice would be sent by now
    finally:
        worker.stop()
        if restarted:
            restarted.stop()
    assert "Traceback" not in restarted.output(), restarted.output()
    assert outbox.sent() == Counter({("email", ON_CALL, title): 1})
    assert "has not checked out" in title
    with organisation_scope(organisation):
        log = list(DeliveryAttempt.objects.order_by("pk").values_list("outcome", "error"))
        attempts = Delivery.objects.values_list("attempts", flat=True).get()
    assert log == [("failed", STOPPED_BEFORE), ("sent", "")]
    assert attempts == 2


def test_a_sign_in_code_whose_worker_died_after_claiming_it_is_sent_once(
    org_a, private_redis, tmp_path, monkeypatch
):
    """A sign-in code (one of allauth's e-mails, through the core's mailer)
    is a delivery like any other. Its worker claims it and is killed before
    handing it to the mail server; the sweep takes it back and a new worker
    sends it once, with the subject and text kept sealed until then (the
    notification's title only says what it was), then wiped."""
    from django.db import transaction

    from keyring_net.registry import Mail
    from notifications.services.mail import send_at_once

    url, _ = private_redis
    organisation = org_a.organisation
    member = org_a.member_user
    # The web process's enqueue is lost: this test hands the task to its worker.
    monkeypatch.setattr(sending, "_enqueue", lambda ids, organisation_id: None)
    with transaction.atomic():
        note = send_at_once(
            Mail(
                organisation=organisation,
                person=member,
                address=member.email,
                kind=Kind.ACCOUNT,
                about=f"keyring_net.user:{member.pk}",
                title="Your sign-in code for KeyRing Net",
                summary="A code to sign in. The code is not kept here.",
                subject="KeyRing Net: Sign-In Code",
                text="Your sign-in code is:\n\nABC-123",
            )
        )
    with organisation_scope(organisation):
        delivery_id = Delivery.objects.values_list("pk", flat=True).get()
    assert _states(org_a) == {"queued": 1}
    outbox = Outbox(tmp_path / "outbox")
    worker = Worker(url, tmp_path / "worker.log", outbox=outbox)
    worker.env["WORKER_HOLD"] = "claimed-email"
    worker.start(concurrency=1)
    restarted = None
    try:
        worker.client.send_task(
            "notifications.tasks.deliver_notification_task",
            args=[delivery_id, organisation.pk],
            queue=worker.queue,
        )
        _wait_until(partial(outbox.held, "claimed-email"), 60, "the worker to claim the e-mail")
        held = outbox.held("claimed-email")
        worker.kill()
        with contextlib.suppress(ProcessLookupError):
            os.kill(held, signal.SIGKILL)
        assert outbox.sent() == Counter()
        restarted = Worker(url, tmp_path / "worker2.log", queue=worker.queue, outbox=outbox)
        restarted.env["WORKER_HOLD"] = ""
        restarted.start(concurrency=1)
        _sweep_after_longer(org_a, restarted)  # ten minutes on: back to waiting
        _wait_until(lambda: _states(org_a) == {"waiting": 1}, 60, "the sweep to take it back")
        restarted.send("notifications.tasks.send_due_notifications_task")  # a minute on
        _wait_until(lambda: _states(org_a) == {"sent": 1}, 60, "the e-mail to be sent")
        time.sleep(1)  # anything sent twice would be sent by now
    finally:
        worker.stop()
        if restarted:
            restarted.stop()
    assert "Traceback" not in restarted.output(), restarted.output()
    assert outbox.sent() == Counter({("email", member.email, "KeyRing Net: Sign-In Code"): 1})
    with organisation_scope(organisation):
        log = list(DeliveryAttempt.objects.order_by("pk").values_list("outcome", "error"))
        note.refresh_from_db()
    assert log == [("failed", STOPPED_BEFORE), ("sent", "")]
    assert (note.title, note.sealed) == ("Your sign-in code for KeyRing Net", "")
    assert "ABC-123" not in note.body
