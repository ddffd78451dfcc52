"""A member on an interview panel scores the applicant on a phone: easy
read, a picture beside each value and each answer, a message next to a
value left out, what was chosen kept, and the scores stored. The manager
then reads every panel member's view side by side. Every page passes axe
and fits 360 px."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from keyring_net.actors import Actor
from keyring_net.models import Role
from keyring_net.tenancy import organisation_scope
from tests.browser.conftest import assert_accessible, assert_easy_read, assert_fits_phone
from tests.browser.test_pages_accessible import signed_in
from volunteers.models import Interview, PanelScore, VolunteerProfile
from volunteers.services import panels

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone(browser):
    return browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="en-GB"
    )


def panel_interview(world):
    actor = Actor.for_user(world.manager, world.organisation.pk)
    with organisation_scope(world.organisation):
        values = [
            panels.value_add(
                actor=actor,
                name=name,
                meaning=meaning,
                easy_read=easy_read,
                pictogram=picture,
            )
            for name, meaning, easy_read, picture in (
                ("Respect", "Treats people as equals.", "They treat people well.", "handshake"),
                ("Listening", "Hears what people want.", "They listen to people.", "listen"),
            )
        ]
        profile = VolunteerProfile.objects.create(
            organisation=world.organisation,
            user=world.clv,
            kind=VolunteerProfile.Kind.CLV,
            network=world.network,
            stage=VolunteerProfile.Stage.INTERVIEW,
        )
        interview = Interview.objects.create(
            organisation=world.organisation,
            profile=profile,
            held_on=timezone.localdate() - datetime.timedelta(days=1),
            panel="",
        )
        for role in (Role.MEMBER, Role.COMMUNITY_ENABLER):
            panels.seat_add(actor=actor, interview=interview, person=world.users[role])
    return interview, values


def test_a_member_scores_an_interview_on_a_phone(browser, live_server, org_a):
    interview, (respect, listening) = panel_interview(org_a)
    context = phone(browser)
    page = context.new_page()
    signed_in(context, live_server, org_a.member_user)
    page.goto(f"{live_server.url}/my/")
    page.click("text=See interviews you help with.")
    page.wait_for_url(f"{live_server.url}/my/interviews/")
    assert_easy_read(page)
    assert_accessible(page)
    assert_fits_phone(page)
    page.click(f"a[href='/my/interviews/{interview.pk}/']")
    # The scoring page itself, not the list while it is still going.
    page.wait_for_url(f"{live_server.url}/my/interviews/{interview.pk}/")
    page.wait_for_load_state("load")
    assert_easy_read(page)
    assert_accessible(page)
    assert_fits_phone(page)
    # One value only: the page says what is missing next to the other, and
    # keeps the answer and the words given.
    page.click(f"label[for='value-{respect.pk}-4']")
    page.fill("#note", "Kind to everyone.")
    page.click("button:has-text('Send my scores')")
    expect(page.locator(f"#value-{listening.pk}-error")).to_be_visible()
    assert page.is_checked(f"#value-{respect.pk}-4")
    assert page.input_value("#note") == "Kind to everyone."
    assert_accessible(page)
    assert_fits_phone(page)
    page.click(f"label[for='value-{listening.pk}-2']")
    page.click("button:has-text('Send my scores')")
    page.wait_for_selector("text=Thank you. We have kept your scores.")
    assert_accessible(page)
    with organisation_scope(org_a.organisation):
        scores = dict(PanelScore.objects.values_list("value_id", "score"))
    assert scores == {respect.pk: 4, listening.pk: 2}

    manager = phone(browser)
    staff_page = manager.new_page()
    signed_in(manager, live_server, org_a.manager)
    staff_page.goto(f"{live_server.url}/volunteers/interviews/{interview.pk}/")
    expect(staff_page.locator("text=4: Very much")).to_be_visible()
    assert "Kind to everyone." in staff_page.content()
    assert_accessible(staff_page)
    assert_fits_phone(staff_page)
