"""Background work of notifications. Thin: ids in, the organisation
entered, one service called.

* ``create_due_notifications_task`` (beat, every 15 minutes): the producers
  the apps registered (``registry``).
* ``send_due_notifications_task`` (beat, every minute): queue what is due,
  queue again what nobody picked up, settle stuck e-mail/SMS (sent again
  if never handed to the provider, else ``unknown``).
* ``deliver_notification_task``: one delivery, enqueued after commit.

Every periodic task is safe to run twice or in two beats at once: unique
keys refuse repeated notifications, ``skip_locked`` keeps two dispatchers
off the same rows and each delivery is claimed by a conditional update.
Acks late and rejected when the worker is lost (settings), so a killed
worker's message comes back; redoing it sends nothing twice.
"""

from __future__ import annotations

import logging

from celery import shared_task

from keyring_net.tasks import for_each_organisation, in_each_organisation, in_organisation
from notifications import registry
from notifications.services import sending

logger = logging.getLogger(__name__)

# At most this many batches per organisation and step in one run; the rest
# waits a minute, so one busy organisation cannot starve the others.
MAX_BATCHES = 50


@shared_task(
    name="notifications.tasks.create_due_notifications_task", soft_time_limit=240, time_limit=300
)
def create_due_notifications_task() -> int:
    """Create the reminders, prompts and warnings that are due soon, in each
    organisation in turn. Returns the deliveries added."""
    return sum(
        in_each_organisation(
            lambda organisation: registry.produce_all(organisation=organisation),
            what="notification producers",
            log=logger,
        )
    )


def _in_batches(organisation_id: int, step) -> int:
    done = 0
    for _ in range(MAX_BATCHES):
        # One transaction per batch: its tasks are enqueued when it commits.
        with in_organisation(organisation_id) as organisation:
            count = step(organisation=organisation)
        done += count
        if count < sending.BATCH:
            break
    return done


@shared_task(
    name="notifications.tasks.send_due_notifications_task", soft_time_limit=50, time_limit=110
)
def send_due_notifications_task() -> dict[str, int]:
    """Queue due deliveries and sweep up lost ones, organisation by organisation."""
    totals = {"queued": 0, "requeued": 0, "unknown": 0}

    def sweep(organisation_id: int) -> None:
        # Counted step by step, so a step that fails keeps the earlier ones.
        totals["queued"] += _in_batches(organisation_id, sending.dispatch_due_batch)
        totals["requeued"] += _in_batches(organisation_id, sending.requeue_stale_batch)
        totals["unknown"] += _in_batches(organisation_id, sending.settle_stuck_sending_batch)

    for _ in for_each_organisation(sweep, what="notification sweep", log=logger):
        pass
    return totals


@shared_task(
    name="notifications.tasks.deliver_notification_task", soft_time_limit=45, time_limit=90
)
def deliver_notification_task(delivery_id: int, organisation_id: int) -> str:
    """Deliver one notification on one channel. A no-op when repeated."""
    return sending.deliver(organisation_id=organisation_id, delivery_id=delivery_id)
