"""Security headers and cookie flags hold on every route."""

import pytest
from django.test import override_settings

from tests.routes import MATRIX, A, matrix_routes

pytestmark = pytest.mark.django_db

PRODUCTION_COOKIES = {
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SESSION_COOKIE_NAME": "__Host-sessionid",
    "CSRF_COOKIE_NAME": "__Host-csrftoken",
    "SECURE_HSTS_SECONDS": 31536000,
}

GET_ROUTES = [r for r in matrix_routes() if "GET" in MATRIX[r.name]]
# Routes that answer 200 only when asked something (the API's search needs
# its words: without them it is a 400, which says so).
QUERIES = {"api-search": "?q=boiler"}


def allowed_roles(route) -> list[str]:
    return [role for role, result in MATRIX[route.name]["GET"].items() if result == A]


def assert_secure_headers(response, signed_in: bool) -> None:
    csp = response["Content-Security-Policy"]
    directives = dict(
        [*part.split(" ", 1), ""][:2] for part in (p.strip() for p in csp.split(";")) if part
    )
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    if signed_in:
        assert "no-store" in response["Cache-Control"]


@override_settings(**PRODUCTION_COOKIES)
@pytest.mark.parametrize("route", GET_ROUTES, ids=lambda r: r.name)
def test_headers_on_every_signed_in_route(client, org_a, route):
    for role in allowed_roles(route):  # the first role that sees the page itself
        client.force_login(org_a.users[role])
        response = client.get(route.path(org_a) + QUERIES.get(route.name, ""), secure=True)
        if response.status_code in (200, 204):  # 204: a polled part with nothing new
            break
    assert response.status_code in (200, 204), route.name
    assert_secure_headers(response, signed_in=True)


@override_settings(**PRODUCTION_COOKIES)
@pytest.mark.parametrize("path", ["/accounts/login/", "/health/", "/accounts/login/code/"])
def test_headers_on_public_pages(client, path):
    assert_secure_headers(client.get(path, secure=True), signed_in=False)


@override_settings(**PRODUCTION_COOKIES)
def test_cookies_are_secure_and_http_only(client, org_a):
    from tests.factories import TEST_PASSWORD

    page = client.get("/accounts/login/", secure=True)
    csrf = page.cookies["__Host-csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    response = client.post(
        "/accounts/login/",
        {"login": org_a.member_user.email, "password": TEST_PASSWORD},
        secure=True,
    )
    session = response.cookies["__Host-sessionid"]
    assert session["secure"] and session["httponly"] and session["path"] == "/"
    assert session["samesite"] == "Lax"
