"""Every URL the product serves, and who may use it: the role matrix, as data.

``MATRIX[route][method][role]`` is what a person in that role, in the
object's own organisation, gets: ``A`` allowed, ``F`` forbidden (403, role
too low) or ``N`` not found (404, out of reach). Routes that are not the
product's own tenant pages (sign-in pages from django-allauth, the Django
admin, the calibration views) are listed in ``OTHER_ROUTES`` with their rule.

``tests/test_isolation.py`` walks the URL resolver and fails when a route
has no entry, so a new page cannot arrive unguarded; it then checks every
entry for every role, and every object route with another organisation's
objects (always 404).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from keyring_net.models import Role

A, F, N = "allowed", "forbidden", "not found"
ROLES = [role.value for role in Role]

# Rules for routes outside the matrix
PUBLIC = "public"  # anyone (health, sign-in pages, login-card page)
ACCOUNT = "account"  # django-allauth's own pages for the signed-in person
PLATFORM_STAFF = "platform_staff"  # Django admin
BENCH = "bench"  # calibration views: 404 unless BENCH_VIEWS is on


def only(*roles: str, otherwise: str = F) -> dict[str, str]:
    """``A`` for the roles named, ``otherwise`` for the rest."""
    return {role: (A if role in roles else otherwise) for role in ROLES}


def everyone(result: str = A) -> dict[str, str]:
    return dict.fromkeys(ROLES, result)


STAFF = [
    "org_admin",
    "support_manager",
    "clv",
    "community_enabler",
    "connections_volunteer",
    "quality_checker",
]
CARE = ["support_manager", "clv", "community_enabler"]
SEES_MEMBERS = [*CARE, "connections_volunteer"]


def member_object(allowed: list[str]) -> dict[str, str]:
    """For a route about one member: the roles that reach the member get
    ``A`` if listed, else 403; the rest do not reach it at all (404)."""
    reach = [*SEES_MEMBERS, "member"]
    return {role: (A if role in allowed else F) if role in reach else N for role in ROLES}


PLACES = [*CARE, "connections_volunteer"]


def network_object(allowed: list[str]) -> dict[str, str]:
    """For a route about one network (or its hub or place): staff reach it
    (403 if their role is too low); members and commissioners do not (404)."""
    return {role: (A if role in allowed else F) if role in STAFF else N for role in ROLES}


def home_object(allowed: list[str]) -> dict[str, str]:
    """Home addresses are reached only by roles that may see addresses."""
    return {role: (A if role in allowed else F) if role in CARE else N for role in ROLES}


MATRIX: dict[str, dict[str, dict[str, str]]] = {
    "home": {"GET": everyone()},
    "switch-organisation": {"POST": everyone(N)},  # no role in org B: "not found"
    "members:list": {"GET": only(*SEES_MEMBERS)},
    "members:detail": {"GET": member_object(SEES_MEMBERS)},
    "members:login-card-issue": {"POST": member_object(["support_manager"])},
    "members:login-card-revoke": {"POST": member_object(["support_manager"])},
    "members:my-home": {"GET": only("member")},
    "members:my-record-views": {"GET": only("member")},
    "people:list": {"GET": only("org_admin")},
    "people:invite": {"GET": only("org_admin"), "POST": only("org_admin")},
    # A person of the same organisation: admins only (403 for the rest).
    "people:detail": {"GET": only("org_admin"), "POST": only("org_admin")},
    "people:trail": {"GET": only("org_admin")},
    "people:deactivate": {"POST": only("org_admin")},
    "people:role-end": {"POST": only("org_admin")},
    # Networks
    "networks:list": {"GET": only(*STAFF)},
    "networks:detail": {"GET": network_object(STAFF)},
    "networks:map": {"GET": network_object(CARE)},
    "networks:home-add": {m: network_object(["support_manager"]) for m in ("GET", "POST")},
    "networks:home-edit": {m: home_object(["support_manager"]) for m in ("GET", "POST")},
    "networks:places": {"GET": network_object(STAFF)},
    "networks:place-add": {m: network_object(PLACES) for m in ("GET", "POST")},
    "networks:place-edit": {m: network_object(PLACES) for m in ("GET", "POST")},
    "networks:hub-add": {m: network_object(PLACES) for m in ("GET", "POST")},
    "networks:event-add": {m: network_object(PLACES) for m in ("GET", "POST")},
    # Dashboards: pages that compose several apps
    "dashboards:dashboard": {"GET": only("support_manager")},
    "dashboards:reassign": {"GET": only("support_manager"), "POST": only("support_manager")},
    "dashboards:connections": {"GET": network_object(SEES_MEMBERS)},
    # A member's journey, consent, people, connections
    "members:status": {m: member_object(["support_manager"]) for m in ("GET", "POST")},
    "members:support-level": {m: member_object(["support_manager"]) for m in ("GET", "POST")},
    "members:details": {m: member_object(["support_manager"]) for m in ("GET", "POST")},
    "members:consent-add": {m: member_object(CARE) for m in ("GET", "POST")},
    "members:communication-needs": {m: member_object(CARE) for m in ("GET", "POST")},
    "members:consent-withdraw": {"POST": member_object(CARE)},
    "members:person-add": {m: member_object(CARE) for m in ("GET", "POST")},
    "members:connection-add": {m: member_object(CARE) for m in ("GET", "POST")},
    # Referrals: only managers reach them at all
    "members:referrals": {"GET": only("support_manager")},
    "members:referral-add": {m: only("support_manager") for m in ("GET", "POST")},
    "members:referral-detail": {m: only("support_manager", otherwise=N) for m in ("GET", "POST")},
    # Contacts
    "members:contact-add": {m: only(*CARE) for m in ("GET", "POST")},
    "members:contact-edit": {m: member_object(CARE) for m in ("GET", "POST")},
    "members:contact-correct": {m: member_object(CARE) for m in ("GET", "POST")},
    "members:handover": {"GET": only("support_manager")},
    "members:handover-done": {"POST": member_object(["support_manager"])},
    "api-me": {"GET": everyone()},
    "api-member-list": {"GET": only(*SEES_MEMBERS)},
    "api-member-detail": {"GET": member_object(SEES_MEMBERS)},
    "api-member-details": {"POST": member_object(["support_manager"])},
    # Admins add networks; admins and the cluster's support managers change them.
    "api-network-list": {"GET": only(*STAFF), "POST": only("org_admin")},
    "api-network-detail": {
        "GET": network_object(STAFF),
        **{m: network_object(["org_admin", "support_manager"]) for m in ("PUT", "PATCH")},
    },
    "api-home-list": {"GET": only(*CARE), "POST": only("support_manager")},
    "api-home-detail": {
        "GET": home_object(CARE),
        **{m: home_object(["support_manager"]) for m in ("PUT", "PATCH")},
    },
    # Referrals: only managers reach them at all
    "api-referral-list": {m: only("support_manager") for m in ("GET", "POST")},
    "api-referral-detail": {"GET": only("support_manager", otherwise=N)},
    "api-referral-decide": {"POST": only("support_manager", otherwise=N)},
    "api-contact-list": {m: only(*CARE) for m in ("GET", "POST")},
    # Only its author changes a contact (for 24 hours): the world's contact
    # was logged by its CLV, so the other care roles are refused.
    "api-contact-detail": {
        "GET": member_object(CARE),
        **{m: member_object(["clv"]) for m in ("PUT", "PATCH")},
    },
    "api-connection-list": {"GET": only(*SEES_MEMBERS), "POST": only(*CARE)},
    "api-connection-detail": {"GET": member_object(SEES_MEMBERS)},
    "api-community-asset-list": {"GET": only(*STAFF), "POST": only(*PLACES)},
    "api-community-asset-detail": {
        "GET": network_object(STAFF),
        **{m: network_object(PLACES) for m in ("PUT", "PATCH")},
    },
}

OTHER_ROUTES: dict[str, str] = {
    "health": PUBLIC,
    "login-card": PUBLIC,  # the card's code, sent by POST, is the credential
    "login-card-old-link": PUBLIC,  # says an old card does not work
    "privacy:notice": PUBLIC,  # the privacy notice: the same for everyone
    "api-schema": ACCOUNT,
    "api-docs": ACCOUNT,
    "bench-trivial": BENCH,
    "bench-one-query": BENCH,
    "bench-table": BENCH,
    "admin:login": PUBLIC,
    "admin:logout": PUBLIC,
    "admin:*": PLATFORM_STAFF,
    "account_*": ACCOUNT,
    "mfa_*": ACCOUNT,
    "usersessions_*": ACCOUNT,
}

# How to fill each URL argument with an organisation's object.
OBJECT_KWARGS: dict[str, Callable] = {
    "member_id": lambda world: world.member.pk,
    "person_id": lambda world: world.clv.pk,
    "assignment_id": lambda world: world.clv_assignment.pk,
    "card_id": lambda world: world.login_card.pk,
    "network_id": lambda world: world.network.pk,
    "home_id": lambda world: world.member.home_id,
    "asset_id": lambda world: world.records["asset"].pk,
    "hub_id": lambda world: world.records["hub"].pk,
    "referral_id": lambda world: world.records["referral"].pk,
    "contact_id": lambda world: world.records["contact"].pk,
    "consent_id": lambda world: world.records["consent"].pk,
    "connection_id": lambda world: world_connection(world),
}


def world_connection(world) -> str:
    """The API id of the world member's link with its community place, made
    on first use: a link in every world would change what other tests count."""
    from keyring_net.tenancy import organisation_scope
    from members.models import CommunityConnection

    with organisation_scope(world.organisation):
        connection, _ = CommunityConnection.objects.get_or_create(
            organisation=world.organisation,
            member=world.member,
            asset=world.records["asset"],
            defaults={"started_on": world.records["referral"].referred_on},
        )
    return f"community-{connection.pk}"


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    kwargs: tuple[str, ...]

    def path(self, world) -> str:
        from django.urls import reverse

        values = {kwarg: OBJECT_KWARGS[kwarg](world) for kwarg in self.kwargs}
        return reverse(self.name, kwargs=values)


def all_routes() -> list[Route]:
    routes: list[Route] = []

    def walk(patterns, prefix: str, namespace: str, kwargs: tuple[str, ...]) -> None:
        # An include's own arguments (people/<int:person_id>/...) come first.
        for entry in patterns:
            here = kwargs + tuple(entry.pattern.regex.groupindex)
            if isinstance(entry, URLResolver):
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, prefix + str(entry.pattern), ns, here)
            elif isinstance(entry, URLPattern):
                pattern = prefix + str(entry.pattern)
                name = f"{namespace}{entry.name or f'<unnamed {pattern}>'}"
                routes.append(Route(name, pattern, here))

    walk(get_resolver().url_patterns, "/", "", ())
    return routes


def other_rule(name: str) -> str | None:
    if name in OTHER_ROUTES:
        return OTHER_ROUTES[name]
    for key, rule in OTHER_ROUTES.items():
        if key.endswith("*") and name.startswith(key[:-1]):
            return rule
    return None


def matrix_routes() -> list[Route]:
    return [r for r in all_routes() if r.name in MATRIX]


def _merge_area_matrices() -> None:
    """Areas keep their entries in ``tests/matrix/<area>.py`` (each with
    ``MATRIX`` and ``OBJECT_KWARGS``), merged here; a route in two files is
    an error."""
    import importlib
    import pkgutil

    import tests.matrix as areas

    for info in pkgutil.iter_modules(areas.__path__):
        module = importlib.import_module(f"tests.matrix.{info.name}")
        for name, entry in module.MATRIX.items():
            assert name not in MATRIX, f"{name} is in the role matrix twice"
            MATRIX[name] = entry
        for kwarg, source in module.OBJECT_KWARGS.items():
            assert kwarg not in OBJECT_KWARGS, f"URL argument {kwarg} has two sources"
            OBJECT_KWARGS[kwarg] = source


_merge_area_matrices()
