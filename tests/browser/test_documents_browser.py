"""Documents in Chromium on a 360 px phone: a support manager adds a
member's tenancy agreement (a real small PDF) from the member's page and
downloads it; every page passes axe and fits the phone."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, assert_accessible, assert_fits_phone
from tests.browser.test_pages_accessible import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_support_manager_keeps_a_tenancy_agreement_and_downloads_it(
    browser, live_server, org_a, tmp_path
):
    pdf = tmp_path / "tenancy-agreement.pdf"
    buffer = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(buffer, "PDF")
    pdf.write_bytes(buffer.getvalue())

    context = browser.new_context(locale="en-GB", accept_downloads=True, viewport=PHONE)
    page = context.new_page()
    signed_in(context, live_server, org_a.manager)
    page.goto(f"{live_server.url}/members/{org_a.member.pk}/")
    documents = page.locator("#documents")
    expect(documents).to_be_visible()
    page.get_by_role("link", name="Add a document").click()
    expect(page.get_by_role("heading", name="Add a document")).to_be_visible()
    assert_accessible(page)
    assert_fits_phone(page)

    # Nothing chosen: the problems are said, what was typed is kept.
    page.get_by_label("Title").fill("Tenancy agreement 2026")
    page.get_by_role("button", name="Keep this document").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Tenancy agreement 2026")
    assert_accessible(page)

    page.get_by_label("Tenancy agreement").check()
    page.get_by_label("The file").set_input_files(str(pdf))
    page.get_by_role("button", name="Keep this document").click()
    link = page.get_by_role("link", name="Tenancy agreement 2026", exact=True)
    expect(link).to_be_visible()
    assert_accessible(page)
    assert_fits_phone(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download Tenancy agreement 2026").click()
    assert download.value.suggested_filename == "tenancy-agreement.pdf"
    with open(download.value.path(), "rb") as file:
        assert file.read() == buffer.getvalue()

    link.click()
    expect(page.get_by_role("heading", name="Who downloaded it")).to_be_visible()
    expect(page.get_by_text(org_a.manager.full_name).first).to_be_visible()
    assert_accessible(page)
    assert_fits_phone(page)
    context.close()
