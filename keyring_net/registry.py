"""What the apps above the core tell it about themselves.

The core sits at the bottom of the layers and never imports an app above
it. Where a core page needs something another app owns (the record
accesses in a person's audit trail, the networks a role can be scoped to),
that app registers it here from its ``AppConfig.ready()``, and the core asks
the registry. The core's e-mails (invitations, allauth's sign-in codes and
links) go through the mailer notifications registers (``set_mailer``), so
each is a delivery with its attempts. Registering twice (Django may call ``ready()`` again in tests)
keeps one entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

# (organisation, person, limit) -> the newest ``limit`` audit events by them.
TrailSource = Callable[[Any, Any, int], Iterable[Any]]
# (actor) -> the rows a role can be scoped to, within the actor's reach.
ScopeChoices = Callable[[Any], QuerySet]

_trail_sources: dict[str, TrailSource] = {}
_role_scopes: dict[str, ScopeChoices] = {}


def add_to_trail(name: str, source: TrailSource) -> None:
    """Add events of one kind (``name``) to every person's audit trail."""
    _trail_sources[name] = source


def trail_sources() -> list[TrailSource]:
    return list(_trail_sources.values())


def add_role_scope(name: str, choices: ScopeChoices) -> None:
    """Let a role be scoped to ``name`` (a field of ``RoleAssignment``),
    choosing among the rows ``choices(actor)`` gives."""
    _role_scopes[name] = choices


def role_scopes() -> dict[str, ScopeChoices]:
    return dict(_role_scopes)


# --- Sending an e-mail ----------------------------------------------------------------


@dataclass(frozen=True)
class Mail:
    """One e-mail the core sends: an invitation, or one of django-allauth's
    (a sign-in code, a link to choose a password or confirm an address, a
    security notice).

    ``organisation``: whose records it goes in. ``person``: the account it
    is for (``None``: an address that is nobody's account). ``kind``: the
    kind of message (``"invitation"``, ``"account"``). ``title`` and
    ``summary``: what the message was, in words that hold no secret, for the
    sent-messages pages. ``subject``, ``text`` and ``html``: the e-mail
    itself, which may hold a secret (a code, a link); the mailer keeps it
    sealed until it is sent."""

    organisation: Any
    person: Any | None
    address: str
    kind: str
    about: str
    title: str
    summary: str
    subject: str
    text: str
    html: str = ""


Mailer = Callable[[Mail], None]

_mailers: list[Mailer] = []


def set_mailer(send: Mailer) -> None:
    """The function that sends the core's e-mails (registered by the
    notifications app, which records each as a delivery and its attempts)."""
    _mailers[:] = [send]


def mailer() -> Mailer:
    """The registered mailer. Without one nothing is sent: an e-mail never
    goes out past the delivery rows."""
    if not _mailers:
        raise LookupError("No app has registered a mailer with the core: e-mail cannot be sent.")
    return _mailers[0]
