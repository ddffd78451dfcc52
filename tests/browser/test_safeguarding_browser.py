"""Safeguarding on a phone (360 px), every page checked with axe: a CLV
raises a concern in under a minute with a few taps; the support manager, as
a safeguarding lead, triages it, refers it to the council with a reference
and closes it with an outcome; a member says "I am worried" in easy read
and their manager gets the message."""

import time

import pytest
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect

from casework.models import SafeguardingConcern
from casework.services import safeguarding
from keyring_net.actors import Actor
from keyring_net.tenancy import organisation_scope
from notifications.models import Notification
from notifications.services.sending import dispatch_due_batch
from tests.browser.conftest import assert_accessible, assert_easy_read, assert_fits_phone
from tests.browser.test_pages_accessible import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone(browser):
    return browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="en-GB"
    )


def checked(page) -> None:
    assert_accessible(page)
    assert_fits_phone(page)


def test_a_clv_raises_a_concern_and_the_lead_triages_refers_and_closes_it(
    browser, live_server, org_a
):
    with organisation_scope(org_a.organisation):
        safeguarding.lead_add(
            actor=Actor.for_user(org_a.admin, org_a.organisation.pk), person=org_a.manager
        )
    context = phone(browser)
    page = context.new_page()
    signed_in(context, live_server, org_a.clv)
    page.goto(f"{live_server.url}/safeguarding/")
    page.click("text=Raise a concern")
    page.wait_for_url(f"{live_server.url}/safeguarding/raise/")
    checked(page)

    started = time.monotonic()
    taps = 0
    page.select_option("select[name=about]", str(org_a.member.pk))
    taps += 1
    page.fill("textarea[name=what_happened]", "Said a relative keeps their bank card.")
    taps += 1
    page.fill("textarea[name=done_at_once]", "Told the manager.")
    taps += 1
    page.check("input[name=urgency][value=today]")
    taps += 1
    page.click("button:has-text('Save and tell the leads')")
    taps += 1
    expect(page.locator("text=The concern is saved")).to_be_visible()
    took = time.monotonic() - started
    assert took < 60, f"raising a concern took {took:.0f} seconds"
    assert taps <= 5
    checked(page)
    with organisation_scope(org_a.organisation):
        concern = SafeguardingConcern.objects.get()
        told = list(Notification.objects.values_list("recipient_id", flat=True))
    assert told == [org_a.manager.pk]

    lead = phone(browser)
    staff = lead.new_page()
    signed_in(lead, live_server, org_a.manager)
    staff.goto(f"{live_server.url}/safeguarding/")
    staff.click(f"a[href='/safeguarding/{concern.pk}/']")
    expect(staff.locator("text=Said a relative keeps their bank card.")).to_be_visible()
    checked(staff)

    staff.click("a.govuk-button:has-text('Triage')")
    staff.wait_for_url(f"**/safeguarding/{concern.pk}/triage/")
    checked(staff)
    staff.check("input[name=kind][value=financial]")
    staff.check("input[name=decision][value=refer]")
    staff.fill("textarea[name=reasons]", "Possible financial abuse by a relative.")
    staff.click("button:has-text('Save the decision')")
    expect(staff.locator("text=The decision is saved.")).to_be_visible()

    staff.click("a.govuk-button:has-text('Refer to the council')")
    staff.wait_for_url(f"**/safeguarding/{concern.pk}/refer/")
    checked(staff)
    staff.fill("input[name=referred_on]", timezone.localdate().isoformat())
    staff.fill("input[name=referred_to]", "Adult Safeguarding Team")
    staff.fill("input[name=council_reference]", "S42-2026-0042")
    staff.click("button:has-text('Save the referral')")
    expect(staff.locator("text=S42-2026-0042")).to_be_visible()

    staff.click("a.govuk-button:has-text('Close the concern')")
    staff.wait_for_url(f"**/safeguarding/{concern.pk}/close/")
    checked(staff)
    staff.click("button:has-text('Close the concern')")
    expect(staff.locator(".govuk-error-summary")).to_be_visible()  # nothing chosen yet
    checked(staff)
    staff.check("input[name=outcome][value=risk_reduced]")
    staff.fill("textarea[name=reasons]", "The card is back with them.")
    staff.click("button:has-text('Close the concern')")
    expect(staff.locator("text=The concern is closed.")).to_be_visible()
    checked(staff)
    with organisation_scope(org_a.organisation):
        concern.refresh_from_db()
    assert concern.stage == SafeguardingConcern.Stage.CLOSED
    assert concern.council_reference == "S42-2026-0042"


def test_a_member_says_i_am_worried_and_their_manager_gets_the_message(browser, live_server, org_a):
    context = phone(browser)
    page = context.new_page()
    signed_in(context, live_server, org_a.member_user)
    page.goto(f"{live_server.url}/my/")
    page.click("text=I am worried. Tell us.")
    page.wait_for_url(f"{live_server.url}/my/worried/")
    assert_easy_read(page)
    checked(page)
    page.click("button:has-text('Tell us')")
    expect(page.locator("#about-error")).to_be_visible()
    checked(page)
    page.click("label[for='about-me']")
    page.click("label[for='talk-yes']")
    page.fill("#words", "Someone took my money.")
    page.click("button:has-text('Tell us')")
    first_name = org_a.manager.full_name.split()[0]
    expect(page.locator(f"text={first_name} will talk to you soon.")).to_be_visible()
    assert_easy_read(page)
    checked(page)

    # What the sending worker does each minute.
    with transaction.atomic(), organisation_scope(org_a.organisation):
        dispatch_due_batch(organisation=org_a.organisation)
    manager = phone(browser)
    inbox = manager.new_page()
    signed_in(manager, live_server, org_a.manager)
    inbox.goto(f"{live_server.url}/notifications/")
    expect(inbox.locator("text=A safeguarding concern was raised").first).to_be_visible()
    assert "Someone took my money." not in inbox.content()
    with organisation_scope(org_a.organisation):
        concern = SafeguardingConcern.objects.get()
    inbox.goto(f"{live_server.url}/safeguarding/{concern.pk}/")
    expect(inbox.locator("text=Someone took my money.").first).to_be_visible()
    assert concern.raised_by_member_id == org_a.member.pk


def test_the_concerns_audience_keeps_a_document_with_it_on_a_phone(browser, live_server, org_a):
    """The documents section of a concern's page, the upload page and the
    download, at 360 px; the concern's page names nothing to anyone else."""
    with organisation_scope(org_a.organisation):
        concern = safeguarding.concern_raise(
            actor=Actor.for_user(org_a.clv, org_a.organisation.pk),
            member=org_a.member,
            what_happened="Said a neighbour shouts at them on the stairs.",
            done_at_once="Told the manager.",
            urgency=SafeguardingConcern.Urgency.TODAY,
        )
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="en-GB", accept_downloads=True
    )
    page = context.new_page()
    signed_in(context, live_server, org_a.clv)
    page.goto(f"{live_server.url}/safeguarding/{concern.pk}/")
    expect(page.locator("#documents")).to_be_visible()
    expect(page.get_by_text("No documents are kept yet.")).to_be_visible()
    checked(page)
    page.get_by_role("link", name="Add a document").click()
    page.wait_for_url(f"**/documents/concern/{concern.pk}/add/")
    checked(page)
    page.get_by_label("Title").fill("Photo of the note on the door")
    page.get_by_role("button", name="Keep this document").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Photo of the note on the door")
    checked(page)
    page.get_by_label("Letter", exact=True).check()
    page.get_by_label("The file").set_input_files(
        files=[{"name": "note.txt", "mimeType": "text/plain", "buffer": b"Go away.\n"}]
    )
    page.get_by_role("button", name="Keep this document").click()
    page.wait_for_url(f"**/safeguarding/{concern.pk}/#documents")
    expect(
        page.get_by_role("link", name="Photo of the note on the door", exact=True)
    ).to_be_visible()
    checked(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download Photo of the note on the door").click()
    with open(download.value.path(), "rb") as file:
        assert file.read() == b"Go away.\n"
    context.close()

    # Someone outside the concern's audience: not found.
    outsider = phone(browser)
    other = outsider.new_page()
    signed_in(outsider, live_server, org_a.users["community_enabler"])
    response = other.goto(f"{live_server.url}/documents/concern/{concern.pk}/")
    assert response.status == 404
    outsider.close()
