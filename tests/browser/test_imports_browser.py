"""An organisation admin imports members from an .xlsx file in Chromium:
the upload, the column match, the dry run and the history, each page
accessible and fitting a 360 px phone."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from keyring_net.tenancy import organisation_scope
from members.models import Member
from tests.browser.conftest import assert_accessible, assert_fits_phone
from tests.browser.test_pages_accessible import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def members_workbook(tmp_path, network: str):
    book = Workbook()
    sheet = book.active
    sheet.append(["Reference", "Surname", "First name", "DOB", "Network", "Post code", "Notes"])
    sheet.append(["M-1", "Smith", "Ann", "03/02/1980", network, "", "likes gardening"])
    sheet.append(["M-2", "Jones", "Bob", "31/02/1980", network, "", ""])
    path = tmp_path / "members.xlsx"
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())
    return path


def check_page(page):
    assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 740})
    assert_fits_phone(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_admin_imports_members_from_an_xlsx_file(browser, live_server, org_a, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    signed_in(context, live_server, org_a.admin)
    page.goto(f"{live_server.url}/organisation/imports/new/")
    check_page(page)
    page.set_input_files("input[type=file]", members_workbook(tmp_path, org_a.network.name))
    page.get_by_role("button", name="Read the file").click()
    page.wait_for_selector("text=Match the columns")
    check_page(page)
    page.get_by_label("Column 7: Notes").select_option("-")
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_selector("text=What the import would do")
    assert "Row 3, DOB: 31/02/1980 is not a date" in page.content()
    check_page(page)
    page.get_by_role("button", name="Apply the import").click()
    page.wait_for_selector("text=What the import did")
    with organisation_scope(org_a.organisation):
        assert list(Member.objects.filter(reference__startswith="M-").values_list("full_name")) == [
            ("Ann Smith",)
        ]
    page.goto(f"{live_server.url}/organisation/imports/")
    assert "members.xlsx" in page.content()
    check_page(page)
    context.close()
