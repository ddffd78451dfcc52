"""An organisation admin invites a volunteer on a 360 px phone: each role says
what it lets the person do, a missing network is said next to its field,
and nothing typed is lost."""

import pytest
from playwright.sync_api import expect

from keyring_net.models import RoleAssignment, User
from keyring_net.tenancy import organisation_scope
from tests.browser.conftest import PHONE, assert_accessible, assert_fits_phone
from tests.browser.test_pages_accessible import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_inviting_a_connections_volunteer_on_a_phone(browser, live_server, org_a):
    context = browser.new_context(
        viewport=PHONE, locale="en-GB", is_mobile=True, has_touch=True, device_scale_factor=2
    )
    signed_in(context, live_server, org_a.admin)
    page = context.new_page()
    page.goto(f"{live_server.url}/organisation/people/invite/")
    assert "links the members of one network with local places" in page.content()
    assert_accessible(page)
    assert_fits_phone(page)

    page.fill("#id_full_name", "Kai Lee")
    page.fill("#id_email", "kai@example.org")
    page.check("input[name=role][value=connections_volunteer]")
    page.click("button:has-text('Send the invitation')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert "Choose the network this person works in." in page.content()
    assert page.input_value("#id_full_name") == "Kai Lee"
    assert page.is_checked("input[name=role][value=connections_volunteer]")
    assert_accessible(page)
    assert_fits_phone(page)

    page.select_option("#id_network", str(org_a.network.pk))
    page.click("button:has-text('Send the invitation')")
    page.wait_for_url("**/organisation/people/*/")
    assert "We have e-mailed kai@example.org an invitation." in page.content()
    assert "Community connections volunteer" in page.content()
    assert_accessible(page)
    assert_fits_phone(page)
    person = User.objects.get(email="kai@example.org")
    with organisation_scope(org_a.organisation):
        [role] = RoleAssignment.objects.filter(user=person)
    assert (role.role, role.network_id) == ("connections_volunteer", org_a.network.pk)
    context.close()
