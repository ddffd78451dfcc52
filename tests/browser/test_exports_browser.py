"""The export page in Chromium: reached from the support manager's menu,
accessible at desktop width and on a 360 px phone, and a download that
opens and is then in the history."""

import csv
import io

import pytest

from tests.browser.conftest import PHONE, assert_accessible, assert_fits_phone
from tests.browser.test_pages_accessible import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_support_manager_exports_members_from_the_menu(browser, live_server, org_a):
    context = browser.new_context(locale="en-GB", accept_downloads=True)
    page = context.new_page()
    signed_in(context, live_server, org_a.manager)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Export records").first.click()
    page.wait_for_url("**/organisation/exports/")
    assert_accessible(page)

    page.get_by_label("Members").check()
    page.get_by_label("CSV, for any spreadsheet program or another system").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the file").click()
    assert download.value.suggested_filename.startswith("members-")
    with open(download.value.path(), encoding="utf-8-sig") as file:
        rows = list(csv.reader(io.StringIO(file.read())))
    name = rows[0].index("Full name")
    assert [row[name] for row in rows] == ["Full name", org_a.member.full_name]

    page.reload()
    history = page.get_by_role("region", name="Exports so far")
    assert org_a.manager.full_name in history.inner_text()

    page.get_by_role("button", name="Download the file").click()  # nothing chosen
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_fits_phone(page)
    assert_accessible(page)
    context.close()
