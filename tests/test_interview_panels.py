"""Values-based recruitment with the real database: the organisation's
values (changed, retired, never deleted), an interview's panel of staff and
members, each panel member's scores on the easy-read form, the decision
that keeps every view and its reasons, who may do what, the change history
and the interview page's query count."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from keyring_net.actors import Actor
from keyring_net.models import Role
from keyring_net.tenancy import organisation_scope
from tests import factories
from tests.helpers import assert_constant_queries, pinned
from volunteers.models import (
    Interview,
    PanelScore,
    PanelSeat,
    RecruitmentValue,
    VolunteerProfile,
)
from volunteers.selectors.people import missing_to_move_on
from volunteers.services import panels

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
Score = PanelScore.Score


def actor(world, role=Role.SUPPORT_MANAGER) -> Actor:
    return Actor.for_user(world.users[role], world.organisation.pk)


def add_values(world, *names: str) -> list[RecruitmentValue]:
    with organisation_scope(world.organisation):
        return [
            panels.value_add(
                actor=actor(world),
                name=name,
                meaning=f"What {name} means at work.",
                easy_read=f"They show {name.lower()}.",
            )
            for name in names
        ]


def interview_with_panel(world, *roles, held_on=TODAY - datetime.timedelta(days=2)):
    """An interview of the world CLV's record with these roles' people on
    its panel."""
    with organisation_scope(world.organisation):
        profile, _ = VolunteerProfile.objects.get_or_create(
            organisation=world.organisation,
            user=world.clv,
            kind=VolunteerProfile.Kind.CLV,
            defaults={"network": world.network, "notes": f"Profile {world.marker}"},
        )
        interview = Interview.objects.create(
            organisation=world.organisation, profile=profile, held_on=held_on, panel=""
        )
        seats = [
            panels.seat_add(actor=actor(world), interview=interview, person=world.users[role])
            for role in roles
        ]
    return interview, seats


def send(world, role, seat, scores, note=""):
    with organisation_scope(world.organisation):
        panels.scores_send(actor=actor(world, role), seat=seat, scores=scores, note=note)


# --- Values -------------------------------------------------------------------------------------


def test_values_are_added_in_order_changed_and_retired_never_deleted(org_a):
    respect, listening = add_values(org_a, "Respect", "Listening")
    assert (respect.order, listening.order) == (1, 2)
    with organisation_scope(org_a.organisation):
        with pytest.raises(ValidationError) as twice:
            add_values(org_a, "respect")
        assert twice.value.message_dict["name"] == ["There is already a value called respect."]
        with pytest.raises(ValidationError) as long:
            panels.value_add(
                actor=actor(org_a),
                name="Patience",
                meaning="Waits.",
                easy_read=" ".join(["word"] * 16),
            )
        assert long.value.message_dict["easy_read"] == [
            "Use 15 words or fewer, so it is easy to read."
        ]
        panels.value_change(
            actor=actor(org_a),
            value=respect,
            name="Respect",
            meaning="Treats everyone as an equal.",
            easy_read="They treat people as equals.",
            pictogram="handshake",
            order=3,
        )
        panels.value_active_switch(actor=actor(org_a), value=listening)
        assert [v.name for v in RecruitmentValue.objects.filter(active=True)] == ["Respect"]
        assert RecruitmentValue.objects.count() == 2
        assert respect.history.latest().history_user == org_a.manager
        with pytest.raises(PermissionDenied):
            panels.value_add(
                actor=actor(org_a, Role.CLV), name="Kindness", meaning="x", easy_read="y"
            )


# --- The panel and its scores ----------------------------------------------------------------


def test_members_and_staff_sit_on_a_panel_but_not_the_applicant_or_another_organisation(
    org_a, org_b
):
    interview, (member_seat, enabler_seat) = interview_with_panel(
        org_a, Role.MEMBER, Role.COMMUNITY_ENABLER
    )
    assert (member_seat.as_member, enabler_seat.as_member) == (True, False)
    with organisation_scope(org_a.organisation):
        for person in (org_a.member_user, org_a.clv, org_b.users[Role.SUPPORT_MANAGER]):
            with pytest.raises(ValidationError) as refused:
                panels.seat_add(actor=actor(org_a), interview=interview, person=person)
            assert "cannot join this panel" in refused.value.message_dict["person"][0]
        assert PanelSeat.objects.filter(interview=interview).count() == 2


def test_a_panel_member_scores_every_value_and_may_change_them_until_the_decision(org_a):
    respect, listening = add_values(org_a, "Respect", "Listening")
    _, (seat,) = interview_with_panel(org_a, Role.MEMBER)
    with pytest.raises(ValidationError) as half:
        send(org_a, Role.MEMBER, seat, {respect.pk: Score.YES})
    assert half.value.message_dict == {f"value_{listening.pk}": ["Choose an answer."]}
    with pytest.raises(ValidationError) as off_scale:
        send(org_a, Role.MEMBER, seat, {respect.pk: 5, listening.pk: 0})
    assert set(off_scale.value.message_dict) == {f"value_{respect.pk}", f"value_{listening.pk}"}
    with pytest.raises(ValidationError) as long_note:
        send(org_a, Role.MEMBER, seat, {respect.pk: 3, listening.pk: 3}, "x" * 2001)
    assert long_note.value.message_dict == {
        "note": ["This is too long. Use 2000 letters or fewer."]
    }

    send(org_a, Role.MEMBER, seat, {respect.pk: Score.YES, listening.pk: Score.A_LITTLE}, "Kind.")
    send(org_a, Role.MEMBER, seat, {respect.pk: Score.VERY_MUCH, listening.pk: Score.A_LITTLE})
    with organisation_scope(org_a.organisation):
        scores = dict(PanelScore.objects.filter(seat=seat).values_list("value_id", "score"))
        seat.refresh_from_db()
        latest = PanelScore.objects.get(seat=seat, value=respect).history.latest()
    assert scores == {respect.pk: Score.VERY_MUCH, listening.pk: Score.A_LITTLE}
    assert seat.scored_at is not None and seat.note == ""
    assert latest.history_user == org_a.member_user


def test_only_the_person_in_the_seat_scores_it(org_a):
    (respect,) = add_values(org_a, "Respect")
    _, (seat,) = interview_with_panel(org_a, Role.MEMBER)
    for role in (Role.SUPPORT_MANAGER, Role.COMMUNITY_ENABLER):
        with pytest.raises(ValidationError, match="Only the person on the panel"):
            send(org_a, role, seat, {respect.pk: Score.YES})
    with pytest.raises(PermissionDenied):
        send(org_a, Role.COMMISSIONER, seat, {respect.pk: Score.YES})
    with organisation_scope(org_a.organisation):
        assert not PanelScore.objects.exists()


def test_scores_wait_for_the_day_of_the_interview(org_a):
    (respect,) = add_values(org_a, "Respect")
    _, (seat,) = interview_with_panel(
        org_a, Role.MEMBER, held_on=TODAY + datetime.timedelta(days=3)
    )
    with pytest.raises(ValidationError, match="on the day of the interview"):
        send(org_a, Role.MEMBER, seat, {respect.pk: Score.YES})


def test_the_decision_waits_for_every_panel_member_then_keeps_their_views(org_a):
    respect, listening = add_values(org_a, "Respect", "Listening")
    interview, (member_seat, enabler_seat) = interview_with_panel(
        org_a, Role.MEMBER, Role.COMMUNITY_ENABLER
    )
    send(org_a, Role.MEMBER, member_seat, {respect.pk: Score.YES, listening.pk: Score.YES})

    def decide(**kwargs):
        with organisation_scope(org_a.organisation):
            return panels.interview_decide(actor=actor(org_a), interview=interview, **kwargs)

    with pytest.raises(ValidationError) as waiting:
        decide(outcome=Interview.Outcome.OFFER, reasons="Strong on both.")
    assert waiting.value.messages == [
        "Every panel member sends their scores first. "
        f"Still to come: {org_a.users[Role.COMMUNITY_ENABLER]}."
    ]
    send(org_a, Role.COMMUNITY_ENABLER, enabler_seat, {respect.pk: 2, listening.pk: 3}, "Shy.")
    with pytest.raises(ValidationError) as no_reasons:
        decide(outcome=Interview.Outcome.OFFER, reasons="  ")
    assert no_reasons.value.message_dict == {"reasons": ["Give the reasons for the decision."]}

    decided = decide(outcome=Interview.Outcome.OFFER, reasons="Strong on both.")
    assert decided.outcome == Interview.Outcome.OFFER and decided.decided_by == org_a.manager
    assert missing_to_move_on("interview", interviews=[decided], **_nothing_else()) == []

    # Nothing changes once it is made: not the scores, not the panel, not the decision.
    with pytest.raises(ValidationError, match="The decision is made"):
        send(org_a, Role.MEMBER, member_seat, {respect.pk: 1, listening.pk: 1})
    with organisation_scope(org_a.organisation):
        with pytest.raises(ValidationError, match="The decision is made"):
            panels.seat_add(actor=actor(org_a), interview=interview, person=org_a.admin)
        with pytest.raises(ValidationError, match="The decision is made"):
            panels.seat_remove(actor=actor(org_a), seat=enabler_seat)
        with pytest.raises(ValidationError, match="The decision is made"):
            panels.interview_decide(
                actor=actor(org_a), interview=interview, outcome="no_offer", reasons="Again."
            )
        assert dict(PanelScore.objects.filter(seat=member_seat).values_list("value_id", "score"))
        assert set(PanelScore.objects.values_list("score", flat=True)) == {2, 3}


def _nothing_else() -> dict:
    return {"references": [], "dbs_checks": [], "clearance_reasons": [], "on": TODAY}


def test_a_panel_member_who_has_scored_stays_on_the_panel(org_a):
    (respect,) = add_values(org_a, "Respect")
    interview, (member_seat, enabler_seat) = interview_with_panel(
        org_a, Role.MEMBER, Role.COMMUNITY_ENABLER
    )
    send(org_a, Role.MEMBER, member_seat, {respect.pk: Score.YES})
    with organisation_scope(org_a.organisation):
        with pytest.raises(ValidationError, match="stay on the panel"):
            panels.seat_remove(actor=actor(org_a), seat=member_seat)
        panels.seat_remove(actor=actor(org_a), seat=enabler_seat)
        assert list(PanelSeat.objects.filter(interview=interview)) == [member_seat]
        assert PanelSeat.history.filter(history_type="-").get().history_user == org_a.manager


# --- Pages --------------------------------------------------------------------------------------


def test_managers_add_a_value_on_its_page_and_bad_input_keeps_what_was_typed(client, org_a):
    client.force_login(org_a.manager)
    bad = client.post(
        "/volunteers/values/",
        {"name": "Respect", "meaning": "", "easy_read": "They are kind.", "pictogram": "heart"},
    )
    page = bad.content.decode()
    assert bad.status_code == 200 and "Say what it means, in plain words." in page
    assert 'value="They are kind."' in page
    done = client.post(
        "/volunteers/values/",
        {
            "name": "Respect",
            "meaning": "Treats people as equals.",
            "easy_read": "They are kind.",
            "pictogram": "heart",
        },
        follow=True,
    )
    assert "Respect added." in done.content.decode()
    with organisation_scope(org_a.organisation):
        value = RecruitmentValue.objects.get()
    retired = client.post(f"/volunteers/values/{value.pk}/in-use/", follow=True)
    assert "Respect is retired." in retired.content.decode()


def test_a_member_scores_on_the_easy_read_form_and_the_interview_page_shows_the_panel(
    client, org_a
):
    respect, listening = add_values(org_a, "Respect", "Listening")
    interview, _ = interview_with_panel(org_a, Role.MEMBER, Role.COMMUNITY_ENABLER)
    client.force_login(org_a.member_user)
    listed = client.get("/my/interviews/").content.decode()
    assert f"Interview with {org_a.clv}" in listed
    form = client.get(f"/my/interviews/{interview.pk}/").content.decode()
    assert "They show respect." in form and "Very much" in form and "Not yet" in form
    assert "Profile marker" not in form  # nothing of the applicant's record but their name

    half = client.post(f"/my/interviews/{interview.pk}/", {f"value_{respect.pk}": "4"})
    page = half.content.decode()
    assert half.status_code == 200 and "Listening: Choose an answer." in page
    assert f'id="value-{respect.pk}-4" name="value_{respect.pk}" value="4" checked' in page
    sent = client.post(
        f"/my/interviews/{interview.pk}/",
        {f"value_{respect.pk}": "4", f"value_{listening.pk}": "3", "note": "Warm and kind."},
        follow=True,
    )
    assert "Thank you. We have kept your scores." in sent.content.decode()

    client.force_login(org_a.manager)
    shown = client.get(f"/volunteers/interviews/{interview.pk}/").content.decode()
    assert "4: Very much" in shown and "3: Yes" in shown and "Warm and kind." in shown
    assert f"Waiting for scores from: {org_a.users[Role.COMMUNITY_ENABLER]}" in shown


def test_scoring_is_not_found_for_anyone_not_on_the_panel(client, org_a, org_b):
    (respect,) = add_values(org_a, "Respect")
    interview, _ = interview_with_panel(org_a, Role.MEMBER)
    path = f"/my/interviews/{interview.pk}/"
    for user in (org_a.manager, org_a.admin, org_a.clv, org_b.member_user):
        client.force_login(user)
        assert client.get(path).status_code == 404
        assert client.post(path, {f"value_{respect.pk}": "3"}).status_code == 404
    with organisation_scope(org_a.organisation):
        assert not PanelScore.objects.exists()


def test_the_decision_page_records_the_decision_and_the_reasons(client, org_a):
    (respect,) = add_values(org_a, "Respect")
    interview, (seat,) = interview_with_panel(org_a, Role.MEMBER)
    send(org_a, Role.MEMBER, seat, {respect.pk: Score.YES})
    client.force_login(org_a.manager)
    path = f"/volunteers/interviews/{interview.pk}/decision/"
    assert "3: Yes" in client.get(path).content.decode()  # the panel's views beside the form
    missing = client.post(path, {"outcome": "offer"}).content.decode()
    assert "Give the reasons for the decision." in missing
    done = client.post(path, {"outcome": "offer", "reasons": "Listens well."}, follow=True)
    page = done.content.decode()
    assert "The decision is recorded, with every panel member" in page
    assert "Appointed" in page and "Listens well." in page


def test_the_interview_page_reads_a_fixed_number_of_queries(client, org_a):
    values = add_values(org_a, "Respect", "Listening", "Honesty")
    interview, _ = interview_with_panel(org_a)

    def more(n):
        with organisation_scope(org_a.organisation):
            while PanelSeat.objects.filter(interview=interview).count() < n:
                person = factories.UserFactory()
                factories.RoleAssignmentFactory(
                    organisation=org_a.organisation, user=person, role=Role.MEMBER
                )
                seat = panels.seat_add(actor=actor(org_a), interview=interview, person=person)
                for value in values:
                    PanelScore.objects.create(
                        organisation=org_a.organisation, seat=seat, value=value, score=3
                    )

    client.force_login(org_a.manager)

    def fetch():
        response = client.get(f"/volunteers/interviews/{interview.pk}/")
        assert response.status_code == 200 and "3: Yes" in response.content.decode()

    assert assert_constant_queries(more, fetch, sizes=(2, 12)) == pinned(7)


# --- The demo -----------------------------------------------------------------------------------


def test_the_demo_has_values_and_an_interview_scored_by_a_panel_with_a_member(client):
    import io

    from django.core.management import call_command

    from keyring_net.middleware import SESSION_ORGANISATION_KEY
    from keyring_net.models import Organisation

    call_command("seed_demo", "--allow-production", "--json", stdout=io.StringIO())
    organisation = Organisation.objects.order_by("slug").first()
    with organisation_scope(organisation):
        assert RecruitmentValue.objects.filter(active=True).count() == 5
        decided = Interview.objects.exclude(decision_reasons="").get()
        seats = list(PanelSeat.objects.filter(interview=decided).select_related("person"))
        member_seat = next(seat for seat in seats if seat.as_member)
        assert len(seats) == 3 and all(seat.scored_at for seat in seats)
        assert PanelScore.objects.filter(seat__interview=decided).count() == 15
        booked = PanelSeat.objects.filter(person=member_seat.person).exclude(interview=decided)
        assert booked.get().scored_at is None
    client.force_login(member_seat.person)
    session = client.session
    session[SESSION_ORGANISATION_KEY] = organisation.pk
    session.save()
    listed = client.get("/my/interviews/").content.decode()
    assert listed.count("Interview with") == 2 and "You have sent your scores." in listed


# --- The API ------------------------------------------------------------------------------------


def test_the_api_adds_values_and_shows_each_panel_members_view(client, org_a, org_b):
    (respect,) = add_values(org_a, "Respect")
    interview, (seat,) = interview_with_panel(org_a, Role.MEMBER)
    send(org_a, Role.MEMBER, seat, {respect.pk: Score.VERY_MUCH}, "Kind.")
    client.force_login(org_a.manager)
    views = client.get("/api/v1/panel-views/").json()["results"]
    assert views == [
        {
            "id": seat.pk,
            "interview": interview.pk,
            "person": org_a.member_user.pk,
            "person_name": org_a.member_user.full_name,
            "as_member": True,
            "scored_at": views[0]["scored_at"],
            "note": "Kind.",
            "scores": [{"value": respect.pk, "value_name": "Respect", "score": 4}],
        }
    ]
    refused = client.post(
        "/api/v1/recruitment-values/",
        {"name": "respect", "meaning": "Again.", "easy_read": "Again."},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "There is already a value called respect." in str(refused.json())
    added = client.post(
        "/api/v1/recruitment-values/",
        {"name": "Honesty", "meaning": "Tells the truth.", "easy_read": "They tell the truth."},
        content_type="application/json",
    )
    assert added.status_code == 201 and added.json()["order"] == 2
    (theirs,) = add_values(org_b, "Courage")
    assert client.get(f"/api/v1/recruitment-values/{theirs.pk}/").status_code == 404
    client.force_login(org_a.clv)
    assert client.get("/api/v1/panel-views/").status_code == 403
