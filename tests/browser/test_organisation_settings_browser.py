"""The organisation settings page on a 360 px phone: it fits, passes axe,
and a value out of its limits is said next to the field with what was
typed kept."""

import pytest
from playwright.sync_api import expect

from keyring_net.models import Organisation
from tests.browser.conftest import assert_accessible, assert_fits_phone
from tests.browser.test_pages_accessible import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_settings_page_works_on_a_phone(phone_page, live_server, org_a):
    page = phone_page
    signed_in(page.context, live_server, org_a.admin)
    response = page.goto(f"{live_server.url}/organisation/settings/")
    assert response.status == 200
    assert_accessible(page)
    assert_fits_phone(page)

    page.fill("#id_contact_gap_days", "200")
    page.fill("#id_out_of_hours_phone", "0161 496 0999")
    page.click("button:has-text('Save the settings')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#id_contact_gap_days-error")).to_contain_text(
        "Enter a whole number between 1 and 90 days."
    )
    assert page.input_value("#id_contact_gap_days") == "200"
    assert page.input_value("#id_out_of_hours_phone") == "0161 496 0999"
    assert_accessible(page)
    assert_fits_phone(page)

    page.fill("#id_contact_gap_days", "21")
    page.click("button:has-text('Save the settings')")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The organisation's settings are saved."
    )
    organisation = Organisation.objects.get(pk=org_a.organisation.pk)
    assert organisation.contact_gap_days == 21
    assert organisation.out_of_hours_phone == "0161 496 0999"
