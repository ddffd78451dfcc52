"""Member-facing pages follow the easy-read rules, on a phone, and read aloud."""

import pytest

from keyring_net.actors import Actor
from keyring_net.tenancy import organisation_scope
from members import login_cards
from tests.browser.conftest import (
    assert_accessible,
    assert_easy_read,
    assert_fits_phone,
    with_fake_voice,
)
from tests.browser.test_pages_accessible import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone(browser):
    return browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="en-GB"
    )


# Every page a member opens in their own login (the PDF is checked in
# tests/test_support_plan_pages.py).
EASY_READ_PAGES = [
    "/my/",
    "/my/who-looked/",
    "/my/plan/",
    "/my/surveys/",
    "/my/appointments/",
    "/my/worried/",
    "/my/worried/thanks/",
    "/notifications/",
    "/notifications/preferences/",
    "/my/records/",
    "/my/records/ask/",
    "/privacy-notice/",
]


def test_every_members_own_page_is_checked_here():
    from django.urls import reverse

    from tests.routes import MATRIX, matrix_routes, only

    members_pages = {
        reverse(route.name)
        for route in matrix_routes()
        if not route.kwargs and MATRIX[route.name].get("GET") == only("member")
    }
    assert {path for path in members_pages if not path.endswith(".pdf")} <= set(EASY_READ_PAGES)


@pytest.mark.parametrize("needs", [[], ["large_print", "read_aloud", "supporter"]], ids=str)
@pytest.mark.parametrize("path", EASY_READ_PAGES)
def test_member_pages_are_easy_read(browser, live_server, org_a, client, path, needs):
    from members.models import Member

    with organisation_scope(org_a.organisation):
        Member.objects.filter(pk=org_a.member.pk).update(communication_needs=needs)
    client.force_login(org_a.manager)
    client.get(f"/members/{org_a.member.pk}/")  # so someone has looked
    context = phone(browser)
    page = context.new_page()
    signed_in(context, live_server, org_a.member_user)
    page.goto(f"{live_server.url}{path}")
    assert_easy_read(page)
    assert_accessible(page)
    assert_fits_phone(page)
    context.close()


def test_login_card_pages_are_easy_read(browser, live_server, org_a):
    with organisation_scope(org_a.organisation):
        _, token = login_cards.card_issue(actor=Actor.for_user(org_a.manager), member=org_a.member)
    context = phone(browser)
    page = context.new_page()
    page.goto(f"{live_server.url}/card/")
    assert_easy_read(page)
    page.goto(f"{live_server.url}/card/#{token}")
    page.wait_for_selector("button:has-text('Sign in')")
    assert_easy_read(page)
    page.goto("about:blank")  # else only the part after "#" changes: no new page
    page.goto(f"{live_server.url}/card/#ABCDE-FGHJK-MNPQR-STUVW")  # no such card
    page.wait_for_selector("text=This login card does not work any more.")
    assert_easy_read(page)
    assert_accessible(page)
    context.close()


def test_read_aloud_says_each_idea_in_british_english(browser, live_server, org_a):
    context = phone(browser)
    with_fake_voice(context)
    page = context.new_page()
    signed_in(context, live_server, org_a.member_user)
    page.goto(f"{live_server.url}/my/")
    buttons = page.locator(".app-read-aloud")
    assert buttons.count() == page.locator(".easy-read__row").count()
    buttons.first.click()
    spoken = page.evaluate("window.__spoken")
    assert spoken == [{"text": "Your network is Network marker-org-a.", "lang": "en-GB"}]
    assert_accessible(page)
    context.close()


def test_no_voice_means_no_read_aloud_buttons(browser, live_server, org_a):
    context = phone(browser)  # headless Chromium: no voices at all
    page = context.new_page()
    signed_in(context, live_server, org_a.member_user)
    page.goto(f"{live_server.url}/my/")
    assert page.locator(".easy-read__row").count() > 0
    assert page.locator(".app-read-aloud").count() == 0
    context.close()
