"""Tasks in Chromium on a 360 px phone: a CLV logs a contact with a member,
adds a follow-up task from it, finds it on their caseload and marks it
done; every tasks page passes axe-core and fits the phone."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework.models import Task
from keyring_net.tenancy import organisation_scope
from members.models import Contact
from tests.browser.conftest import PHONE, assert_accessible, assert_fits_phone
from tests.browser.test_pages_accessible import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clv_adds_a_task_from_a_contact_and_marks_it_done(browser, live_server, org_a):
    member = org_a.member
    with organisation_scope(org_a.organisation):
        Contact.objects.filter(member=member).delete()  # only the contact logged here
    context = browser.new_context(
        viewport=PHONE, locale="en-GB", is_mobile=True, has_touch=True, device_scale_factor=2
    )
    signed_in(context, live_server, org_a.clv)
    page = context.new_page()

    page.goto(f"{live_server.url}/members/{member.pk}/")
    page.get_by_role("button", name="Log a contact").click()
    expect(page.locator("h1", has_text="Log a contact")).to_be_visible()
    page.check("input[name=method][value=phone]")
    page.check("input[name=minutes][value='15']")
    page.click("button:has-text('Save') >> nth=0")
    page.wait_for_url(f"{live_server.url}/members/{member.pk}/")

    page.get_by_role("link", name="Add a follow-up task").first.click()
    expect(page.locator("h1", has_text="Add a follow-up task")).to_be_visible()
    assert page.locator("#id_member").input_value() == str(member.pk)
    assert page.locator("#id_owner").input_value() == str(org_a.clv.pk)
    assert_accessible(page)
    assert_fits_phone(page)
    page.fill("#id_title", "Ring the housing officer about the boiler")
    due = timezone.localdate() + datetime.timedelta(days=2)
    page.fill("#id_due_on", due.isoformat())
    page.click("button:has-text('Add the task')")
    page.wait_for_url(f"{live_server.url}/caseload/")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The task is added")
    task_item = page.locator("li.app-action", has_text="Ring the housing officer about the boiler")
    expect(task_item).to_have_count(1)
    expect(page.locator("h2", has_text="Due in the next 7 days")).to_be_visible()
    assert_accessible(page)
    assert_fits_phone(page)

    with organisation_scope(org_a.organisation):
        task = Task.objects.get()
        contact = Contact.objects.get(member=member)
    assert (task.source_kind, task.source_id, task.member_id) == ("contact", contact.pk, member.pk)

    # The task's own page, and the tasks about the member.
    page.get_by_role("link", name="Ring the housing officer about the boiler").click()
    expect(page.locator("h1", has_text="Ring the housing officer")).to_be_visible()
    assert_accessible(page)
    assert_fits_phone(page)
    page.get_by_role("link", name=member.full_name).click()
    expect(page.locator("h1", has_text=f"Tasks about {member.full_name}")).to_be_visible()
    assert_accessible(page)
    assert_fits_phone(page)

    page.goto(f"{live_server.url}/caseload/")
    task_item = page.locator("li.app-action", has_text="Ring the housing officer about the boiler")
    task_item.locator("button", has_text="Mark done").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Done: Ring the housing")
    expect(page.locator("li.app-action")).to_have_count(0)
    expect(page.get_by_text("Nothing is due.")).to_be_visible()
    with organisation_scope(org_a.organisation):
        task.refresh_from_db()
    assert (task.state, task.closed_by) == (Task.State.DONE, org_a.clv)

    # Cancelling one asks why, in plain words next to the field.
    page.goto(f"{live_server.url}/tasks/add/")
    page.fill("#id_title", "Find out about the art class")
    page.fill("#id_due_on", due.isoformat())
    page.click("button:has-text('Add the task')")
    page.wait_for_url(f"{live_server.url}/caseload/")
    page.get_by_role("link", name="Find out about the art class").click()
    page.get_by_role("link", name="Cancel the task").click()
    page.click("button:has-text('Cancel the task')")
    expect(page.locator(".govuk-error-message")).to_contain_text(
        "Say why the task is no longer needed."
    )
    assert_accessible(page)
    assert_fits_phone(page)
    context.close()


def test_a_managers_caseload_with_its_filters_passes_axe_on_a_phone(browser, live_server, org_a):
    with organisation_scope(org_a.organisation):
        for days, title in ((-2, "Late"), (0, "Today"), (20, "Later")):
            Task.objects.create(
                organisation=org_a.organisation,
                title=f"{title} task",
                owner=org_a.clv,
                created_by=org_a.clv,
                member=org_a.member,
                due_on=timezone.localdate() + datetime.timedelta(days=days),
            )
    context = browser.new_context(
        viewport=PHONE, locale="en-GB", is_mobile=True, has_touch=True, device_scale_factor=2
    )
    signed_in(context, live_server, org_a.manager)
    page = context.new_page()
    page.goto(f"{live_server.url}/caseload/")
    expect(page.locator("li.app-action")).to_have_count(3)
    expect(page.locator("h2", has_text="Overdue")).to_be_visible()
    assert_accessible(page)
    assert_fits_phone(page)
    page.select_option("#owner", str(org_a.clv.pk))
    page.click("button:has-text('Show')")
    expect(page.locator("li.app-action")).to_have_count(3)
    context.close()
