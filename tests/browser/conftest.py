"""Browser tests: Playwright drives Debian's Chromium; axe-core checks pages.

When Chromium is missing, these tests are skipped with one line saying why;
with KEYRING_REQUIRE_BROWSER=1 (set by .ci/run) that skip is a failure.
"""

from __future__ import annotations

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API in tests

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def _chromium_path() -> str | None:
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None
    )


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module. Not per session: Playwright's sync API
    keeps an event loop running in this thread while it is open, and Django
    refuses to call async views (such as /health/) from a thread like that,
    so it must be closed before the next module's tests run."""
    path = _chromium_path()
    if path is None:
        reason = "Chromium is not installed (apt-get install chromium): browser tests skipped."
        if os.environ.get("KEYRING_REQUIRE_BROWSER") == "1":
            pytest.fail(reason.replace("skipped", "required by KEYRING_REQUIRE_BROWSER=1"))
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    """A 360 x 740 phone, touch enabled."""
    context = browser.new_context(
        viewport=PHONE, locale="en-GB", is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core (WCAG 2.2 AA rules) on the page; return serious and
    critical violations as {id, impact, nodes} for a readable failure."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result.response["violations"]
        if v["impact"] in impacts
    ]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], violations


def assert_fits_phone(page) -> None:
    """Nothing makes the page scroll sideways at 360 px."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"page is {overflow}px wider than the phone"


def sign_in(page, live_server, email: str, password: str, totp_secret: str | None = None) -> None:
    """Sign in through the real pages; with ``totp_secret``, also answer the
    two-step code page as an authenticator app would."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    if totp_secret:
        from keyring_net.two_step import current_code

        page.wait_for_url("**/2fa/authenticate/")
        page.fill("input[name=code]", current_code(totp_secret))
        page.click("button[type=submit]")
