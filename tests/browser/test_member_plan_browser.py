"""A member reads their plan on a phone, hears it, agrees it and asks to talk
about it; the page is easy read and passes axe."""

import pytest

from keyring_net.actors import Actor
from keyring_net.tenancy import organisation_scope
from support_plans import services
from support_plans.models import PlanReview, SupportPlan
from support_plans.stars import ensure_default_template
from tests.browser.conftest import (
    assert_accessible,
    assert_easy_read,
    assert_fits_phone,
    with_fake_voice,
)
from tests.browser.test_pages_accessible import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def plan_for(org):
    with organisation_scope(org.organisation):
        worker = Actor.for_user(org.clv)
        template = ensure_default_template(org.organisation)
        services.reading_record(
            actor=worker,
            member=org.member,
            template=template,
            taken_on=__import__("datetime").date(2026, 11, 1),
            answers=[services.AreaAnswer(a.pk, 5) for a in template.areas.all()],
        )
        plan = services.plan_start(actor=worker, member=org.member)
        goal = services.goal_add(actor=worker, plan=plan, in_own_words="Cook my own tea.")
        services.action_add(
            actor=worker, goal=goal, text="Cook together on Tuesdays.", term="short", who="clv"
        )
        services.plan_agree(actor=worker, plan=plan, as_member=False)
        return plan


def test_a_member_reads_hears_agrees_and_asks_to_talk(browser, live_server, org_a):
    plan = plan_for(org_a)
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    with_fake_voice(context)
    signed_in(context, live_server, org_a.member_user)
    page = context.new_page()
    page.goto(f"{live_server.url}/my/plan/")
    assert "Cook my own tea." in page.content()
    assert_easy_read(page)
    assert_accessible(page)
    assert_fits_phone(page)
    page.locator(".easy-read__row", has_text="Cook my own tea.").locator(".app-read-aloud").click()
    assert page.evaluate("window.__spoken") == [{"text": "Cook my own tea.", "lang": "en-GB"}]
    page.click("button:has-text('Yes, I agree with my plan')")
    page.wait_for_selector("text=You have agreed your plan")
    page.fill("#reason", "I got a job.")
    page.click("button:has-text('I want to talk about my plan')")
    page.wait_for_selector("text=Someone will talk with you about your plan")
    assert_accessible(page)
    with organisation_scope(org_a.organisation):
        plan.refresh_from_db()
        assert plan.status == SupportPlan.Status.AGREED
        assert PlanReview.objects.get(plan=plan).asked_by_member
    context.close()
