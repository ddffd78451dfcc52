"""Demo tasks (called by keyring_net.demo.seed_all): in each network, the
CLV's follow-ups with its members, some overdue, some due today or this
week, a few done and one cancelled, some made from a contact; and the
network tasks for the CLV and the support manager. Made through the services,
so each has its history. Deterministic, and idempotent (nothing is made
when the organisation already has tasks)."""

from __future__ import annotations

import datetime

from django.urls import reverse

from casework.models import Task
from casework.services.tasks import task_cancel, task_create, task_done
from keyring_net.actors import Actor
from keyring_net.models import Organisation
from members.models import Contact, Member
from networks.models import Network

DAY = datetime.timedelta(days=1)

# (what needs to be done, more detail, days from today it is due, what
# happens to it: "" open, "done", "cancelled")
MEMBER_TASKS = (
    ("Ring the housing officer about the boiler", "No hot water since Monday.", -3, ""),
    ("Help {name} fill in the PIP review form", "The form has to be back by the 20th.", 0, ""),
    ("Book {name}'s GP appointment for the flu jab", "", 2, ""),
    ("Go with {name} to the bank to set up a standing order", "For the rent.", 5, ""),
    ("Check {name} has topped up the electricity key", "", -1, "done"),
    ("Ask the landlord about the damp in the bedroom", "Photos are on {name}'s phone.", 12, ""),
    ("Find out about the Tuesday art class at the library", "", -6, "cancelled"),
)
NETWORK_TASKS = (
    ("Book the hall for the network meeting", "", 4),
    ("Send the summer trip letter to everyone in the network", "", -2),
)


def seed_tasks(organisation: Organisation, staff, today: datetime.date) -> None:
    """Tasks in every network with a CLV. Does nothing when the
    organisation already has tasks."""
    if Task.objects.filter(organisation=organisation).exists():
        return
    for number, network in enumerate(
        Network.objects.filter(organisation=organisation).order_by("pk")
    ):
        clv = staff.clv_for(network)
        if clv is None:
            continue
        actor = Actor.for_user(clv, organisation.pk)
        members = list(
            Member.objects.filter(
                organisation=organisation, network=network, status=Member.Status.ACTIVE
            ).order_by("pk")[:3]
        )
        for index, member in enumerate(members):
            _member_tasks(actor, member, today, offset=number + index)
        title, details, days = NETWORK_TASKS[number % len(NETWORK_TASKS)]
        task_create(
            actor,
            title=title,
            details=details,
            owner=clv if number % 2 else staff.manager,
            due_on=today + days * DAY,
            network=network,
        )


def _member_tasks(actor: Actor, member: Member, today: datetime.date, offset: int) -> None:
    contact = (
        Contact.objects.filter(organisation=actor.organisation, member=member)
        .order_by("-happened_at")
        .first()
    )
    for step in range(3):
        title, details, days, ending = MEMBER_TASKS[(offset + step * 2) % len(MEMBER_TASKS)]
        name = member.preferred_name or member.full_name.split()[0]
        source = {}
        if contact is not None and step == 0:
            source = {
                "source_kind": Task.Source.CONTACT,
                "source_id": contact.pk,
                "source_link": reverse("members:detail", args=[member.pk]),
            }
        task = task_create(
            actor,
            title=title.format(name=name),
            details=details.format(name=name),
            owner=actor.user,
            due_on=today + days * DAY,
            member=member,
            **source,
        )
        if ending == "done":
            task_done(actor, task=task)
        elif ending == "cancelled":
            task_cancel(
                actor, task=task, reason=f"{name} decided to try the pottery group instead."
            )
