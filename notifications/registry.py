"""What the apps above tell notifications about themselves.

Notifications is the delivery layer: it never imports the apps whose
reminders it sends. Each app registers with it instead, from its
``AppConfig.ready()``:

* ``register_producer(name, produce)``: a function
  ``produce(*, organisation, now, today) -> int`` that creates the app's
  due reminders (its ``reminders.py``) and returns the deliveries added.
  The beat task ``create_due_notifications_task`` runs every one
  (``produce_all``).
* ``register_members(...)``: the members app says who is a member, so a
  message to a member is written in easy read, a support manager's sent
  page reaches the members they support, and a member's pages show their
  own record.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from keyring_net.actors import Actor
from keyring_net.clock import local_zone
from keyring_net.models import Organisation

Producer = Callable[..., int]

_producers: dict[str, Producer] = {}


def register_producer(name: str, produce: Producer) -> None:
    """Add (or replace) the producer called ``name``."""
    _producers[name] = produce


def producers() -> dict[str, Producer]:
    """The registered producers, by name, in the order they were added."""
    return dict(_producers)


def produce_all(*, organisation: Organisation, now: datetime.datetime | None = None) -> int:
    """Every registered producer, for one organisation. Returns the
    deliveries added."""
    now = now or timezone.now()
    today = now.astimezone(local_zone(organisation)).date()
    return sum(
        produce(organisation=organisation, now=now, today=today) for produce in _producers.values()
    )


@dataclass(frozen=True)
class Members:
    """How notifications asks about members (registered by the members app).

    ``user_ids(organisation)``: the user ids of the organisation's members
    with a login, as a query (so a caller can filter it further);
    ``reached_user_ids(actor)``: those of the members ``actor`` reaches, as
    a query; ``own_record(actor)``: the signed-in member's own record, for
    the easy-read pages (404 when they have none).
    """

    user_ids: Callable[[Organisation], QuerySet]
    reached_user_ids: Callable[[Actor], QuerySet]
    own_record: Callable[[Actor], object]


_members: list[Members] = []


def register_members(members: Members) -> None:
    _members[:] = [members]


def members() -> Members:
    """The registered member lookups. The members app is always installed;
    without it nothing here would know a member."""
    if not _members:
        raise LookupError("No app has registered its members with notifications.")
    return _members[0]
