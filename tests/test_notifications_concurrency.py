"""Two beats at once, on PostgreSQL, without a broker: two producers and
two dispatchers running side by side create and send nothing twice
(unique keys; ``skip_locked`` claims). Tasks run in-process here."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from keyring_net.tasks import in_organisation
from keyring_net.tenancy import organisation_scope
from notifications import producers, services
from notifications.models import Delivery, DeliveryAttempt, Notification
from support_plans.models import SupportPlan
from tests.test_notifications import _make_plans

pytestmark = pytest.mark.django_db(transaction=True)


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
            return producers.plan_review_prompts(organisation=organisation, today=today, batch=20)

    _side_by_side(produce)
    with organisation_scope(world.organisation):
        assert Notification.objects.count() == 120
        assert Delivery.objects.filter(state="waiting").count() == 240  # in-app and e-mail

    def dispatch():
        queued = 0
        while True:
            with in_organisation(world.organisation.pk) as organisation:
                n = services.dispatch_due_batch(organisation=organisation, batch=25)
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
