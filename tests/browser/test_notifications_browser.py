"""Notification pages in Chromium: a member's messages in easy read, and
the staff pages accessible on a phone, errors included."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from keyring_net.tenancy import organisation_scope
from notifications.models import Delivery, Kind
from notifications.services import create
from tests.browser.conftest import assert_accessible, assert_easy_read, assert_fits_phone
from tests.browser.test_pages_accessible import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone(browser):
    return browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="en-GB"
    )


def _messages(world) -> None:
    """A plan review, a visit reminder and a survey, delivered; one e-mail failed."""
    now = timezone.now()
    with organisation_scope(world.organisation):
        specs = [
            create.Spec(
                recipient_id=world.member_user.pk,
                kind=Kind.PLAN_REVIEW,
                about="support_plans.supportplan:1",
                due_at=now - datetime.timedelta(hours=2),
                context={"days": 7, "due": "Friday 10 July 2026"},
                easy_read=True,
            ),
            create.Spec(
                recipient_id=world.member_user.pk,
                kind=Kind.VISIT_REMINDER,
                about="volunteers.plannedvisit:1:day",
                due_at=now - datetime.timedelta(hours=1),
                context={"worker": "Sam", "time": "10:00", "day": "Thursday 11 June 2026"},
                easy_read=True,
            ),
            create.Spec(
                recipient_id=world.member_user.pk,
                kind=Kind.SURVEY_INVITATION,
                about="outcomes.survey:1",
                due_at=now - datetime.timedelta(minutes=5),
                context={"survey": "Our survey"},
                easy_read=True,
            ),
            create.Spec(
                recipient_id=world.manager.pk,
                kind=Kind.REPORT_READY,
                about="outcomes.report:1",
                due_at=now - datetime.timedelta(minutes=5),
                context={"contract": "Outcomes for the quarter"},
                easy_read=False,
            ),
        ]
        create.create_notifications(organisation=world.organisation, specs=specs)
        Delivery.objects.filter(channel="in_app").update(state="sent", sent_at=now, attempts=1)
        Delivery.objects.filter(channel="email").update(
            state="failed", attempts=5, last_error="SMTPRecipientsRefused: 550 mailbox unavailable"
        )


@pytest.mark.parametrize("needs", [[], ["large_print", "read_aloud", "supporter"]], ids=str)
def test_a_members_messages_are_easy_read_on_a_phone(browser, live_server, org_a, needs):
    from members.models import Member

    _messages(org_a)
    with organisation_scope(org_a.organisation):
        Member.objects.filter(pk=org_a.member.pk).update(communication_needs=needs)
    context = phone(browser)
    page = context.new_page()
    signed_in(context, live_server, org_a.member_user)
    page.goto(f"{live_server.url}/notifications/")
    titles = page.locator("h2").all_inner_texts()
    assert "It is nearly time to look at your plan again. New" in titles
    assert "Sam is coming to see you tomorrow. New" in titles
    assert_easy_read(page)
    assert_accessible(page)
    assert_fits_phone(page)
    page.get_by_role("button", name=re.compile("Please tell us what you think")).click()
    expect(page.get_by_role("button", name="I have read this")).to_have_count(2)
    context.close()


@pytest.mark.parametrize(
    "path", ["/notifications/", "/notifications/preferences/", "/notifications/sent/"]
)
def test_staff_notification_pages_are_accessible_on_a_phone(browser, live_server, org_a, path):
    _messages(org_a)
    context = phone(browser)
    page = context.new_page()
    signed_in(context, live_server, org_a.manager)
    assert page.goto(f"{live_server.url}{path}").status == 200
    assert_accessible(page)
    assert_fits_phone(page)
    context.close()


def test_bad_choices_show_their_errors_accessibly_and_keep_what_was_typed(
    browser, live_server, org_a
):
    context = phone(browser)
    page = context.new_page()
    signed_in(context, live_server, org_a.clv)
    page.goto(f"{live_server.url}/notifications/preferences/")
    page.get_by_role("checkbox", name="Text message").check()
    page.get_by_label("Mobile number for text messages").fill("0161 496 0999")
    page.get_by_label("Quiet hours start").fill("14:00")
    page.get_by_label("Quiet hours end").fill("09:00")
    page.get_by_label("Until the next morning").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_have_count(1)  # once the page has come back
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter a UK mobile number, like 07700 900123." in summary
    assert "Your quiet hours end before they start." in summary
    assert page.get_by_label("Mobile number for text messages").input_value() == "0161 496 0999"
    assert_accessible(page)
    assert_fits_phone(page)
    context.close()
