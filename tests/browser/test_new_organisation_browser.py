"""A new organisation moves in, in Chromium, without the Django admin.

Whoever runs the service starts the organisation (``create_organisation``'s
service); from then on everything happens in the browser, as a real
provider would do it:

- the first admin follows the link in their invitation e-mail, chooses a
  password, signs in and sets up two-step sign-in with their authenticator
  app (the secret read off the page, as the app would scan it);
- they set the organisation's settings, add a cluster and a network of
  ten places, invite a support manager for the cluster, and import the
  network's eleven homes (ten for members and the CLV's) from an ``.xlsx``;
- organisation admins never see home addresses, so the support manager
  (signed in through their own invitation, in a second browser) chooses the
  CLV's home on the network's page;
- the admin imports the ten members from an ``.xlsx`` naming those homes by
  their references, and the network page shows them: ten of ten places to
  the admin, the members by name to the support manager.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.core.cache import cache
from openpyxl import Workbook
from playwright.sync_api import expect

from keyring_net.actors import Actor
from keyring_net.models import Organisation, User
from keyring_net.services_organisation import organisation_create
from keyring_net.tenancy import organisation_scope
from keyring_net.two_step import current_code
from members.models import Member
from networks.models import Home, Network
from notifications.models import Delivery, Kind, Notification
from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, assert_fits_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"/accounts/password/reset/key/\S+")
NAMES = ["Ann", "Bob", "Cara", "Dev", "Eve", "Fola", "Gus", "Hana", "Ivan", "Jo"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    # allauth refuses a two-step code used twice, keyed by user id; ids
    # repeat across tests, so each test starts with no memory of them.
    cache.clear()
    yield
    cache.clear()


def invitation_link(live_server, address: str) -> str:
    """The set-password link in the last e-mail sent to ``address``."""
    [sent] = [m for m in mail.outbox if m.to == [address]]
    return live_server.url + LINK.search(sent.body).group(0)


def assert_delivered(organisation, address: str) -> None:
    """The invitation went out as a notification whose e-mail delivery was
    really sent (not only queued)."""
    with organisation_scope(organisation):
        note = Notification.objects.get(kind=Kind.INVITATION, recipient__email=address)
        delivery = Delivery.objects.get(notification=note)
    assert (delivery.channel, delivery.state) == ("email", "sent")


def check_page(page) -> None:
    """Axe at desktop size, then axe and no sideways scroll on a 360 px phone."""
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_accessible(page)
    assert_fits_phone(page)
    page.set_viewport_size(DESKTOP)


def accept_invitation(page, link: str, email: str, password: str) -> str:
    """Choose a password from the invitation, sign in, set up the
    authenticator app; returns the app's secret."""
    page.goto(link)
    page.wait_for_selector("input[name=password1]")
    page.fill("input[name=password1]", password)
    page.fill("input[name=password2]", password)
    page.click("button[name=action]")
    page.wait_for_url(lambda url: "set-password" not in url)
    page.goto(page.url.split("/accounts/")[0] + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    # Signed in, sent to set up two-step sign-in; allauth first asks for the
    # password again, as it does before any change to sign-in.
    page.wait_for_url("**/accounts/reauthenticate/**")
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    secret = page.input_value("#authenticator_secret")
    page.fill("input[name=code]", current_code(secret))
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/2fa/totp/activate/" not in page.url, page.content()
    return secret


def workbook(tmp_path, name: str, rows: list[list]) -> str:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return str(path)


def run_import(page, live_server, kind: str, path: str) -> None:
    """Upload, accept the column match, check, apply: the admin's import pages."""
    page.goto(f"{live_server.url}/organisation/imports/new/")
    page.check(f"input[name=kind][value={kind}]")
    page.set_input_files("input[type=file]", path)
    page.get_by_role("button", name="Read the file").click()
    page.wait_for_selector("text=Match the columns")
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_selector("text=What the import would do")
    assert "0 with problems" in page.locator("main").inner_text()
    page.get_by_role("button", name="Apply the import").click()
    page.wait_for_selector("text=What the import did")


def test_a_new_organisation_moves_in_through_the_browser(browser, live_server, tmp_path):
    # 1. Whoever runs the service starts the organisation.
    organisation, _ = organisation_create(
        actor=Actor.platform_for(None),
        name="Riverside Living",
        admin_email="asha@riverside.example.org",
        admin_name="Asha Patel",
        base_url=live_server.url,
    )
    assert_delivered(organisation, "asha@riverside.example.org")

    # 2. The admin takes up the invitation and signs in with two steps.
    admin = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = admin.new_page()
    link = invitation_link(live_server, "asha@riverside.example.org")
    accept_invitation(page, link, "asha@riverside.example.org", "a-long-admin-passphrase-7")

    # 3. The organisation's settings.
    page.goto(f"{live_server.url}/organisation/settings/")
    check_page(page)
    page.fill("#id_walking_speed_kmh", "3.5")
    page.fill("#id_contact_gap_days", "10")
    page.fill("#id_out_of_hours_phone", "0161 496 0000")
    page.click("button:has-text('Save the settings')")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The organisation's settings are saved."
    )
    organisation = Organisation.objects.get(pk=organisation.pk)
    assert (float(organisation.walking_speed_kmh), organisation.contact_gap_days) == (3.5, 10)

    # 4. A cluster and a network of ten places.
    page.goto(f"{live_server.url}/clusters/")
    page.click("main >> text=Add a cluster")
    page.fill("#id_name", "Longsight")
    page.click("button:has-text('Add the cluster')")
    page.wait_for_selector("text=Saved the cluster Longsight.")
    page.click("main >> text=Add a network")
    page.wait_for_selector("h1:has-text('Add a network')")
    check_page(page)
    page.fill("#id_name", "Plymouth Grove")
    page.select_option("#id_cluster", label="Longsight")
    page.fill("#id_capacity", "10")
    page.click("button:has-text('Add the network')")
    page.wait_for_selector("h1:has-text('Plymouth Grove')")
    assert "0 of 10 places taken." in page.content()
    network_url = page.url

    # 5. A support manager for the cluster.
    page.goto(f"{live_server.url}/organisation/people/invite/")
    page.fill("#id_full_name", "Sam Okafor")
    page.fill("#id_email", "sam@riverside.example.org")
    page.check("input[name=role][value=support_manager]")
    page.select_option("#id_cluster", label="Longsight")
    page.click("button:has-text('Send the invitation')")
    page.wait_for_url("**/organisation/people/*/")
    assert "We have e-mailed sam@riverside.example.org an invitation." in page.content()
    assert_delivered(organisation, "sam@riverside.example.org")

    # 6. The network's homes, from the spreadsheet the provider keeps:
    # ten for members and one for the CLV.
    header = ["Home ref", "Address line 1", "Town", "Post code", "Network"]
    homes = [
        [f"H-{n}", f"{n} Grove Street", "Manchester", "m13 9pl", "Plymouth Grove"]
        for n in range(1, 11)
    ]
    homes.append(["H-CLV", "1 Park Road", "Manchester", "M13 0AB", "Plymouth Grove"])
    run_import(page, live_server, "homes", workbook(tmp_path, "homes.xlsx", [header, *homes]))
    with organisation_scope(organisation):
        network = Network.objects.get(name="Plymouth Grove")
        assert Home.objects.filter(network=network).count() == 11

    # 7. The support manager takes up their invitation in a second browser
    # and chooses the CLV's home: admins do not see addresses.
    manager = browser.new_context(viewport=DESKTOP, locale="en-GB")
    manager_page = manager.new_page()
    link = invitation_link(live_server, "sam@riverside.example.org")
    accept_invitation(
        manager_page, link, "sam@riverside.example.org", "a-long-manager-passphrase-3"
    )
    manager_page.goto(network_url)
    manager_page.click("text=Change this network")
    manager_page.wait_for_selector("h1:has-text('Change Plymouth Grove')")
    clv_home = manager_page.locator("#id_clv_home option", has_text="1 Park Road")
    manager_page.select_option("#id_clv_home", clv_home.get_attribute("value"))
    manager_page.get_by_role("button", name=re.compile("Save")).click()
    manager_page.wait_for_selector("h1:has-text('Plymouth Grove')")
    with organisation_scope(organisation):
        network = Network.objects.get(pk=network.pk)
        assert network.clv_home.reference == "H-CLV"

    # 8. The admin imports the ten members, each in one of those homes.
    header = ["Member ID", "First name", "Surname", "DOB", "Network", "Home ref"]
    members = [
        [f"M-{n}", name, "Example", f"0{n % 9 + 1}/03/1985", "Plymouth Grove", f"H-{n}"]
        for n, name in enumerate(NAMES, start=1)
    ]
    run_import(page, live_server, "members", workbook(tmp_path, "members.xlsx", [header, *members]))
    page.goto(f"{live_server.url}/organisation/imports/")
    assert "members.xlsx" in page.content() and "homes.xlsx" in page.content()
    check_page(page)

    # 9. The network page: all its places taken; the members by name to the
    # manager, who looks after them.
    page.goto(network_url)
    assert "10 of 10 places taken." in page.content()
    check_page(page)
    manager_page.goto(network_url)
    content = manager_page.content()
    assert "Members (10)" in content
    for name in NAMES:
        assert f"{name} Example" in content
    check_page(manager_page)
    with organisation_scope(organisation):
        assert Member.objects.filter(network=network).count() == 10
    assert not User.objects.filter(email__endswith="@riverside.example.org", is_staff=True).exists()
    admin.close()
    manager.close()
