"""Role matrix for incidents and accidents.

The world's incident is a draft its CLV started about the world's member;
its action is on a second incident, recorded by the CLV and given an
action by the support manager. Admins, support managers, CLVs and
community enablers reach both (the network's); a connections volunteer
reaches only what they wrote, so neither; quality checkers, members and
commissioners reach no incident at all (404). Only support managers
review, add and finish actions and close; only the draft's author and
support managers change a draft.
"""

from __future__ import annotations

import datetime

from tests.routes import ROLES, A, F, N, only

VIEW = ("org_admin", "support_manager", "clv", "community_enabler", "connections_volunteer")
RECORD = ("support_manager", "clv", "community_enabler", "connections_volunteer")
BOTH = ("GET", "POST")


def _object(results: dict[str, str]) -> dict[str, str]:
    """Listed roles get their result; everyone else does not reach it."""
    return {role: results.get(role, N) for role in ROLES}


SEEN = {"org_admin": A, "support_manager": A, "clv": A, "community_enabler": A}
REVIEWED = {"org_admin": F, "support_manager": A, "clv": F, "community_enabler": F}
CHANGED = {"org_admin": F, "support_manager": A, "clv": A, "community_enabler": F}

MATRIX: dict[str, dict[str, dict[str, str]]] = {
    "incidents:list": {"GET": only(*VIEW)},
    "incidents:add": {m: only(*RECORD) for m in BOTH},
    "incidents:detail": {"GET": _object(SEEN)},
    "incidents:edit": {m: _object(CHANGED) for m in BOTH},
    "incidents:review": {m: _object(REVIEWED) for m in BOTH},
    "incidents:action-add": {m: _object(REVIEWED) for m in BOTH},
    "incidents:close": {"POST": _object(REVIEWED)},
    "incidents:action-done": {"POST": _object(REVIEWED)},
    # The API
    "api-incident-list": {"GET": only(*VIEW), "POST": only(*RECORD)},
    "api-incident-detail": {"GET": _object(SEEN)},
    "api-incident-change": {"POST": _object(CHANGED)},
    "api-incident-review": {"POST": _object(REVIEWED)},
    "api-incident-add-action": {"POST": _object(REVIEWED)},
    "api-incident-action-done": {"POST": _object(REVIEWED)},
    "api-incident-close": {"POST": _object(REVIEWED)},
}


def _incident(world, *, recorded: bool):
    """Made on first use (looked up, not kept: the matrix rolls back)."""
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from casework.models import Incident
    from casework.services.incidents import IncidentDetails, incident_action_add, incident_start
    from keyring_net.actors import Actor

    what = f"Incident {'recorded' if recorded else 'draft'} {world.marker}"
    with scopes_disabled():
        incident = Incident.objects.filter(
            organisation=world.organisation, what_happened=what
        ).first()
        if incident is None:
            clv = Actor.for_user(world.clv, world.organisation.pk)
            incident = incident_start(
                actor=clv,
                details=IncidentDetails(
                    happened_at=timezone.now() - datetime.timedelta(hours=2),
                    kind="fall",
                    severity="low",
                    members=[world.member],
                    what_happened=what,
                ),
                record=recorded,
            )
            if recorded:
                manager = Actor.for_user(world.manager, world.organisation.pk)
                incident_action_add(actor=manager, incident=incident, text=f"Action {world.marker}")
    return incident


def world_incident(world) -> int:
    return _incident(world, recorded=False).pk


def world_incident_action(world) -> int:
    from django_scopes import scopes_disabled

    incident = _incident(world, recorded=True)
    with scopes_disabled():
        return incident.actions.order_by("pk").first().pk


OBJECT_KWARGS = {
    "incident_id": world_incident,
    "incident_action_id": world_incident_action,
}
