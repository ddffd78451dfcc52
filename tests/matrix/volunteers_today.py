"""Role matrix for today (the phone view) and lone working.

The world's check-in is its CLV's (open, finishing in an hour) and its
alert is the support-manager alert on it. Only the CLV reaches the check-in
as a worker (own check-ins only); the support manager reaches it as the
manager of its network, may read it and acknowledge its alert, but may not
check out for the CLV.
"""

from __future__ import annotations

import datetime

from tests.routes import ROLES, A, F, N, only

WORKERS = ["clv", "community_enabler", "connections_volunteer"]
LONE_WORKERS = ["clv", "community_enabler"]


def _object(results: dict[str, str]) -> dict[str, str]:
    """Listed roles get their result; everyone else does not reach it."""
    return {role: results.get(role, N) for role in ROLES}


MATRIX: dict[str, dict[str, dict[str, str]]] = {
    "volunteers_today:today": {"GET": only(*WORKERS)},
    "volunteers_today:check-in": {"POST": only(*LONE_WORKERS)},
    "volunteers_today:check-out": {"POST": _object({"clv": A, "support_manager": F})},
    "volunteers_today:alerts": {"GET": only("support_manager")},
    "volunteers_today:alert-acknowledge": {"POST": _object({"support_manager": A, "clv": F})},
    "volunteers_today:alert-resolve": {
        m: _object({"support_manager": A, "clv": F}) for m in ("GET", "POST")
    },
    "api-lone-working-list": {
        "GET": only(*LONE_WORKERS, "support_manager"),
        "POST": only(*LONE_WORKERS),
    },
    "api-lone-working-detail": {"GET": _object({"clv": A, "support_manager": A})},
    "api-lone-working-check-out": {"POST": _object({"clv": A, "support_manager": F})},
}


def world_lone_working(world):
    """The world CLV's open check-in, made on first use: one in every world
    would change what other tests count."""
    from django.utils import timezone

    from keyring_net.tenancy import organisation_scope
    from volunteers.models import LoneWorkingSession

    with organisation_scope(world.organisation):
        session = LoneWorkingSession.objects.filter(worker=world.clv).first()
        if session is None:
            now = timezone.now()
            session = LoneWorkingSession.objects.create(
                organisation=world.organisation,
                worker=world.clv,
                member=world.member,
                started_at=now - datetime.timedelta(minutes=10),
                expected_end_at=now + datetime.timedelta(hours=1),
            )
    return session


def world_lone_alert(world):
    from keyring_net.tenancy import organisation_scope
    from volunteers.models import LoneWorkingAlert

    session = world_lone_working(world)
    with organisation_scope(world.organisation):
        alert, _ = LoneWorkingAlert.objects.get_or_create(
            organisation=world.organisation,
            session=session,
            level=LoneWorkingAlert.Level.MANAGER,
            defaults={"recipients": world.manager.email},
        )
    return alert


OBJECT_KWARGS = {
    "lone_working_id": lambda world: world_lone_working(world).pk,
    "lone_alert_id": lambda world: world_lone_alert(world).pk,
}
