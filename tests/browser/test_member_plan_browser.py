"""A worker records a reading and a plan with the member on a tablet; the
member reads their plan on a phone, hears it, agrees it and asks to talk
about it; the pages are easy read and pass axe."""

import pytest

from keyring_net.actors import Actor
from keyring_net.tenancy import organisation_scope
from support_plans.models import PlanReview, StarReading, SupportPlan
from support_plans.services.parts import action_add, goal_add
from support_plans.services.plans import plan_agree, plan_start
from support_plans.services.readings import AreaAnswer, reading_record
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
        reading_record(
            actor=worker,
            member=org.member,
            template=template,
            taken_on=__import__("datetime").date(2026, 11, 1),
            answers=[AreaAnswer(a.pk, 5) for a in template.areas.all()],
        )
        plan = plan_start(actor=worker, member=org.member)
        goal = goal_add(actor=worker, plan=plan, in_own_words="Cook my own tea.")
        action_add(
            actor=worker, goal=goal, text="Cook together on Tuesdays.", term="short", who="clv"
        )
        plan_agree(actor=worker, plan=plan, as_member=False)
        return plan


def test_a_worker_records_a_reading_and_a_plan_with_the_member(browser, live_server, org_a):
    with organisation_scope(org_a.organisation):
        ensure_default_template(org_a.organisation)
    context = browser.new_context(viewport={"width": 800, "height": 1100}, locale="en-GB")
    signed_in(context, live_server, org_a.clv)
    page = context.new_page()
    member = org_a.member
    page.goto(f"{live_server.url}/members/{member.pk}/star/new/")
    assert_accessible(page)
    page.fill("input[name=who_was_there]", "Sam and their sister")
    scores = page.locator("select[name^=score_]")
    count = scores.count()
    assert count == 10
    # Leave one area out first: the message names it and nothing typed is lost.
    for i in range(count - 1):
        scores.nth(i).select_option(str(i + 1))
    page.locator("textarea[name^=words_]").first.fill("I pay my rent on time now.")
    page.click("button:has-text('Save the reading')")
    page.wait_for_selector(".govuk-error-summary")
    assert page.input_value("textarea[name^=words_] >> nth=0") == "I pay my rent on time now."
    assert page.locator("select[name^=score_]").nth(0).input_value() == "1"
    page.locator("select[name^=score_]").nth(count - 1).select_option("7")
    page.click("button:has-text('Save the reading')")
    page.wait_for_url(f"**/members/{member.pk}/star/")
    assert page.locator("svg").count() >= 1
    assert_accessible(page)

    page.goto(f"{live_server.url}/members/{member.pk}/plan/")
    page.click("button:has-text('Start a plan together')")
    page.fill("textarea[name=in_own_words]", "Go to the allotment every week.")
    page.click("button:has-text('Add the goal')")
    page.wait_for_selector("text=Go to the allotment every week.")
    page.click("summary:has-text('Add an action')")
    page.locator("textarea[name=text]").first.fill("Walk there with Pat on Saturdays.")
    page.locator("select[name=term]").first.select_option("short")
    page.locator("select[name=who]").first.select_option("peer")
    page.click("button:has-text('Add the action')")
    page.wait_for_selector("li:has-text('Walk there with Pat on Saturdays.')")
    page.click("button:has-text('I agree this version (as the worker)')")
    assert_accessible(page)
    context.close()
    with organisation_scope(org_a.organisation):
        reading = StarReading.objects.get(member=member)
        assert reading.who_was_there == "Sam and their sister"
        assert sorted(reading.scores.values_list("score", flat=True)) == [
            1,
            2,
            3,
            4,
            5,
            6,
            7,
            7,
            8,
            9,
        ]
        plan = SupportPlan.objects.get(member=member)
        assert plan.worker_agreed_at is not None and plan.member_agreed_at is None
        goal = plan.goals.get()
        assert goal.in_own_words == "Go to the allotment every week."
        assert goal.actions.get().text == "Walk there with Pat on Saturdays."


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
