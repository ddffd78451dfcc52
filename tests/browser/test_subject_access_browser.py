"""Subject access in the browser: a member asks for a copy of their records
on a phone (easy read, axe, 360 px) and sees when it is due; the support
manager removes another member's name from a contact note (a missing
reason is said next to the field, what was chosen kept), releases the
copy; the member downloads it."""

import datetime
import zipfile

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from keyring_net.tenancy import organisation_scope
from members.models import Contact
from privacy.models import AccessRequest
from tests import factories
from tests.browser.conftest import assert_accessible, assert_easy_read, assert_fits_phone
from tests.browser.test_pages_accessible import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone(browser):
    return browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="en-GB"
    )


def member_page_checked(page) -> None:
    assert_accessible(page)
    assert_fits_phone(page)
    assert_easy_read(page)


def test_a_member_asks_staff_review_and_release_and_the_member_downloads(
    browser, live_server, org_a
):
    with organisation_scope(org_a.organisation):
        neighbour = factories.MemberFactory(network=org_a.network, full_name="Neighbour Nia")
        contact = Contact.objects.create(
            organisation=org_a.organisation,
            member=org_a.member,
            worker=org_a.clv,
            peer=neighbour,
            happened_at=timezone.now() - datetime.timedelta(days=1),
            minutes=20,
            method="peer",
            notes="Tea together.",
        )

    context = phone(browser)
    page = context.new_page()
    signed_in(context, live_server, org_a.member_user)
    page.goto(f"{live_server.url}/my/")
    page.click("text=Get a copy of your records.")
    member_page_checked(page)
    page.click("text=I want a copy of my records.")
    member_page_checked(page)
    page.click("button:has-text('Yes, I want a copy')")
    expect(page.locator("text=We got your request")).to_be_visible()
    member_page_checked(page)
    with organisation_scope(org_a.organisation):
        access = AccessRequest.objects.get(member=org_a.member)
    expect(page.locator(f"text=by {access.due_on:%-d %B %Y}")).to_be_visible()

    staff_context = browser.new_context(locale="en-GB")
    staff = staff_context.new_page()
    signed_in(staff_context, live_server, org_a.manager)
    staff.goto(f"{live_server.url}/privacy/requests/")
    assert_accessible(staff)
    staff.click(f"a[href='/privacy/requests/{access.pk}/']")
    assert_accessible(staff)
    card = staff.locator(f"#item-{contact.pk}")
    card.locator("select[name=field]").select_option("peer")
    card.locator("button:has-text('Remove from the copy')").click()
    expect(staff.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(staff)
    card = staff.locator(f"#item-{contact.pk}")
    expect(card.locator("select[name=field]")).to_have_value("peer")
    card.locator("input[name=reason]").fill("another member's name")
    card.locator("button:has-text('Remove from the copy')").click()
    expect(staff.locator("text=[Removed: another member's name]")).to_be_visible()
    staff.click("button:has-text('Release the copy')")
    expect(staff.locator("text=Released. The member has been told")).to_be_visible()
    assert_accessible(staff)

    page.goto(f"{live_server.url}/my/records/")
    member_page_checked(page)
    with page.expect_download() as download:
        page.click("text=Get the copy you asked for")
    archive = zipfile.ZipFile(download.value.path())
    assert {"summary.pdf", "record.pdf", "data.json"} <= set(archive.namelist())
    assert "Neighbour Nia" not in archive.read("data.json").decode()
