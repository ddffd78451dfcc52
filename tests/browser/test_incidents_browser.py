"""Incidents in Chromium: a CLV records a fall on a 360 px phone; the
support manager reviews it and adds an action. Every page is checked by
axe and must fit the phone."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework.models import Incident
from keyring_net.tenancy import organisation_scope
from tests.browser.conftest import PHONE, assert_accessible, assert_fits_phone
from tests.browser.test_pages_accessible import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone(browser, live_server, user):
    context = browser.new_context(
        viewport=PHONE, locale="en-GB", is_mobile=True, has_touch=True, device_scale_factor=2
    )
    signed_in(context, live_server, user)
    return context, context.new_page()


def checked(page) -> None:
    assert_accessible(page)
    assert_fits_phone(page)


def test_a_clv_records_a_fall_on_a_phone_and_the_manager_reviews_it(browser, live_server, org_a):
    context, page = phone(browser, live_server, org_a.clv)
    page.goto(f"{live_server.url}/incidents/new/")
    expect(page.get_by_role("heading", name="Record an incident")).to_be_visible()
    checked(page)
    # Recording with nothing said: plain messages, next to the fields.
    page.get_by_role("button", name="Record the incident").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_text("Enter when it happened.").first).to_be_visible()
    checked(page)
    when = timezone.localtime() - datetime.timedelta(hours=2)
    page.fill("input[name=happened_at]", when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("A fall", exact=True).check()
    page.get_by_label("Low", exact=True).check()
    page.get_by_label(org_a.member.full_name, exact=True).check()
    page.fill("input[name=place]", "The kitchen")
    page.fill("textarea[name=what_happened]", "Slipped on the wet floor by the sink.")
    page.fill("textarea[name=done_at_once]", "Helped them up and checked for bruises.")
    page.get_by_role("button", name="Record the incident").click()
    expect(page.get_by_text("The incident is recorded.")).to_be_visible()
    expect(page.get_by_text("Waiting for review")).to_be_visible()
    checked(page)
    context.close()

    with organisation_scope(org_a.organisation):
        incident = Incident.objects.get(organisation=org_a.organisation)
    assert incident.state == "recorded" and incident.recorded_by_id == org_a.clv.pk

    context, page = phone(browser, live_server, org_a.manager)
    page.goto(f"{live_server.url}/incidents/")
    expect(page.get_by_role("heading", name="Incidents and accidents")).to_be_visible()
    checked(page)
    page.get_by_role("link", name="A fall").first.click()
    expect(page.get_by_text("Slipped on the wet floor by the sink.")).to_be_visible()
    checked(page)
    page.get_by_role("link", name="Review the incident").click()
    expect(page.get_by_role("heading", name="Review the incident")).to_be_visible()
    checked(page)
    page.fill("textarea[name=findings]", "The floor is mopped too wet. No lasting harm.")
    page.get_by_role("button", name="Save the review").click()
    expect(page.get_by_text("The review is saved.")).to_be_visible()
    page.get_by_role("link", name="Add an action").click()
    expect(page.get_by_role("heading", name="Add an action")).to_be_visible()
    checked(page)
    page.fill("textarea[name=text]", "Ask the landlord for a non-slip mat.")
    page.select_option("select[name=owner]", label=org_a.clv.full_name)
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("The action is added.")).to_be_visible()
    expect(page.get_by_text("Ask the landlord for a non-slip mat.", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Close the incident")).to_be_visible()
    checked(page)
    context.close()
    with organisation_scope(org_a.organisation):
        incident.refresh_from_db()
        assert incident.state == "reviewed"
        assert incident.actions.get().owner_id == org_a.clv.pk


def test_an_incidents_documents_and_follow_up_tasks_on_a_phone(browser, live_server, org_a):
    """The incident page's documents section and its upload page at 360 px,
    then a follow-up task from its link: a problem said next to the field
    with what was typed kept, and the task listed on the incident's page."""
    from casework.services.incidents import IncidentDetails, incident_start
    from keyring_net.actors import Actor

    with organisation_scope(org_a.organisation):
        incident = incident_start(
            actor=Actor.for_user(org_a.clv, org_a.organisation.pk),
            details=IncidentDetails(
                happened_at=timezone.now() - datetime.timedelta(hours=1),
                kind="property",
                severity="low",
                members=[org_a.member],
                what_happened="The front door lock broke.",
            ),
            record=True,
        )
    context, page = phone(browser, live_server, org_a.clv)
    page.goto(f"{live_server.url}/incidents/{incident.pk}/")
    expect(page.locator("#documents")).to_be_visible()
    checked(page)
    page.get_by_role("link", name="Add a document").click()
    page.wait_for_url(f"**/documents/incident/{incident.pk}/add/")
    checked(page)
    page.get_by_label("Title").fill("Photo of the broken lock")
    page.get_by_label("Photo", exact=True).check()
    page.get_by_label("The file").set_input_files(
        files=[{"name": "lock.txt", "mimeType": "text/plain", "buffer": b"A broken lock.\n"}]
    )
    page.get_by_role("button", name="Keep this document").click()
    page.wait_for_url(f"**/incidents/{incident.pk}/#documents")
    expect(page.get_by_role("link", name="Photo of the broken lock", exact=True)).to_be_visible()
    checked(page)

    page.get_by_role("link", name="Add a follow-up task").click()
    page.wait_for_url("**/tasks/add/?*source=incident*")
    expect(page.get_by_role("heading", name="Add a follow-up task")).to_be_visible()
    checked(page)
    page.get_by_label("What needs to be done").fill("Ask the landlord to mend the lock")
    page.get_by_role("button", name="Add the task").click()
    expect(page.get_by_text("Enter the day it is due.").first).to_be_visible()
    expect(page.get_by_label("What needs to be done")).to_have_value(
        "Ask the landlord to mend the lock"
    )
    checked(page)
    page.fill("#id_due_on", (timezone.localdate() + datetime.timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Add the task").click()
    expect(page.get_by_text("The task is added")).to_be_visible()
    page.goto(f"{live_server.url}/incidents/{incident.pk}/")
    follow_ups = page.locator("#follow-ups + ul")
    expect(follow_ups.get_by_role("link", name="Ask the landlord to mend the lock")).to_be_visible()
    checked(page)
    context.close()
