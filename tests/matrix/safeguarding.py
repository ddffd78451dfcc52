"""Role matrix entries for safeguarding concerns, the organisation's leads
and a member's "I am worried".

The world's concern was raised by its CLV about its member, and the world
has no safeguarding lead: its audience is the CLV (who raised it) and the
support manager of the member's cluster. To everyone else (the admin who
is not a lead, enablers and connections volunteers of the same network,
quality checkers, the member, commissioners) it does not exist: 404 on
every route. The CLV reads it and adds to its timeline; the lead's forms
(wishes, triage, refer, close) are 403 for them."""

from __future__ import annotations

from tests.routes import only

RAISERS = ("org_admin", "support_manager", "clv", "community_enabler", "connections_volunteer")
AUDIENCE = ("clv", "support_manager")


def _audience(handling: bool) -> dict:
    """The audience may (the CLV only reads and adds actions); the rest: 404."""
    by_role = only(*AUDIENCE, otherwise="not found")
    if handling:
        by_role["clv"] = "forbidden"
    return by_role


MATRIX = {
    "safeguarding:list": {"GET": only(*RAISERS)},
    "safeguarding:raise": {m: only(*RAISERS) for m in ("GET", "POST")},
    "safeguarding:detail": {"GET": _audience(False)},
    "safeguarding:action": {m: _audience(False) for m in ("GET", "POST")},
    **{
        f"safeguarding:{step}": {m: _audience(True) for m in ("GET", "POST")}
        for step in ("wishes", "triage", "refer", "close")
    },
    "safeguarding:leads": {m: only("org_admin") for m in ("GET", "POST")},
    "safeguarding:lead-end": {"POST": only("org_admin")},
    "safeguarding:my-worried": {m: only("member") for m in ("GET", "POST")},
    "safeguarding:my-thanks": {"GET": only("member")},
    "api-safeguarding-concern-list": {m: only(*RAISERS) for m in ("GET", "POST")},
    "api-safeguarding-concern-detail": {"GET": _audience(False)},
    "api-safeguarding-concern-actions": {"POST": _audience(False)},
    **{
        f"api-safeguarding-concern-{step}": {"POST": _audience(True)}
        for step in ("wishes", "triage", "refer", "close")
    },
    "api-safeguarding-lead-list": {m: only("org_admin") for m in ("GET", "POST")},
    "api-safeguarding-lead-detail": {"GET": only("org_admin", otherwise="not found")},
    "api-safeguarding-lead-end": {"POST": only("org_admin", otherwise="not found")},
}


def world_concern(world):
    """A concern the world's CLV raised about the world's member."""
    from django_scopes import scopes_disabled

    from casework.models import SafeguardingConcern

    with scopes_disabled():
        concern, _ = SafeguardingConcern.objects.get_or_create(
            organisation=world.organisation,
            member=world.member,
            raised_by=world.clv,
            defaults={
                "what_happened": f"Concern {world.marker}",
                "done_at_once": "Told the support manager.",
                "urgency": SafeguardingConcern.Urgency.TODAY,
            },
        )
        return concern


def world_lead(world):
    """The world's support manager, named a safeguarding lead (already in
    the concern's audience, so the lead changes nobody's reach)."""
    from django_scopes import scopes_disabled

    from casework.models import SafeguardingLead

    with scopes_disabled():
        lead, _ = SafeguardingLead.objects.get_or_create(
            organisation=world.organisation, person=world.manager, ended_at=None
        )
        return lead


OBJECT_KWARGS = {
    "concern_id": lambda world: world_concern(world).pk,
    "lead_id": lambda world: world_lead(world).pk,
}
