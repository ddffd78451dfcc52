"""An interview's outcome comes only from its panel's decision (the old
free-text form books an interview with no outcome; old records keep
theirs), and everyone put on a panel is told once, on the channels they
chose, in easy read for a member."""

from __future__ import annotations

import datetime
import inspect

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from keyring_net.actors import Actor
from keyring_net.models import Role
from keyring_net.tenancy import organisation_scope
from notifications.models import Delivery, Kind, Notification, NotificationPreference
from volunteers.models import Interview, VolunteerProfile
from volunteers.services import panels, recruitment

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def manager(world) -> Actor:
    return Actor.for_user(world.manager, world.organisation.pk)


def profile_of(world) -> VolunteerProfile:
    with organisation_scope(world.organisation):
        profile, _ = VolunteerProfile.objects.get_or_create(
            organisation=world.organisation,
            user=world.clv,
            kind=VolunteerProfile.Kind.CLV,
            defaults={"network": world.network},
        )
    return profile


def booked(world, held_on=TODAY + datetime.timedelta(days=5)) -> Interview:
    with organisation_scope(world.organisation):
        return recruitment.interview_record(
            actor=manager(world), profile=profile_of(world), held_on=held_on, panel="On paper"
        )


def test_the_free_text_interview_has_no_outcome_only_the_panel_decides(client, org_a):
    assert "outcome" not in inspect.signature(recruitment.interview_record).parameters
    client.force_login(org_a.manager)
    profile = profile_of(org_a)
    sent = client.post(
        f"/volunteers/{profile.pk}/interviews/add/",
        {
            "held_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
            "panel": "Sam and Alan",
            "members_on_panel": "1",
            "outcome": "offer",
        },
    )
    with organisation_scope(org_a.organisation):
        interview = Interview.objects.get(profile=profile)
    assert sent.status_code == 302
    assert sent["Location"] == f"/volunteers/interviews/{interview.pk}/"
    assert (interview.outcome, interview.decided_at) == (Interview.Outcome.PENDING, None)
    # The decision page refuses a decision with nobody on the panel.
    refused = client.post(
        f"/volunteers/interviews/{interview.pk}/decision/",
        {"outcome": "offer", "reasons": "Good."},
    )
    assert "Put people on the panel first." in refused.content.decode()
    with organisation_scope(org_a.organisation):
        interview.refresh_from_db()
    assert interview.outcome == Interview.Outcome.PENDING


def test_an_interview_recorded_with_an_outcome_before_panels_stays_readable(client, org_a):
    profile = profile_of(org_a)
    with organisation_scope(org_a.organisation):
        old = Interview.objects.create(  # a record from before panels
            organisation=org_a.organisation,
            profile=profile,
            held_on=TODAY - datetime.timedelta(days=400),
            panel="Sam (support manager), Alan (member)",
            members_on_panel=1,
            outcome=Interview.Outcome.OFFER,
        )
    client.force_login(org_a.manager)
    page = client.get(f"/volunteers/{profile.pk}/").content.decode()
    assert "Offer" in page and "Sam (support manager), Alan (member)" in page
    assert client.get(f"/volunteers/interviews/{old.pk}/").status_code == 200


def test_a_member_and_a_worker_put_on_a_panel_are_told_once_each(org_a):
    interview = booked(org_a)
    member_user, worker = org_a.users[Role.MEMBER], org_a.users[Role.COMMUNITY_ENABLER]
    with organisation_scope(org_a.organisation):
        NotificationPreference.objects.create(
            organisation=org_a.organisation, user=worker, channels=["in_app", "email"]
        )
        NotificationPreference.objects.create(
            organisation=org_a.organisation, user=member_user, channels=["in_app"]
        )
        for person in (member_user, worker):
            seat = panels.seat_add(actor=manager(org_a), interview=interview, person=person)
        # Taken off and put back: still one message each.
        panels.seat_remove(actor=manager(org_a), seat=seat)
        panels.seat_add(actor=manager(org_a), interview=interview, person=worker)
        told = {n.recipient_id: n for n in Notification.objects.filter(kind=Kind.PANEL_SEAT)}
        channels = {
            (d.notification.recipient_id, d.channel)
            for d in Delivery.objects.filter(notification__kind=Kind.PANEL_SEAT).select_related(
                "notification"
            )
        }
    assert set(told) == {member_user.pk, worker.pk}
    easy = told[member_user.pk]
    assert easy.easy_read and easy.link == "/my/interviews/"
    assert easy.title == "You are on an interview panel."
    applicant, day = org_a.clv.full_name, f"{interview.held_on:%A} {interview.held_on.day}"
    assert f"The person is {applicant}." in easy.body
    assert f"The interview is on {day}" in easy.body
    assert "tell us what you think" in easy.body
    staff = told[worker.pk]
    assert not staff.easy_read and applicant in staff.title
    assert org_a.manager.full_name in staff.body
    assert (worker.pk, "email") in channels and (member_user.pk, "email") not in channels
    assert (member_user.pk, "in_app") in channels


def test_nobody_is_told_of_a_panel_they_were_not_put_on(org_a, org_b):
    interview = booked(org_a)
    with organisation_scope(org_a.organisation):
        with pytest.raises(ValidationError):  # not one of us
            panels.seat_add(
                actor=manager(org_a), interview=interview, person=org_b.users[Role.MEMBER]
            )
        assert not Notification.objects.filter(kind=Kind.PANEL_SEAT).exists()
