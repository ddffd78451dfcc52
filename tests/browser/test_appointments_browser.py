"""Appointments and planned visits on a phone (360 px, axe on each page):
a CLV plans a visit in one short form, and after it turns it into a
contact in one tap (attended, and on the member's contact log); a member
opens their appointments in easy read, a picture beside each idea."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework.services import appointments as services
from keyring_net.actors import Actor
from keyring_net.tenancy import organisation_scope
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


def test_a_clv_plans_a_visit_and_turns_it_into_a_contact(browser, live_server, org_a):
    context = phone(browser)
    page = context.new_page()
    signed_in(context, live_server, org_a.clv)
    page.goto(f"{live_server.url}/visits/")
    expect(page.get_by_role("heading", name="My visits")).to_be_visible()
    checked(page)
    page.get_by_role("link", name="Plan a visit").click()
    expect(page.get_by_role("heading", name="Plan a visit")).to_be_visible()
    checked(page)
    # Today and the next half hour are filled in, and the CLV visits; the
    # visit here was earlier today, so the time is set back.
    assert page.locator("#id_starts_at").input_value() != ""
    page.select_option("#id_member", str(org_a.member.pk))
    earlier = timezone.localtime() - datetime.timedelta(minutes=50)
    page.fill("#id_starts_at", earlier.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("30 minutes").check()
    page.fill("#id_purpose", "Reading the council letter")
    page.get_by_role("button", name="Plan visit").click()
    expect(page.get_by_role("heading", name=f"Visit to {org_a.member.full_name}")).to_be_visible()
    checked(page)
    page.get_by_role("button", name="Done: log it as a contact").click()
    expect(page.locator("#visit-status")).to_have_text("Attended. Contact logged")
    checked(page)
    page.get_by_role("link", name=f"See the contact on {org_a.member.full_name}'s record").click()
    expect(page.get_by_text("Reading the council letter")).to_be_visible()
    context.close()


def test_a_member_sees_their_appointments_in_easy_read(browser, live_server, org_a):
    actor = Actor.for_user(org_a.clv, org_a.organisation.pk)
    with organisation_scope(org_a.organisation):
        services.appointment_add(
            actor=actor,
            member=org_a.member,
            kind="dentist",
            starts_at=timezone.now() + datetime.timedelta(days=2),
            place="High Street Dental",
            companion=org_a.clv,
        )
        services.appointment_add(
            actor=actor,
            member=org_a.member,
            kind="housing",
            starts_at=timezone.now() + datetime.timedelta(days=5),
            with_whom="Ms Okafor",
        )
    context = phone(browser)
    page = context.new_page()
    signed_in(context, live_server, org_a.member_user)
    page.goto(f"{live_server.url}/my/")
    page.get_by_role("link", name="See your appointments.").click()
    expect(page.get_by_role("heading", name="Your appointments")).to_be_visible()
    expect(page.get_by_text("You have a dentist appointment.")).to_be_visible()
    expect(page.get_by_text("It is at High Street Dental.")).to_be_visible()
    expect(page.get_by_text(f"{org_a.clv.get_short_name()} will go with you.")).to_be_visible()
    expect(page.get_by_text("You have a meeting with your housing officer.")).to_be_visible()
    assert_easy_read(page)
    checked(page)
    context.close()


def test_a_clv_records_an_appointment_on_a_phone(browser, live_server, org_a):
    context = phone(browser)
    page = context.new_page()
    signed_in(context, live_server, org_a.clv)
    page.goto(f"{live_server.url}/appointments/")
    checked(page)
    page.get_by_role("link", name="Add an appointment").click()
    expect(page.get_by_role("heading", name="Add an appointment")).to_be_visible()
    checked(page)
    page.select_option("#id_member", str(org_a.member.pk))
    page.get_by_label("Doctor (GP)").check()
    page.get_by_role("button", name="Save appointment").click()
    expect(page.get_by_role("heading", name="Doctor (GP)")).to_be_visible()
    checked(page)
    # Missed with no reason: the reason is asked for next to its field.
    page.get_by_role("radio", name="Cancelled").check()
    page.get_by_role("button", name="Save what happened").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#id_reason-error, .govuk-error-message").first).to_contain_text(
        "Say why it was missed or cancelled."
    )
    checked(page)
    context.close()


def test_a_clv_changes_a_planned_appointment_and_visit_on_a_phone(browser, live_server, org_a):
    """The change pages at 360 px: a wrong end said next to its field with
    what was typed kept; then saved; the planned visit shows on the
    caseload and is moved from its own change page."""
    soon = timezone.now() + datetime.timedelta(days=1)
    clv = Actor.for_user(org_a.clv, org_a.organisation.pk)
    with organisation_scope(org_a.organisation):
        [appointment] = services.appointment_add(
            actor=clv, member=org_a.member, kind="gp", starts_at=soon, with_whom="Dr Shah"
        )
        visit = services.visit_plan(
            actor=clv, member=org_a.member, worker=org_a.clv, starts_at=soon, purpose="Bills"
        )
    context = phone(browser)
    page = context.new_page()
    signed_in(context, live_server, org_a.clv)
    page.goto(f"{live_server.url}/appointments/{appointment.pk}/")
    page.get_by_role("link", name="Change the appointment").click()
    expect(page.get_by_role("heading", name="Change the appointment")).to_be_visible()
    checked(page)
    start = timezone.localtime(soon)
    page.fill("#id_ends_at", (start - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_with_whom", "Dr Okafor")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_text("The end must be after the start.").first).to_be_visible()
    expect(page.locator("#id_with_whom")).to_have_value("Dr Okafor")
    checked(page)
    page.fill("#id_ends_at", "")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_text("The appointment is changed.")).to_be_visible()
    expect(page.get_by_text("Dr Okafor")).to_be_visible()
    checked(page)

    page.goto(f"{live_server.url}/caseload/")
    expect(page.get_by_role("link", name=f"Visit {org_a.member.full_name}")).to_be_visible()
    checked(page)
    page.get_by_role("link", name=f"Visit {org_a.member.full_name}").click()
    page.get_by_role("link", name="Change the visit").click()
    expect(page.get_by_role("heading", name="Change the visit")).to_be_visible()
    checked(page)
    page.get_by_label("2 hours").check()
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_text("The visit is changed.")).to_be_visible()
    expect(page.get_by_text("120 minutes")).to_be_visible()
    checked(page)
    context.close()
    with organisation_scope(org_a.organisation):
        visit.refresh_from_db()
    assert visit.minutes == 120
