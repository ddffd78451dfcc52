"""Volunteers in Chromium: a CLV's day on a 360 px phone from the today page
(a contact logged, a visit alone checked in and out), the today page's
weight, a support manager closing rota gaps (a swap approved, an open shift
picked up), and every other volunteers page checked by axe on a phone."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from keyring_net.actors import Actor
from keyring_net.clock import clock, local_zone
from keyring_net.models import Role
from keyring_net.tenancy import organisation_scope
from members.models import Allocation, Contact
from tests.browser.conftest import PHONE, assert_accessible, assert_fits_phone
from tests.browser.test_pages_accessible import signed_in
from tests.factories import MemberFactory
from volunteers.clearance import ensure_mandatory_modules
from volunteers.models import (
    DBSCheck,
    LoneWorkingAlert,
    LoneWorkingSession,
    PlannedVisit,
    Shift,
    SwapRequest,
    TrainingRecord,
    VolunteerProfile,
)
from volunteers.services import availability, swaps
from volunteers.services import shifts as shifts_services
from volunteers.wording import at_local, monday_of, week_label

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MINUTE = datetime.timedelta(minutes=1)
# The today page, everything it loads, must stay light for a phone on a
# poor signal: this is the most it may weigh, uncompressed.
TODAY_PAGE_BUDGET = 200_000


def phone(browser, live_server, user):
    context = browser.new_context(
        viewport=PHONE, locale="en-GB", is_mobile=True, has_touch=True, device_scale_factor=2
    )
    signed_in(context, live_server, user)
    return context, context.new_page()


def desktop(browser, live_server, user):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    signed_in(context, live_server, user)
    return context, context.new_page()


def actor_of(world, role: str) -> Actor:
    return Actor.for_user(world.users[role], world.organisation.pk)


def give_phones(world) -> None:
    world.manager.phone = "07700 900456"
    world.manager.save(update_fields=["phone"])
    world.organisation.out_of_hours_phone = "0161 496 0999"
    world.organisation.save(update_fields=["out_of_hours_phone"])


def cleared(world, user, kind: str = VolunteerProfile.Kind.CLV) -> VolunteerProfile:
    """A profile with an in-date DBS check and the four mandatory courses:
    cleared for lone visits."""
    today = timezone.localdate()
    org = world.organisation
    with organisation_scope(org):
        profile = VolunteerProfile.objects.create(
            organisation=org, user=user, kind=kind, stage=VolunteerProfile.Stage.ACTIVE
        )
        DBSCheck.objects.create(
            organisation=org,
            profile=profile,
            level="enhanced",
            certificate_number="001234567890",
            issued_on=today - datetime.timedelta(days=200),
            renewal_due=today + datetime.timedelta(days=500),
        )
        for module in ensure_mandatory_modules(org):
            TrainingRecord.objects.create(
                organisation=org,
                profile=profile,
                module=module,
                completed_on=today - datetime.timedelta(days=100),
                expires_on=today + datetime.timedelta(days=900),
            )
    return profile


# --- 1. A CLV's day on a phone --------------------------------------------------------------


def test_a_clv_works_their_day_from_the_today_page_on_a_phone(browser, live_server, org_a):
    give_phones(org_a)
    org = org_a.organisation
    zone = local_zone(org)
    local_today = timezone.now().astimezone(zone).date()
    noon = datetime.datetime.combine(local_today, datetime.time(12), tzinfo=zone)
    with organisation_scope(org):
        dora = MemberFactory(network=org_a.network, full_name="Dora Pennington")
        for member in (org_a.member, dora):
            Allocation.objects.create(
                organisation=org, member=member, worker=org_a.clv, started_on=local_today
            )
        shift = Shift.objects.create(
            organisation=org,
            network=org_a.network,
            worker=org_a.clv,
            kind=Shift.Kind.CLV,
            starts_at=noon,
            ends_at=noon + datetime.timedelta(hours=4),
            notes="Bring the leaflets",
        )
        PlannedVisit.objects.create(
            organisation=org, shift=shift, member=dora, note="Gas bill letter"
        )

    context, page = phone(browser, live_server, org_a.clv)
    page.goto(f"{live_server.url}/today/")
    shifts = page.locator("section[aria-labelledby=my-shifts]")
    assert "midday to 4pm" in shifts.inner_text()
    assert "Bring the leaflets" in shifts.inner_text()
    due = page.locator("section[aria-labelledby=to-see]")
    names = due.locator("h3").all_inner_texts()
    assert names == ["Dora Pennington", org_a.member.full_name], "never seen first"
    assert "You have not seen them yet." in due.inner_text()
    assert "Gas bill letter" in due.inner_text()
    assert page.locator("a[href='tel:07700900456']").is_visible()  # the support manager
    assert page.locator("a[href='tel:01614960999']").is_visible()  # out of hours
    assert_accessible(page)
    assert_fits_phone(page)

    # Log a contact with Dora from her card, and come back to today.
    page.get_by_role("button", name="Log a contact with Dora Pennington").click()
    page.wait_for_selector("h1:has-text('Log a contact')")
    assert page.locator("#id_member").input_value() == str(dora.pk)
    assert_accessible(page)
    assert_fits_phone(page)
    page.check("input[name=method][value=phone]")
    page.check("input[name=minutes][value='15']")
    page.click("button:has-text('Save') >> nth=0")
    page.wait_for_url(f"{live_server.url}/today/")
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "Saved: 15 minutes with Dora Pennington" in banner
    dora_card = due.locator("li.app-card", has_text="Dora Pennington")
    assert "You saw them today." in dora_card.inner_text()

    # Check in to visit Dora, saying when the visit will end.
    now = timezone.now().astimezone(zone)
    until = (now + 45 * MINUTE).replace(second=0, microsecond=0)
    page.select_option("#id_member", str(dora.pk))
    if until.date() == now.date():
        page.fill("#id_until", until.strftime("%H:%M"))
        expected_end = until
    else:  # too near midnight for a time of day: the quick choice instead
        page.check("input[name=duration][value='30']")
        expected_end = None
    page.click("button:has-text('Check in')")
    page.wait_for_url(f"{live_server.url}/today/")
    with organisation_scope(org):
        session = LoneWorkingSession.objects.get(worker=org_a.clv)
    if expected_end is None:
        expected_end = session.expected_end_at
    assert session.expected_end_at == expected_end
    assert (session.member, session.checked_out_at) == (dora, None)
    by = clock(expected_end, org)
    assert f"Checked in to visit Dora Pennington. Check out by {by}." in page.content()
    lone = page.locator("section[aria-labelledby=lone-working]")
    assert "You said you would finish by" in lone.inner_text()
    assert page.locator("#id_member").count() == 0  # the form gives way to Check out
    assert_accessible(page)
    assert_fits_phone(page)

    page.click("button:has-text('Check out: I am safe')")
    page.wait_for_url(f"{live_server.url}/today/")
    assert "Thank you: you are safe." in page.content()
    assert page.locator("button:has-text('Check in')").is_visible()
    assert_accessible(page)
    assert_fits_phone(page)
    context.close()

    with organisation_scope(org):
        contact = Contact.objects.get(member=dora)
        session.refresh_from_db()
    assert (contact.worker, contact.method, contact.minutes) == (org_a.clv, "phone", 15)
    assert session.checked_out_at is not None
    assert session.started_at < session.checked_out_at < session.expected_end_at
    with organisation_scope(org):
        assert not LoneWorkingSession.objects.filter(checked_out_at__isnull=True).exists()


# --- 2. The today page's weight ----------------------------------------------------------------


def test_the_today_page_weighs_under_200_kb(browser, live_server, org_a):
    give_phones(org_a)
    with organisation_scope(org_a.organisation):
        Allocation.objects.create(
            organisation=org_a.organisation,
            member=org_a.member,
            worker=org_a.clv,
            started_on=timezone.localdate(),
        )
    from playwright.sync_api import Error as PlaywrightError

    context, page = phone(browser, live_server, org_a.clv)
    loaded: dict[str, int] = {}

    def count(response) -> None:
        if 300 <= response.status < 400:
            return
        try:
            loaded[response.url] = len(response.body())
        except PlaywrightError:  # a body the browser did not keep: timing below counts it
            loaded.setdefault(response.url, 0)

    page.on("response", count)
    page.goto(f"{live_server.url}/today/", wait_until="networkidle")
    # What the browser says it fetched (encoded sizes, headers included),
    # as a second opinion on the bodies counted above.
    timing = page.evaluate(
        """() => {
          const nav = performance.getEntriesByType('navigation')[0];
          const parts = performance.getEntriesByType('resource')
            .map((r) => [r.name, r.transferSize, r.decodedBodySize]);
          return {document: [nav.transferSize, nav.decodedBodySize], parts};
        }"""
    )
    context.close()
    total = sum(loaded.values())
    transferred = timing["document"][0] + sum(size for _, size, _ in timing["parts"])
    listing = "\n".join(f"{size:>8} {url}" for url, size in sorted(loaded.items()))
    assert any(url.endswith("/today/") for url in loaded), listing
    assert any(".css" in url for url in loaded), listing
    assert total < TODAY_PAGE_BUDGET, f"today weighs {total} bytes:\n{listing}"
    assert transferred < TODAY_PAGE_BUDGET, f"{transferred} bytes transferred:\n{timing}"


# --- 3. A support manager closes gaps in the rota ---------------------------------------------


def rota_with_gaps(world):
    """Next week in the world's network: the enabler's Tuesday evening, but
    they are away that day and offer it to the CLV (a swap waiting for the
    support manager); an open shift on Wednesday evening. Both are cleared
    for lone visits. Returns (Tuesday, Wednesday, the swap, the open shift)."""
    cleared(world, world.clv)
    enabler = world.users[Role.COMMUNITY_ENABLER]
    cleared(world, enabler, VolunteerProfile.Kind.ENABLER)
    manager = actor_of(world, Role.SUPPORT_MANAGER)
    away = actor_of(world, Role.COMMUNITY_ENABLER)
    monday = monday_of(timezone.localdate()) + datetime.timedelta(days=7)
    tuesday, wednesday = monday + datetime.timedelta(days=1), monday + datetime.timedelta(days=2)
    with organisation_scope(world.organisation):
        evening = shifts_services.shift_create(
            actor=manager,
            network=world.network,
            kind=Shift.Kind.EVENING,
            starts_at=at_local(tuesday, datetime.time(18)),
            ends_at=at_local(tuesday, datetime.time(22)),
            worker=enabler,
        )
        availability.availability_add(
            actor=away,
            kind="time_off",
            starts_at=at_local(tuesday, datetime.time(0)),
            ends_at=at_local(wednesday, datetime.time(0)),
            note="Family wedding.",
        )
        swap = swaps.swap_request(
            actor=away, shift=evening, to_worker=world.clv, reason="I am away that day."
        )
        open_shift = shifts_services.shift_create(
            actor=manager,
            network=world.network,
            kind=Shift.Kind.EVENING,
            starts_at=at_local(wednesday, datetime.time(18)),
            ends_at=at_local(wednesday, datetime.time(22)),
            notes="Covering the hub's film night.",
        )
    return tuesday, wednesday, swap, open_shift


def gap_count(page) -> int:
    text = page.locator("#gap-count").inner_text()
    return 0 if text.startswith("No gaps") else int(text.split()[0])


def day_row(page, day: datetime.date):
    return page.locator(f"#day-{day.isoformat()}")


def test_a_support_manager_closes_gaps_with_a_swap_and_an_open_shift(browser, live_server, org_a):
    tuesday, wednesday, swap, open_shift = rota_with_gaps(org_a)
    enabler = org_a.users[Role.COMMUNITY_ENABLER]
    week = week_label(monday_of(tuesday))
    rota_url = f"{live_server.url}/networks/{org_a.network.pk}/rota/?week={week}"

    context, page = desktop(browser, live_server, org_a.manager)
    page.goto(f"{live_server.url}/dashboard/")
    assert_accessible(page)
    page.goto(rota_url)
    before = gap_count(page)
    tuesday_row = day_row(page, tuesday)
    assert "No one on" in tuesday_row.inner_text() and "in the evening" in tuesday_row.inner_text()
    away = f"{enabler.get_short_name()} has time off but is on the rota"
    assert away in page.locator("#week-gaps").inner_text()
    wednesday_row = day_row(page, wednesday)
    assert "An open shift needs someone: 6pm to 10pm." in wednesday_row.inner_text()
    assert_accessible(page)

    # The swap: from the enabler, who is away, to the CLV, who is cleared.
    page.click("text=Swaps waiting")
    page.wait_for_url("**/rota/swaps/")
    assert "1 swap waiting for a decision" in page.content()
    assert_accessible(page)
    page.get_by_role(
        "button", name=f"Approve {enabler.full_name}'s swap to {org_a.clv.full_name}"
    ).click()
    page.wait_for_url("**/rota/swaps/")
    assert f"Approved: {org_a.clv.full_name} is now on" in page.content()
    assert "No swaps are waiting." in page.content()
    assert_accessible(page)

    page.goto(rota_url)
    after_swap = gap_count(page)
    assert after_swap == before - 2, "Tuesday's evening and the time-off clash are closed"
    assert "No gaps" in day_row(page, tuesday).inner_text()
    assert org_a.clv.full_name in day_row(page, tuesday).inner_text()
    assert away not in page.content()

    # The CLV picks up Wednesday's open shift on their phone ...
    clv_context, clv_page = phone(browser, live_server, org_a.clv)
    clv_page.goto(f"{live_server.url}/rota/")
    clv_page.get_by_role("button", name="Pick up the shift").first.click()
    clv_page.wait_for_url(f"{live_server.url}/rota/")
    assert "Thank you." in clv_page.content()
    assert_accessible(clv_page)
    assert_fits_phone(clv_page)
    clv_context.close()

    # ... and the support manager sees that gap close too.
    page.goto(rota_url)
    assert gap_count(page) == after_swap - 1
    wednesday_row = day_row(page, wednesday)
    assert "No gaps" in wednesday_row.inner_text()
    assert "Open shift" not in wednesday_row.inner_text()
    assert org_a.clv.full_name in wednesday_row.inner_text()
    assert_accessible(page)
    context.close()

    with organisation_scope(org_a.organisation):
        swap.refresh_from_db()
        open_shift.refresh_from_db()
        moved = Shift.objects.get(pk=swap.shift_id)
    assert swap.status == SwapRequest.Status.APPROVED
    assert moved.worker == org_a.clv
    assert open_shift.worker == org_a.clv


# --- 4. The other volunteers pages on a phone --------------------------------------------------


def volunteers_world(world) -> dict:
    """Something on every page: the rota above, a recruit in the pipeline,
    a course, and a CLV who has not checked out (alerted)."""
    from volunteers.tasks import raise_overdue_alerts_task

    tuesday, _, _, _ = rota_with_gaps(world)
    with organisation_scope(world.organisation):
        recruit = VolunteerProfile.objects.create(
            organisation=world.organisation,
            user=world.users[Role.CONNECTIONS_VOLUNTEER],
            kind=VolunteerProfile.Kind.CONNECTIONS,
            stage=VolunteerProfile.Stage.REFERENCES,
        )
        profile = VolunteerProfile.objects.get(user=world.clv)
        now = timezone.now()
        LoneWorkingSession.objects.create(
            organisation=world.organisation,
            worker=world.clv,
            member=world.member,
            started_at=now - datetime.timedelta(minutes=70),
            expected_end_at=now - datetime.timedelta(minutes=10),
        )
    raise_overdue_alerts_task()
    with organisation_scope(world.organisation):
        assert LoneWorkingAlert.objects.exists()
    return {"profile": profile.pk, "recruit": recruit.pk, "tuesday": tuesday}


PAGES = {
    Role.CLV: [
        "/rota/",
        "/rota/availability/",
        "/rota/hours/",
        "/rota/calendar/",
        "/networks/{network}/rota/?week={week}",
    ],
    Role.SUPPORT_MANAGER: [
        "/volunteers/",
        "/volunteers/{profile}/",
        "/volunteers/{recruit}/",
        "/volunteers/training/",
        "/lone-working/alerts/",
        "/rota/availability/",
        "/rota/hours/{clv}/",
        "/rota/swaps/",
        "/networks/{network}/rota/?week={week}",
        "/dashboard/",
    ],
}


@pytest.mark.parametrize("role", list(PAGES))
def test_volunteers_pages_are_accessible_on_a_phone(browser, live_server, org_a, role):
    """Each page in one world (made once per role: it takes a while), every
    failing page reported together."""
    made = volunteers_world(org_a)
    values = {
        "network": org_a.network.pk,
        "clv": org_a.clv.pk,
        "week": week_label(monday_of(made["tuesday"])),
        "profile": made["profile"],
        "recruit": made["recruit"],
    }
    context, page = phone(browser, live_server, org_a.users[role])
    problems = {}
    for path in PAGES[role]:
        url = path.format(**values)
        response = page.goto(f"{live_server.url}{url}")
        try:
            assert response.status == 200, response.status
            assert "/accounts/" not in page.url, page.url
            assert_accessible(page)
            assert_fits_phone(page)
        except AssertionError as error:
            problems[url] = str(error).splitlines()[0]
    context.close()
    assert problems == {}


def test_the_calendar_link_page_once_a_link_is_made(browser, live_server, org_a):
    context, page = phone(browser, live_server, org_a.clv)
    page.goto(f"{live_server.url}/rota/calendar/")
    page.click("button:has-text('Make my private link')")
    page.wait_for_selector("text=Your private link is ready")
    link = page.locator("#calendar-link").input_value()
    assert link.startswith(f"{live_server.url}/calendar/") and link.endswith(".ics")
    assert_accessible(page)
    assert_fits_phone(page)
    context.close()
