"""An organisation admin adds a cluster and a network on a 360 px phone:
the capacity warning asks for a tick, nothing typed is lost, and every page
passes axe."""

import pytest

from keyring_net.tenancy import organisation_scope
from networks.models import Cluster, Network
from tests.browser.conftest import assert_accessible, assert_fits_phone
from tests.browser.test_pages_accessible import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_sets_up_a_cluster_and_a_network_on_a_phone(browser, live_server, org_a):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    signed_in(context, live_server, org_a.admin)
    page = context.new_page()
    page.goto(f"{live_server.url}/clusters/")
    assert org_a.manager.full_name in page.content()
    assert_accessible(page)
    assert_fits_phone(page)

    page.click("main >> text=Add a cluster")
    page.fill("#id_name", "Stockport")
    page.click("button:has-text('Add the cluster')")
    page.wait_for_selector("text=Saved the cluster Stockport.")

    page.click("main >> text=Add a network")
    page.wait_for_selector("h1:has-text('Add a network')")
    assert_accessible(page)
    assert_fits_phone(page)
    page.fill("#id_name", "Edgeley")
    with organisation_scope(org_a.organisation):
        stockport = Cluster.objects.get(name="Stockport")
    page.select_option("#id_cluster", str(stockport.pk))
    page.fill("#id_capacity", "24")
    page.fill("#id_description", "Around the park")
    page.click("button:has-text('Add the network')")
    page.wait_for_selector(".govuk-error-summary")
    assert "A network usually has 9 to 20 members" in page.content()
    assert page.input_value("#id_name") == "Edgeley"
    assert page.input_value("#id_description") == "Around the park"
    assert_accessible(page)
    assert_fits_phone(page)
    page.check("#id_accept_capacity")
    page.click("button:has-text('Add the network')")
    page.wait_for_selector("h1:has-text('Edgeley')")
    assert "0 of 24 places taken." in page.content()
    with organisation_scope(org_a.organisation):
        network = Network.objects.get(name="Edgeley")
    assert (network.cluster_id, network.capacity) == (stockport.pk, 24)

    page.click("text=Change this network")
    page.wait_for_selector("h1:has-text('Change Edgeley')")
    assert_accessible(page)
    assert_fits_phone(page)
    context.close()


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("support_manager", "/networks/{network}/edit/"),
        ("org_admin", "/clusters/{cluster}/edit/"),
        ("support_manager", "/hubs/{hub}/edit/"),
    ],
)
def test_setting_up_pages_are_accessible_on_a_phone(browser, live_server, org_a, role, path):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    signed_in(context, live_server, org_a.users[role])
    page = context.new_page()
    url = path.format(
        network=org_a.network.pk, cluster=org_a.network.cluster_id, hub=org_a.records["hub"].pk
    )
    assert page.goto(f"{live_server.url}{url}").status == 200
    assert_accessible(page)
    assert_fits_phone(page)
    context.close()
