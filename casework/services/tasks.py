"""State changes for tasks. Each takes the acting person and is audited.

A task is made (``task_create``: by hand on its page, or by another area
of casework following up its record), changed while open, then marked done
or cancelled with a reason. Nothing is deleted: a done or cancelled task
stays, with who closed it and when.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework.models import Task
from casework.selectors.tasks import task_members, task_networks, task_owners
from keyring_net import limits
from keyring_net.access import require
from keyring_net.actors import Actor, save_changes, save_new
from keyring_net.models import Role, User
from keyring_net.policy import Permission
from members.models import Member
from networks.models import Network

NOT_OPEN = "This task is already {state}. Only an open task can change."


def _problems(
    actor: Actor,
    *,
    title: str,
    owner: User | None,
    due_on: datetime.date | None,
    member: Member | None,
    network: Network | None,
) -> dict[str, str]:
    """What is wrong with a task's fields, by field, in plain words."""
    errors = {}
    if not title.strip():
        errors["title"] = "Write what needs to be done."
    elif len(title.strip()) > 200:
        errors["title"] = "Keep what needs to be done to 200 characters or fewer."
    if owner is None:
        errors["owner"] = "Choose who will do it."
    elif not task_owners(actor).filter(pk=owner.pk).exists():
        errors["owner"] = "Choose someone who works with your organisation now."
    if due_on is None:
        errors["due_on"] = "Enter the day it is due."
    elif due_on < limits.RECORD_DATE_FLOOR:
        floor = limits.RECORD_DATE_FLOOR
        errors["due_on"] = f"Check the date: it must be on or after {floor.day} {floor:%B %Y}."
    if member is not None:
        members = (
            Member.objects.filter(organisation=actor.organisation)
            if actor.has_role(Role.ORG_ADMIN)
            else task_members(actor)
        )
        if not members.filter(pk=member.pk).exists():
            errors["member"] = "Choose a member you work with."
    if network is not None and not task_networks(actor).filter(pk=network.pk).exists():
        errors["network"] = "Choose a network you work with."
    return errors


@transaction.atomic
def task_create(
    actor: Actor,
    *,
    title: str,
    owner: User | None,
    due_on: datetime.date | None,
    member: Member | None = None,
    network: Network | None = None,
    source_kind: str = "",
    source_id: int | None = None,
    source_link: str = "",
    details: str = "",
) -> Task:
    """A new open task. ``source_kind`` and ``source_id`` say which record it
    follows up (a contact, a plan review, a safeguarding concern, an
    incident), ``source_link`` where that record is seen; the caller has
    already checked the acting person reaches it. Raises ``ValidationError``
    by field."""
    require(actor, Permission.WORK_ON_TASKS)
    errors = _problems(
        actor, title=title, owner=owner, due_on=due_on, member=member, network=network
    )
    if source_kind not in Task.Source.values:
        errors["source"] = "Say what the task follows up: a contact, a review, a concern."
    elif source_kind and source_id is None:
        errors["source"] = "Say which record the task follows up."
    if errors:
        raise ValidationError(errors)
    return save_new(
        actor,
        Task,
        title=title.strip(),
        details=details.strip(),
        owner=owner,
        due_on=due_on,
        member=member,
        network=network,
        source_kind=source_kind,
        source_id=source_id if source_kind else None,
        source_link=source_link[:200] if source_kind else "",
        created_by=actor.user,
    )


def _open(task: Task) -> None:
    if task.state != Task.State.OPEN:
        raise ValidationError({"__all__": NOT_OPEN.format(state=task.get_state_display().lower())})


@transaction.atomic
def task_change(
    actor: Actor,
    *,
    task: Task,
    title: str,
    owner: User | None,
    due_on: datetime.date | None,
    member: Member | None = None,
    network: Network | None = None,
    details: str = "",
) -> Task:
    """Change an open task: what, who, when, about whom. Every change is
    kept in its history, naming who made it."""
    require(actor, Permission.WORK_ON_TASKS)
    _open(task)
    errors = _problems(
        actor, title=title, owner=owner, due_on=due_on, member=member, network=network
    )
    if errors:
        raise ValidationError(errors)
    task.title, task.details = title.strip(), details.strip()
    task.owner, task.due_on, task.member, task.network = owner, due_on, member, network
    save_changes(task, actor, "title", "details", "owner", "due_on", "member", "network")
    return task


@transaction.atomic
def task_done(actor: Actor, *, task: Task) -> Task:
    """Mark an open task done, by the acting person, now."""
    require(actor, Permission.WORK_ON_TASKS)
    _open(task)
    task.state, task.closed_by, task.closed_at = Task.State.DONE, actor.user, timezone.now()
    save_changes(task, actor, "state", "closed_by", "closed_at")
    return task


@transaction.atomic
def task_cancel(actor: Actor, *, task: Task, reason: str) -> Task:
    """Cancel an open task, saying why. It is kept, never deleted."""
    require(actor, Permission.WORK_ON_TASKS)
    _open(task)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the task is no longer needed."})
    task.state, task.closed_by, task.closed_at = Task.State.CANCELLED, actor.user, timezone.now()
    task.cancel_reason = reason.strip()
    save_changes(task, actor, "state", "closed_by", "closed_at", "cancel_reason")
    return task
