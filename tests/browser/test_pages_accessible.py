"""Every role's pages open in Chromium with no serious or critical axe
violations, at desktop width and on a 360 px phone."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from keyring_net.actors import Actor
from keyring_net.models import Role
from keyring_net.tenancy import organisation_scope
from members import login_cards
from tests.browser.conftest import assert_accessible, assert_fits_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(context, live_server, user) -> None:
    """Put a real session for ``user`` into the browser."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "domain": host,
                "path": "/",
            }
        ]
    )


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_each_roles_home_page(browser, live_server, org_a, role):
    for viewport in ({"width": 1280, "height": 900}, {"width": 360, "height": 740}):
        context = browser.new_context(viewport=viewport, locale="en-GB")
        page = context.new_page()
        signed_in(context, live_server, org_a.users[role])
        response = page.goto(f"{live_server.url}/")
        assert response.ok
        assert "/accounts/" not in page.url
        assert_accessible(page)
        if viewport["width"] == 360:
            assert_fits_phone(page)
        context.close()


PAGES = [
    ("support_manager", "/members/"),
    ("support_manager", "/members/{member}/"),
    ("clv", "/members/{member}/"),
    ("org_admin", "/organisation/people/"),
    ("org_admin", "/organisation/people/invite/"),
    ("org_admin", "/organisation/people/{clv}/"),
    ("org_admin", "/organisation/people/{manager}/trail/"),
    ("member", "/my/"),
    ("member", "/my/who-looked/"),
    ("support_manager", "/dashboard/"),
    ("support_manager", "/dashboard/reassign/"),
    ("support_manager", "/networks/"),
    ("support_manager", "/networks/{network}/"),
    ("support_manager", "/networks/{network}/homes/add/"),
    ("support_manager", "/networks/{network}/places/"),
    ("support_manager", "/networks/{network}/places/add/"),
    ("support_manager", "/networks/{network}/connections/"),
    ("support_manager", "/referrals/"),
    ("support_manager", "/referrals/new/"),
    ("support_manager", "/referrals/{referral}/"),
    ("support_manager", "/handover/"),
    ("support_manager", "/members/{member}/journey/"),
    ("support_manager", "/members/{member}/support-level/"),
    ("clv", "/contacts/new/"),
    ("clv", "/members/{member}/consents/add/"),
    ("clv", "/members/{member}/people/add/"),
    ("clv", "/members/{member}/connections/add/?kind=place"),
    ("connections_volunteer", "/networks/{network}/"),
    ("quality_checker", "/networks/{network}/places/"),
    ("org_admin", "/outcomes/"),
    ("support_manager", "/outcomes/?start=2026-06-01&end=2026-05-01"),
    ("org_admin", "/outcomes/costs/"),
    ("clv", "/members/{member}/outcomes/"),
    ("clv", "/caseload/"),
    ("support_manager", "/caseload/"),
    ("support_manager", "/search/?q=contact"),
    ("clv", "/search/?q=contact&period=week&order=relevance"),
]


@pytest.mark.parametrize(("role", "path"), PAGES)
def test_pages_are_accessible_on_a_phone(browser, live_server, org_a, role, path):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="en-GB", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    signed_in(context, live_server, org_a.users[role])
    url = path.format(
        member=org_a.member.pk,
        clv=org_a.clv.pk,
        manager=org_a.manager.pk,
        network=org_a.network.pk,
        referral=org_a.records["referral"].pk,
    )
    response = page.goto(f"{live_server.url}{url}")
    assert response.status == 200
    assert_accessible(page)
    assert_fits_phone(page)
    context.close()


def test_invite_form_errors_are_accessible(page, live_server, org_a):
    signed_in(page.context, live_server, org_a.admin)
    page.goto(f"{live_server.url}/organisation/people/invite/")
    page.fill("#id_full_name", "Nia Roberts")
    page.click("button:has-text('Send the invitation')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.input_value("#id_full_name") == "Nia Roberts"
    assert_accessible(page)


def test_a_member_signs_in_with_an_emailed_code(phone_page, live_server, org_a):
    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("text=E-mail me a sign-in code")
    assert_accessible(page)
    page.fill("input[name=email]", org_a.member_user.email)
    page.click("button[type=submit]")
    page.wait_for_url("**/login/code/confirm/")
    assert_accessible(page)
    code = re.search(r"^\s*([A-Z0-9-]{6,9})\s*$", mail.outbox[-1].body, re.M).group(1)
    page.fill("input[name=code]", code)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/my/")
    assert "Hello" in page.content()
    assert_accessible(page)
    assert_fits_phone(page)


def test_a_member_signs_in_with_a_login_card(browser, live_server, org_a):
    with organisation_scope(org_a.organisation):
        _, token = login_cards.card_issue(actor=Actor.for_user(org_a.manager), member=org_a.member)
    # The card page prints, and passes axe, for the support manager ...
    # ... and the member's phone opens the link on the card.
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/card/#{token}")
    page.wait_for_selector("button:has-text('Sign in')")
    assert_accessible(page)
    assert_fits_phone(page)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{live_server.url}/my/")
    assert f"Hello {org_a.member.preferred_name or org_a.member.full_name}" in page.content()
    assert_accessible(page)
    context.close()


def test_the_printable_card_is_accessible(page, live_server, org_a):
    signed_in(page.context, live_server, org_a.manager)
    page.goto(f"{live_server.url}/members/{org_a.member.pk}/")
    page.click("button:has-text('Print a new login card')")
    page.wait_for_selector(".app-login-card svg")
    assert_accessible(page)


def test_the_api_token_page_is_accessible(browser, live_server, org_a):
    """A manager makes a token (shown once) and sees it listed with its
    revoke button, at desktop width and on a 360 px phone."""
    for viewport in ({"width": 1280, "height": 900}, {"width": 360, "height": 740}):
        context = browser.new_context(viewport=viewport, locale="en-GB")
        signed_in(context, live_server, org_a.manager)
        page = context.new_page()
        page.goto(f"{live_server.url}/api-tokens/")
        assert_accessible(page)
        page.fill("input[name=name]", f"Reports script {viewport['width']}")
        page.click("button:has-text('Make the token')")
        page.wait_for_selector("text=Revoke")
        assert_accessible(page)
        if viewport["width"] == 360:
            assert_fits_phone(page)
        context.close()
