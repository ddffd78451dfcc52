"""The support manager's dashboard, a network page, its map and the referral
pipeline in Chromium; the CLV's contact log on a 360 px phone."""

import time

import pytest

from keyring_net.tenancy import organisation_scope
from members.models import Contact, Referral
from tests.browser.conftest import assert_accessible, assert_fits_phone
from tests.browser.test_pages_accessible import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def desktop(browser, live_server, user):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    signed_in(context, live_server, user)
    return context, context.new_page()


def test_dashboard_and_network_page(browser, live_server, org_a):
    context, page = desktop(browser, live_server, org_a.manager)
    page.goto(f"{live_server.url}/")
    page.wait_for_url("**/dashboard/")
    assert "Your networks today" in page.content()
    assert_accessible(page)
    page.click(f"text={org_a.network.name}")
    page.wait_for_url(f"**/networks/{org_a.network.pk}/")
    assert "Only 2 homes: a network needs about 10." in page.content()
    assert org_a.member.full_name in page.content()
    assert_accessible(page)
    context.close()


def test_network_map_shows_points_and_still_works_as_a_list(browser, live_server, org_a):
    from networks.models import Home

    with organisation_scope(org_a.organisation):
        Home.objects.filter(network=org_a.network).update(latitude=53.4441, longitude=-2.1923)
    context, page = desktop(browser, live_server, org_a.manager)
    page.goto(f"{live_server.url}/networks/{org_a.network.pk}/map/")
    # No internet here: the tiles cannot load, but the markers and the list do.
    page.wait_for_selector("#network-map .leaflet-interactive")
    assert page.locator("#network-map .leaflet-interactive").count() == 2
    assert page.locator("#map-list-homes li").count() == 2
    assert_accessible(page)
    context.close()


def test_the_referral_pipeline(browser, live_server, org_a):
    context, page = desktop(browser, live_server, org_a.manager)
    page.goto(f"{live_server.url}/referrals/")
    assert_accessible(page)
    page.click("text=Record a referral")
    page.fill("#id_full_name", "Dawn Fletcher")
    page.check("input[name=source][value=gp]")
    page.fill("#id_referred_on", "2026-11-20")
    page.fill("#id_reason_in_referrers_words", "Lonely since her move.")
    page.click("button:has-text('Record the referral')")
    page.wait_for_selector("h1:has-text('Dawn Fletcher')")
    assert_accessible(page)
    page.check("input[name=decision][value=accepted]")
    page.click("button:has-text('Record the decision')")
    page.wait_for_selector("text=Give them a network")
    page.select_option("#id_network", str(org_a.network.pk))
    page.click("button:has-text('Add them to the network')")
    page.wait_for_selector("text=Saved.")
    with organisation_scope(org_a.organisation):
        referral = Referral.objects.select_related("member").get(member__full_name="Dawn Fletcher")
    assert referral.stage == "accepted" and referral.member.status == "active"
    context.close()


def test_a_clv_logs_a_contact_on_a_phone_in_seconds(browser, live_server, org_a):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    signed_in(context, live_server, org_a.clv)
    page = context.new_page()
    page.goto(f"{live_server.url}/members/{org_a.member.pk}/")
    assert_fits_phone(page)
    started = time.monotonic()
    taps = 0
    page.click("main >> text=Log a contact")
    taps += 1
    page.wait_for_selector("h1:has-text('Log a contact')")
    assert_accessible(page)
    assert_fits_phone(page)
    page.check("input[name=method][value=phone]")
    page.check("input[name=minutes][value='15']")
    page.click("button:has-text('Save') >> nth=0")
    taps += 3
    page.wait_for_url(f"**/members/{org_a.member.pk}/")
    elapsed = time.monotonic() - started
    assert "Saved: 15 minutes with" in page.content()
    assert taps <= 4
    assert elapsed < 30
    with organisation_scope(org_a.organisation):
        contact = Contact.objects.filter(member=org_a.member).latest("created_at")
    assert (contact.method, contact.minutes, contact.worker) == ("phone", 15, org_a.clv)
    context.close()
