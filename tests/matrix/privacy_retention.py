"""Role matrix for legal holds (retention, privacy app).

The organisation's admin (its data protection lead) and support managers
manage holds. The world's hold is on the world's member: the admin reaches
every member for holds, the support manager reaches the member through
their cluster; the member's CLV, enabler, connections volunteer and the
member themselves reach the member but may not lift holds (403); quality
checkers and commissioners reach no member (404)."""

from __future__ import annotations

from tests.routes import ROLES, A, F, N, only

HOLDERS = ("org_admin", "support_manager")
REACH_MEMBER = ("clv", "community_enabler", "connections_volunteer", "member")


def _hold_route() -> dict[str, str]:
    return {role: A if role in HOLDERS else F if role in REACH_MEMBER else N for role in ROLES}


MATRIX = {
    "privacy:holds": {m: only(*HOLDERS) for m in ("GET", "POST")},
    "privacy:hold-lift": {m: _hold_route() for m in ("GET", "POST")},
}


def world_hold(world):
    """A legal hold on the world's member, set by its admin."""
    from django_scopes import scopes_disabled

    from privacy.models import LegalHold

    with scopes_disabled():
        hold, _ = LegalHold.objects.get_or_create(
            organisation=world.organisation,
            member=world.member,
            lifted_at=None,
            defaults={"reason": f"A claim {world.marker}", "set_by": world.admin},
        )
        return hold


OBJECT_KWARGS = {"hold_id": lambda world: world_hold(world).pk}
