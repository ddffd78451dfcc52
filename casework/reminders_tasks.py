"""Overdue tasks: one prompt to the task's owner, the morning after its due
day, through the notifications layer (their chosen channels and quiet
hours). Registered with notifications from ``casework/apps.py``; the beat
runs it every 15 minutes, and its unique key (the task and its due day)
makes a second run, or a second worker, add nothing. A task given a new
due day that passes too is prompted once more."""

from __future__ import annotations

import datetime

from django.urls import reverse

from casework.models import Task
from keyring_net.models import Organisation
from notifications import producing
from notifications.models import Kind
from notifications.services.create import create_notifications

# Tasks overdue for longer than this were prompted long ago: not read again.
OVERDUE_LOOKBACK = datetime.timedelta(days=30)


def produce(*, organisation: Organisation, now: datetime.datetime, today: datetime.date) -> int:
    """The overdue prompts due by ``today`` (the beat's producer)."""
    return overdue_task_prompts(organisation=organisation, today=today)


def overdue_task_prompts(
    *, organisation: Organisation, today: datetime.date, batch: int = producing.BATCH
) -> int:
    """A prompt for each open task whose due day has passed. Returns the
    deliveries added."""
    tasks = (
        Task.objects.filter(
            organisation=organisation,
            state=Task.State.OPEN,
            due_on__lt=today,
            due_on__gte=today - OVERDUE_LOOKBACK,
        )
        .select_related("member")
        .only("pk", "title", "due_on", "owner_id", "member__full_name")
    )
    added = 0
    for rows in producing.batches(tasks, batch):
        specs = []
        for task in rows:
            specs.extend(
                producing.specs_for(
                    [task.owner_id],
                    kind=Kind.TASK_OVERDUE,
                    about=f"casework.task:{task.pk}",
                    due_at=producing.prompt_at(
                        organisation, task.due_on + datetime.timedelta(days=1)
                    ),
                    unique_key=f"task_overdue:{task.pk}:{task.due_on.isoformat()}",
                    context={
                        "title": task.title,
                        "due": producing.day_words(task.due_on),
                        "member": task.member.full_name if task.member else "",
                    },
                    link=reverse("tasks:detail", args=[task.pk]),
                    easy_read=False,
                )
            )
        added += create_notifications(organisation=organisation, specs=specs)
    return added
