"""Every URL the product serves, and the rule each one follows.

``ROUTE_RULES`` is data: a route's name (or a namespace / prefix ending in
``*``) -> its access rule. ``test_routes.py`` walks the URL resolver and
fails when a route has no rule, so a new page cannot arrive unguarded.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Access rules
PUBLIC = "public"  # anyone, signed in or not (health, sign-in pages)
SIGNED_IN = "signed_in"  # any signed-in person; anonymous -> sign-in page
API = "api"  # DRF: 401 without credentials
PLATFORM_STAFF = "platform_staff"  # Django admin, platform staff only
BENCH = "bench"  # calibration views: 404 unless BENCH_VIEWS is on

ROUTE_RULES: dict[str, str] = {
    "home": SIGNED_IN,
    "switch-organisation": SIGNED_IN,
    "health": PUBLIC,
    "api-me": API,
    "api-schema": API,
    "api-docs": API,
    "bench-trivial": BENCH,
    "bench-one-query": BENCH,
    "bench-table": BENCH,
    "admin:login": PUBLIC,
    "admin:logout": PUBLIC,
    "admin:*": PLATFORM_STAFF,
    # django-allauth's account pages: sign in, codes, reset, MFA. Signed-in
    # account management pages redirect anonymous people to sign in.
    "account_*": PUBLIC,
    "mfa_*": PUBLIC,
}


@dataclass(frozen=True)
class Route:
    name: str
    path: str
    has_args: bool


def all_routes() -> list[Route]:
    routes: list[Route] = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}{entry.namespace}:"
                walk(entry.url_patterns, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                path = prefix + str(entry.pattern)
                name = f"{namespace}{entry.name}" if entry.name else f"{namespace}<unnamed {path}>"
                has_args = "<" in path or "(?P" in path
                routes.append(Route(name, path, has_args))

    walk(get_resolver().url_patterns, "/", "")
    return routes


def rule_for(name: str) -> str | None:
    if name in ROUTE_RULES:
        return ROUTE_RULES[name]
    for key, rule in ROUTE_RULES.items():
        if key.endswith("*") and name.startswith(key[:-1]):
            return rule
    return None
