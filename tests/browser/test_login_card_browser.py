"""A member signs in with a login card on a phone, and the card's code never
appears in an address the browser asks the server for: not in a path, not
in a query, not in a Referer. With JavaScript the page reads the code from
after "#" (which browsers never send); without it the member types it."""

from urllib.parse import urlsplit

import pytest

from keyring_net.actors import Actor
from keyring_net.tenancy import organisation_scope
from members import login_cards
from tests.browser.conftest import assert_accessible, assert_easy_read, assert_fits_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone(browser, **options):
    return browser.new_context(
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
        **options,
    )


def issue(world) -> str:
    with organisation_scope(world.organisation):
        _, token = login_cards.card_issue(actor=Actor.for_user(world.manager), member=world.member)
    return token


def record_requests(page) -> list:
    requests = []
    page.on("request", lambda request: requests.append(request))
    return requests


def assert_code_never_sent_in_an_address(requests, token: str) -> None:
    assert requests, "no requests recorded"
    for request in requests:
        parts = urlsplit(request.url)
        assert token not in parts.path and token not in parts.query, request.url
        assert token not in (request.headers.get("referer") or ""), request.url


def test_scanning_the_card_signs_in_without_the_code_in_any_address(browser, live_server, org_a):
    token = issue(org_a)
    context = phone(browser)
    page = context.new_page()
    requests = record_requests(page)
    page.goto(f"{live_server.url}/card/#{token}")  # what the QR code holds
    page.wait_for_selector("text=Tap the green button to sign in.")
    assert page.url == f"{live_server.url}/card/"  # gone from the address bar
    assert token not in page.evaluate("location.href")
    assert_easy_read(page)
    assert_accessible(page)
    assert_fits_phone(page)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{live_server.url}/my/")
    assert f"Hello {org_a.member.preferred_name or org_a.member.full_name}" in page.content()
    posts = [r for r in requests if r.method == "POST"]
    assert [urlsplit(r.url).path for r in posts] == ["/card/", "/card/"]
    assert_code_never_sent_in_an_address(requests, token)
    assert "messages" not in {cookie["name"] for cookie in context.cookies()}
    context.close()


def test_without_javascript_the_member_types_the_code(browser, live_server, org_a):
    token = issue(org_a)
    context = phone(browser, java_script_enabled=False)
    page = context.new_page()
    requests = record_requests(page)
    page.goto(f"{live_server.url}/card/")
    assert_easy_read(page)
    assert_fits_phone(page)
    page.click("button:has-text('Next')")  # nothing typed yet
    assert page.locator("#id_code-error").inner_text().endswith("Type the code from your card.")
    page.fill("#id_code", login_cards.code_for_print(token).lower())
    page.click("button:has-text('Next')")
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{live_server.url}/my/")
    assert_code_never_sent_in_an_address(requests, token)
    context.close()


def test_a_card_that_does_not_work_says_so_in_easy_read(browser, live_server, org_a):
    context = phone(browser)
    page = context.new_page()
    page.goto(f"{live_server.url}/card/")
    assert_accessible(page)
    # "Skip to main content" changes only the part after "#": not a code.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.url == f"{live_server.url}/card/#main-content"
    page.wait_for_timeout(300)
    assert page.locator("h1").inner_text() == "Sign in with your login card"
    assert page.locator("#id_code-error").count() == 0
    page.fill("#id_code", "ABCDE-FGHJK-MNPQR-STUVW")
    page.click("button:has-text('Next')")
    page.wait_for_selector("text=This login card does not work any more.")
    assert_easy_read(page)
    assert_accessible(page)
    assert_fits_phone(page)
    context.close()
