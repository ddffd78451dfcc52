"""A member signs in on a phone with their login card and answers a survey:
easy read, picture answers as big buttons, a message next to a question
left out, and the answer stored. A quality checker records a visit on a
phone. Every page passes axe and fits 360 px."""

import datetime

import pytest
from playwright.sync_api import expect

from keyring_net.actors import Actor
from keyring_net.tenancy import organisation_scope
from members import login_cards
from members.models import Member
from outcomes.models import QualityFinding, SurveyInvitation, SurveyResponse
from outcomes.services import quality as services_quality
from outcomes.services import surveys as services
from tests.browser.conftest import assert_accessible, assert_easy_read, assert_fits_phone
from tests.browser.test_pages_accessible import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone(browser):
    return browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="en-GB"
    )


def usual_survey(world):
    actor = Actor.for_user(world.manager, world.organisation.pk)
    with organisation_scope(world.organisation):
        survey = services.usual_survey_create(actor=actor, networks=[world.network])
        return services.survey_open(actor=actor, survey=survey)


def test_a_member_answers_a_survey_on_a_phone(browser, live_server, org_a):
    survey = usual_survey(org_a)
    with organisation_scope(org_a.organisation):
        _, token = login_cards.card_issue(actor=Actor.for_user(org_a.manager), member=org_a.member)
        questions = list(survey.questions.order_by("position"))
    context = phone(browser)
    page = context.new_page()
    page.goto(f"{live_server.url}/card/#{token}")
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{live_server.url}/my/")
    page.click("text=Tell us what you think.")
    page.wait_for_url(f"{live_server.url}/my/surveys/")
    assert_easy_read(page)
    assert_accessible(page)
    page.click(f"a[href='/my/surveys/{survey.pk}/']")
    assert_easy_read(page)
    assert_accessible(page)
    assert_fits_phone(page)
    # Answer the first question only, and write some words: the page says
    # what is missing next to each question and keeps what was given.
    page.click(f"label[for^='answer-{questions[0].pk}-']:has(span:text-is('Very happy'))")
    page.fill(f"#answer-{questions[5].pk}", "I like the hub.")
    page.click("button:has-text('Send my answers')")
    expect(page.locator(f"#question-{questions[1].pk}-error")).to_be_visible()
    expect(page.locator(f"#question-{questions[3].pk}-error")).to_be_visible()
    assert page.input_value(f"#answer-{questions[5].pk}") == "I like the hub."
    assert page.is_checked(f"input[name='question_{questions[0].pk}'][value]:checked")
    assert_accessible(page)
    assert_fits_phone(page)
    for question, label in zip(questions[1:5], ("Happy", "Okay", "Happy", "Sad"), strict=True):
        page.click(f"label[for^='answer-{question.pk}-']:has(span:text-is('{label}'))")
    page.check("#mode-supporter")
    page.fill("#supporter_name", "My sister")
    page.click("button:has-text('Send my answers')")
    page.wait_for_selector("text=Thank you. We have kept your answers.")
    assert "There are no surveys for you to answer now." in page.content()
    assert_accessible(page)
    with organisation_scope(org_a.organisation):
        response = SurveyResponse.objects.get(survey=survey)
        assert (response.member_id, response.mode, response.supporter_name) == (
            org_a.member.pk,
            "supporter",
            "My sister",
        )
        got = {
            a.question_id: (a.choice.label if a.choice else a.text) for a in response.answers.all()
        }
        assert got == {
            questions[0].pk: "Very happy",
            questions[1].pk: "Happy",
            questions[2].pk: "Okay",
            questions[3].pk: "Happy",
            questions[4].pk: "Sad",
            questions[5].pk: "I like the hub.",
        }
        assert SurveyInvitation.objects.get(survey=survey).answered_at is not None
    context.close()


def test_the_survey_page_is_easy_read_in_large_print(browser, live_server, org_a):
    survey = usual_survey(org_a)
    with organisation_scope(org_a.organisation):
        Member.objects.filter(pk=org_a.member.pk).update(
            communication_needs=["large_print", "read_aloud", "supporter"]
        )
    context = phone(browser)
    signed_in(context, live_server, org_a.member_user)
    page = context.new_page()
    page.goto(f"{live_server.url}/my/surveys/{survey.pk}/")
    assert_easy_read(page)
    assert_accessible(page)
    assert_fits_phone(page)
    context.close()


def test_a_quality_checker_records_a_visit_on_a_phone(browser, live_server, org_a):
    checker = org_a.users["quality_checker"]
    with organisation_scope(org_a.organisation):
        check = services_quality.check_plan(
            actor=Actor.for_user(checker, org_a.organisation.pk),
            network=org_a.network,
            checklist=services_quality.ensure_default_checklist(org_a.organisation),
            visit_on=datetime.date(2026, 11, 20),
            checkers=[checker],
        )
        first = check.checklist.items.order_by("position").first()
    context = phone(browser)
    signed_in(context, live_server, checker)
    page = context.new_page()
    for path in ("/quality-checks/", "/quality-checks/new/", "/quality-checks/actions/"):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
        assert_fits_phone(page)
    page.goto(f"{live_server.url}/quality-checks/{check.pk}/")
    assert_accessible(page)
    assert_fits_phone(page)
    page.click(f"label[for='id_item_{first.pk}_rating_0']")
    page.fill(f"#id_item_{first.pk}_note", "Everyone said they are listened to.")
    page.click("button:has-text('Save what we found')")
    page.wait_for_selector("text=What you found is saved.")
    assert_accessible(page)
    with organisation_scope(org_a.organisation):
        finding = QualityFinding.objects.get(visit=check)
        assert (finding.item_id, finding.rating) == (first.pk, "good")
    context.close()


def test_the_staff_survey_pages_are_accessible(browser, live_server, org_a):
    survey = usual_survey(org_a)
    with organisation_scope(org_a.organisation):
        draft = services.survey_create(
            actor=Actor.for_user(org_a.manager, org_a.organisation.pk),
            title="Draft",
            easy_read_title="Draft",
        )
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    signed_in(context, live_server, org_a.manager)
    page = context.new_page()
    for path in (
        "/surveys/",
        f"/surveys/{survey.pk}/",
        f"/surveys/{survey.pk}/results/",
        f"/surveys/{draft.pk}/",
        f"/surveys/{draft.pk}/questions/add/",
        f"/surveys/{draft.pk}/networks/",
        "/quality-checks/checklists/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert_accessible(page)
    page.goto(f"{live_server.url}/surveys/{draft.pk}/")
    page.click("button:has-text('Send this survey')")
    page.wait_for_selector("text=Add at least one question before you send this survey.")
    assert_accessible(page)
    context.close()
