"""Search in Chromium on a 360 px phone: a support manager finds who
mentioned the boiler, narrows it to contact notes of last days, and opens
a result; the page passes axe-core and fits the phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, assert_accessible, assert_fits_phone
from tests.browser.test_pages_accessible import signed_in
from tests.test_search import boiler_records

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_searches_from_the_menu_on_a_phone(browser, live_server, org_a, org_b):
    records = boiler_records(org_a)
    boiler_records(org_b)
    context = browser.new_context(
        viewport=PHONE, locale="en-GB", is_mobile=True, has_touch=True, device_scale_factor=2
    )
    signed_in(context, live_server, org_a.manager)
    page = context.new_page()

    page.goto(f"{live_server.url}/search/")
    expect(page.locator("h1", has_text="Search records")).to_be_visible()
    assert_accessible(page)
    assert_fits_phone(page)

    page.fill("#id_q", "boiler")
    page.click("button:has-text('Search')")
    expect(page.locator("[role=status]")).to_contain_text("7 records found")
    expect(page.locator("mark", has_text="boiler").first).to_be_visible()
    assert org_b.marker not in page.content()
    assert_accessible(page)
    assert_fits_phone(page)

    page.locator("summary", has_text="Narrow the search").click()
    page.select_option("#id_kind", "contact")
    page.select_option("#id_period", "week")
    page.click("button:has-text('Search')")
    expect(page.locator("[role=status]")).to_contain_text("1 record found")
    assert_accessible(page)
    assert_fits_phone(page)

    page.locator(".app-search-result a").first.click()
    page.wait_for_url(f"{live_server.url}/members/{records['contact'].member_id}/")
    context.close()
