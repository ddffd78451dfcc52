"""View helpers that make the safe path the easy one.

``@requires(permission)`` guards pages that show no particular row (lists,
forms): signed out -> sign in; role too low -> 403. Pages about one row use
an access function from a selectors module instead, which answers 404 for a
row out of reach before it answers 403 for a role too low.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from keyring_net.actors import Actor
from keyring_net.policy import Permission, can

NOT_FOUND = "Not found."


def not_found() -> Http404:
    """The one "not found": a missing row, another organisation's row and a
    row out of the person's reach all look the same."""
    return Http404(NOT_FOUND)


def require(actor: Actor, permission: Permission) -> None:
    """Raise 403 unless ``actor`` holds ``permission``."""
    if not can(actor, permission):
        raise PermissionDenied("Your role does not allow this.")


def requires(permission: Permission) -> Callable:
    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require(request.actor, permission)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
