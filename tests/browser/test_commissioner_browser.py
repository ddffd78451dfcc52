"""A commissioner in Chromium: signs in through the real pages, sees only
their council's contract, downloads the PDF; the reports and contracts
pages have no serious or critical axe violations."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from keyring_net.models import Role
from outcomes.tasks import render_report_task
from tests import factories
from tests.browser.conftest import assert_accessible, assert_fits_phone, sign_in
from tests.browser.test_pages_accessible import signed_in
from tests.conftest import TEST_TOTP_SECRET
from tests.factories import TEST_PASSWORD
from tests.report_helpers import make_contract, make_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contracts(org_a):
    mine = make_contract(org_a, name="South Manchester networks")
    with scopes_disabled():
        elsewhere = factories.LocalAuthorityFactory(name="Stockport Council")
    theirs = make_contract(org_a, name="Stockport networks", local_authority=elsewhere)
    report = make_report(mine)
    assert render_report_task(report.pk, org_a.organisation.pk) == "ready"
    make_report(theirs)
    return mine, theirs, report


def test_a_commissioner_signs_in_sees_their_contract_and_downloads_the_pdf(
    page, live_server, org_a, contracts
):
    mine, _, _ = contracts
    commissioner = org_a.users[Role.COMMISSIONER]
    sign_in(page, live_server, commissioner.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="reports page").click()
    page.wait_for_url("**/reports/")
    body = page.inner_text("main")
    assert "South Manchester networks" in body
    assert "Stockport networks" not in body
    assert "A new report is ready" in body
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    download = download_info.value
    assert download.suggested_filename == (
        f"outcome-report-contract-{mine.pk}-2026-07-01-to-2026-09-30-v1.pdf"
    )
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    page.reload()
    assert "A new report is ready" not in page.inner_text("main")


def test_the_reports_and_contracts_pages_are_accessible(browser, live_server, org_a, contracts):
    mine, _, report = contracts
    pages = [
        (Role.COMMISSIONER, "/reports/"),
        (Role.COMMISSIONER, f"/reports/{report.pk}/"),
        (Role.COMMISSIONER, f"/reports/contracts/{mine.pk}/new/"),
        (Role.SUPPORT_MANAGER, "/reports/"),
        (Role.ORG_ADMIN, "/contracts/"),
        (Role.ORG_ADMIN, "/contracts/new/"),
        (Role.ORG_ADMIN, f"/contracts/{mine.pk}/edit/"),
    ]
    # On a 360 px phone, where wide tables scroll (the reports page is
    # checked at desktop width in the test above).
    for role, path in pages:
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB")
        signed_in(context, live_server, org_a.users[role])
        page = context.new_page()
        response = page.goto(f"{live_server.url}{path}")
        assert response.ok, path
        assert_accessible(page)
        assert_fits_phone(page)
        context.close()
