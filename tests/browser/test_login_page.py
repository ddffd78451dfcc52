import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_fits_phone, sign_in
from tests.conftest import TEST_TOTP_SECRET
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_has_no_serious_accessibility_problems(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.title().startswith("Sign in")
    assert_accessible(page)


def test_login_page_works_on_a_phone(phone_page, live_server):
    phone_page.goto(f"{live_server.url}/accounts/login/")
    assert_fits_phone(phone_page)
    assert_accessible(phone_page)
    # The skip link is the first thing a keyboard reaches.
    phone_page.keyboard.press("Tab")
    assert phone_page.evaluate("document.activeElement.textContent") == "Skip to main content"


def test_bad_password_keeps_the_email_and_says_why(page, live_server, org_a):
    sign_in(page, live_server, org_a.manager.email, "not-the-password")
    assert page.input_value("input[name=login]") == org_a.manager.email
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)


def test_staff_sign_in_with_two_steps_and_reach_the_home_page(page, live_server, org_a):
    sign_in(page, live_server, org_a.clv.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page.wait_for_url(f"{live_server.url}/")
    assert org_a.organisation.name in page.content()
    assert_accessible(page)
