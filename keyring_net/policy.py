"""The one place that answers "may this person do this?".

Views, API views, templates (through ``request.actor``) and tasks all ask
``can(actor, permission, obj)``. Rules are data: each permission names the
roles that hold it; a rule may further narrow by object (scope) through a
checker. Later features add permissions here, never in views.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from keyring_net.actors import Actor
from keyring_net.models import Role

STAFF_ROLES = frozenset(
    {
        Role.ORG_ADMIN,
        Role.SUPPORT_MANAGER,
        Role.CLV,
        Role.COMMUNITY_ENABLER,
        Role.CONNECTIONS_VOLUNTEER,
        Role.QUALITY_CHECKER,
    }
)


class Permission(StrEnum):
    USE_API_DOCS = "api.docs"
    ADMINISTER_ORGANISATION = "organisation.administer"
    EXPORT_RECORDS = "records.export"


# permission -> roles that hold it (before any object check)
RULES: dict[Permission, frozenset[str]] = {
    Permission.USE_API_DOCS: STAFF_ROLES | {Role.COMMISSIONER},
    Permission.ADMINISTER_ORGANISATION: frozenset({Role.ORG_ADMIN}),
    # Exporting is its own permission, not implied by administering.
    Permission.EXPORT_RECORDS: frozenset({Role.SUPPORT_MANAGER}),
}

# permission -> narrower check on the object, given the actor
OBJECT_CHECKS: dict[Permission, Callable[[Actor, Any], bool]] = {}


def can(actor: Actor, permission: Permission, obj: Any = None) -> bool:
    """True when ``actor`` may do ``permission`` (to ``obj``, if given).

    Fails closed: an actor with no organisation can do nothing, and a
    permission with no rule is refused.
    """
    if actor.user is None or actor.organisation is None:
        return False
    roles = RULES.get(permission)
    if not roles or not actor.roles.intersection(roles):
        return False
    check = OBJECT_CHECKS.get(permission)
    if obj is not None and check is not None:
        return check(actor, obj)
    return True
