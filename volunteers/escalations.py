"""What happens after a lone-working alert turns out to be real.

Volunteers knows nothing of the apps above it. An app that acts on a real
escalation (casework opens an incident draft) registers a hook here from
its ``AppConfig.ready()``; resolving an alert as real calls each hook with
the visit's first alert and the person who resolved it, inside the same
transaction. A hook must be safe to call twice for the same alert."""

from __future__ import annotations

from collections.abc import Callable

_HOOKS: list[Callable] = []


def on_real_escalation(hook: Callable) -> None:
    """Call ``hook(alert=..., actor=...)`` when an alert is resolved as real."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)


def real_escalation(*, alert, actor) -> None:
    for hook in _HOOKS:
        hook(alert=alert, actor=actor)
