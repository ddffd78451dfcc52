"""What the apps above the core tell it about themselves.

The core sits at the bottom of the layers and never imports an app above
it. Where a core page needs something another app owns (the record
accesses in a person's audit trail, the networks a role can be scoped to),
that app registers it here from its ``AppConfig.ready()``, and the core asks
the registry. Registering twice (Django may call ``ready()`` again in tests)
keeps one entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
