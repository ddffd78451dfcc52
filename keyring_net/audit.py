"""The audit trail: what a person changed, what they looked at, and what
was done to their roles. Read by organisation admins (``people:trail``).

Change history comes from django-simple-history (every ``OrgOwnedModel``,
and the organisation's own settings);
other events from the apps that register them (``keyring_net.registry``:
members adds who looked at whose record). One query per tracked model and
per source, whatever the amount of history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps

from keyring_net.actors import Actor
from keyring_net.models import Organisation, RoleAssignment, User
from keyring_net.registry import trail_sources
from keyring_net.tenancy import OrgOwnedModel

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
LABEL_FIELDS = ("full_name", "name", "address_line_1", "title")
LIMIT = 200


@dataclass(frozen=True)
class Event:
    when: datetime
    who: str
    action: str
    what: str


def tracked_models() -> list[type[OrgOwnedModel]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, OrgOwnedModel) and hasattr(model, "history")
    ]


def _label(row) -> str:
    for name in LABEL_FIELDS:
        value = getattr(row, name, None)
        if value:
            return str(value)
    return f"number {row.id}"


def trail_of_person(*, actor: Actor, person: User) -> list[Event]:
    """The newest ``LIMIT`` events by or about ``person`` in the actor's
    organisation, newest first."""
    organisation = actor.organisation
    events: list[Event] = []
    for model in tracked_models():
        rows = model.history.filter(organisation=organisation, history_user=person).order_by(
            "-history_date"
        )[:LIMIT]
        for row in rows:
            events.append(
                Event(
                    when=row.history_date,
                    who=person.full_name,
                    action=ACTIONS[row.history_type],
                    what=f"{model._meta.verbose_name} “{_label(row)}”",
                )
            )
    for row in Organisation.history.filter(id=organisation.pk, history_user=person).order_by(
        "-history_date"
    )[:LIMIT]:
        events.append(
            Event(
                when=row.history_date,
                who=person.full_name,
                action=ACTIONS[row.history_type],
                what=f"the settings of “{row.name}”",
            )
        )
    for source in trail_sources():
        events.extend(source(organisation, person, LIMIT))
    for row in (
        RoleAssignment.history.filter(organisation=organisation, user_id=person.pk)
        .select_related("history_user")
        .order_by("-history_date")[:LIMIT]
    ):
        role = dict(RoleAssignment._meta.get_field("role").choices)
        verb = "ended" if row.ended_at else ACTIONS[row.history_type]
        events.append(
            Event(
                when=row.history_date,
                who=row.history_user.full_name if row.history_user else "The system",
                action=f"{'gave' if verb == 'created' else verb} the role",
                what=f"{role.get(row.role, row.role)} for {person.full_name}",
            )
        )
    events.sort(key=lambda event: event.when, reverse=True)
    return events[:LIMIT]
