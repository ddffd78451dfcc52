"""Volunteer and enabler profiles and recruitment, with the real database:
the pipeline one stage at a time (and what each stage needs), interview
panels with members on them, DBS checks and their renewal, the four
mandatory courses and the organisation's own, who is cleared for lone
visits and why not, plain errors next to the field with what was typed
kept, the API, other organisations' records, query counts and the change
history."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone

from keyring_net.actors import Actor
from keyring_net.models import Role, User
from keyring_net.tenancy import organisation_scope
from networks.models import Home
from tests.helpers import assert_constant_queries, pinned
from volunteers.clearance import blockers, ensure_mandatory_modules
from volunteers.models import (
    DBSCheck,
    Interview,
    Reference,
    TrainingModule,
    TrainingRecord,
    VolunteerProfile,
)
from volunteers.selectors.panels import active_values
from volunteers.services import panels, recruitment, training
from volunteers.services import people as people_services

pytestmark = pytest.mark.django_db

Stage = VolunteerProfile.Stage
Kind = VolunteerProfile.Kind
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def manager_of(world) -> Actor:
    return Actor.for_user(world.manager, world.organisation.pk)


def offer_by_panel(world, interview: Interview) -> Interview:
    """The panel's decision on ``interview``: the support manager sits on it,
    sends their scores and offers the role (the only way to an offer)."""
    actor = manager_of(world)
    with organisation_scope(world.organisation):
        seat = panels.seat_add(actor=actor, interview=interview, person=world.manager)
        scores = {value.pk: 3 for value in active_values(world.organisation)}
        panels.scores_send(actor=actor, seat=seat, scores=scores, note="Kind and patient.")
        return panels.interview_decide(
            actor=actor, interview=interview, outcome="offer", reasons="Shows our values."
        )


def interview_offered(world, profile, held_on: datetime.date) -> Interview:
    with organisation_scope(world.organisation):
        interview = recruitment.interview_record(
            actor=manager_of(world),
            profile=profile,
            held_on=held_on,
            panel="Sam (support manager), Alan (member)",
            members_on_panel=1,
        )
    return offer_by_panel(world, interview)


def recruit(world, *, user: User | None = None, kind: str = Kind.CLV) -> VolunteerProfile:
    """Someone at "applied", through the service (the world CLV unless said)."""
    with organisation_scope(world.organisation):
        return people_services.recruit_add(
            actor=manager_of(world),
            kind=kind,
            person=user or world.clv,
            network=world.network,
            weekly_commitment_hours=Decimal("12"),
        )


def give_dbs(world, profile, *, issued_on=TODAY - 100 * DAY, renewal_due=None) -> DBSCheck:
    with organisation_scope(world.organisation):
        return recruitment.dbs_check_record(
            actor=manager_of(world),
            profile=profile,
            level=DBSCheck.Level.ENHANCED_BARRED,
            certificate_number="0012 3456 7890",
            issued_on=issued_on,
            on_update_service=True,
            renewal_due=renewal_due,
        )


def give_training(world, profile, *, skip=(), completed_on=TODAY - 30 * DAY, expires_on=None):
    with organisation_scope(world.organisation):
        for module in ensure_mandatory_modules(world.organisation):
            if module.name not in skip:
                training.training_record(
                    actor=manager_of(world),
                    profile=profile,
                    module=module,
                    completed_on=completed_on,
                    expires_on=expires_on,
                )


def move(world, profile, to_stage, reason="", on=None) -> VolunteerProfile:
    with organisation_scope(world.organisation):
        return people_services.profile_move(
            actor=manager_of(world), profile=profile, to_stage=to_stage, reason=reason, on=on
        )


def walk_to(world, profile, stage) -> VolunteerProfile:
    """Record what each stage needs and move them on, up to ``stage``."""
    actor = manager_of(world)
    with organisation_scope(world.organisation):
        while profile.stage != stage:
            if profile.stage == Stage.INTERVIEW:
                interview_offered(world, profile, TODAY - 20 * DAY)
            elif profile.stage == Stage.REFERENCES:
                recruitment.reference_record(
                    actor=actor,
                    profile=profile,
                    referee="Joan Ashworth (employer)",
                    received_on=TODAY - 10 * DAY,
                    satisfactory=True,
                )
            elif profile.stage == Stage.DBS:
                give_dbs(world, profile)
            elif profile.stage == Stage.INDUCTION:
                give_training(world, profile)
            following = {
                Stage.APPLIED: Stage.INTERVIEW,
                Stage.INTERVIEW: Stage.REFERENCES,
                Stage.REFERENCES: Stage.DBS,
                Stage.DBS: Stage.INDUCTION,
                Stage.INDUCTION: Stage.ACTIVE,
            }[profile.stage]
            profile = people_services.profile_move(actor=actor, profile=profile, to_stage=following)
    return profile


def messages_of(error: ValidationError, field: str) -> list[str]:
    return error.message_dict[field]


def field_error(html: str, name: str) -> str:
    """The error shown next to field ``name`` (GOV.UK error message), as text."""
    match = re.search(
        rf'<p id="id_{name}(?:_0)?-error" class="govuk-error-message">(.*?)</p>', html, re.S
    )
    assert match, f"no error next to {name}"
    text = re.sub(r"<span class=\"govuk-visually-hidden\">Error:</span>", "", match.group(1))
    return unescape(re.sub(r"\s+", " ", re.sub(r"<br>", " ", text))).strip()


def typed_value(html: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert tag, f"no input {name}"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return unescape(value.group(1)) if value else ""


def textarea_value(html: str, name: str) -> str:
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', html, re.S)
    assert match, f"no textarea {name}"
    return unescape(match.group(1)).strip()


def page_text(response) -> str:
    assert response.status_code == 200, response.status_code
    return unescape(re.sub(r"\s+", " ", response.content.decode()))


def refresh(world, obj):
    with organisation_scope(world.organisation):
        obj.refresh_from_db()
    return obj


# --- The pipeline -------------------------------------------------------------------------------


def test_recruitment_goes_one_stage_at_a_time_and_each_stage_needs_its_record(org_a):
    profile = recruit(org_a)
    assert profile.stage == Stage.APPLIED and profile.started_on is None

    with pytest.raises(ValidationError) as skipped:
        move(org_a, profile, Stage.REFERENCES)
    assert messages_of(skipped.value, "to_stage") == [
        "They are at applied: the next stage is interview. Stages cannot be skipped."
    ]
    with pytest.raises(ValidationError) as straight_to_active:
        move(org_a, profile, Stage.ACTIVE)
    assert "the next stage is interview" in messages_of(straight_to_active.value, "to_stage")[0]

    profile = move(org_a, profile, Stage.INTERVIEW)  # booking an interview needs nothing
    with pytest.raises(ValidationError) as no_offer:
        move(org_a, profile, Stage.REFERENCES)
    assert messages_of(no_offer.value, "to_stage") == [
        "They cannot move on to references yet:",
        "They need an interview that ended in an offer. Record it first.",
    ]
    interview_offered(org_a, profile, TODAY - 3 * DAY)
    profile = move(org_a, profile, Stage.REFERENCES)

    with organisation_scope(org_a.organisation):
        recruitment.reference_record(
            actor=manager_of(org_a), profile=profile, referee="Ravi Patel (personal)"
        )  # asked for, not back yet
    with pytest.raises(ValidationError) as waiting:
        move(org_a, profile, Stage.DBS)
    assert messages_of(waiting.value, "to_stage")[1] == (
        "They need a reference that came back satisfactory. Record it first."
    )
    profile = walk_to(org_a, profile, Stage.DBS)

    give_dbs(org_a, profile, issued_on=TODAY - 4 * 365 * DAY, renewal_due=TODAY - 40 * DAY)
    with pytest.raises(ValidationError) as old_dbs:
        move(org_a, profile, Stage.INDUCTION)
    assert messages_of(old_dbs.value, "to_stage")[1] == (
        f"Their DBS check ran out on {long_date(TODAY - 40 * DAY)}. Record the new one first."
    )
    give_dbs(org_a, profile)
    profile = move(org_a, profile, Stage.INDUCTION)

    give_training(org_a, profile, skip=("Lone Working", "Safeguarding"))
    with pytest.raises(ValidationError) as not_cleared:
        move(org_a, profile, Stage.ACTIVE)
    assert messages_of(not_cleared.value, "to_stage") == [
        "They cannot be active until this is put right:",
        "Lone Working training not done.",
        "Safeguarding training not done.",
    ]
    give_training(org_a, profile)
    profile = move(org_a, profile, Stage.ACTIVE)
    assert profile.stage == Stage.ACTIVE and profile.started_on == TODAY

    with pytest.raises(ValidationError) as already:
        move(org_a, profile, Stage.ACTIVE)
    assert messages_of(already.value, "to_stage") == ["They are already active."]
    with organisation_scope(org_a.organisation):
        stages = [h.stage for h in profile.history.order_by("history_id")]
        people = {h.history_user for h in profile.history.all()}
    assert stages == [
        Stage.APPLIED,
        Stage.INTERVIEW,
        Stage.REFERENCES,
        Stage.DBS,
        Stage.INDUCTION,
        Stage.ACTIVE,
    ]
    assert people == {org_a.manager}


def test_going_back_a_stage_and_leaving_need_a_reason_and_someone_who_left_can_apply_again(
    client, org_a
):
    profile = walk_to(org_a, recruit(org_a), Stage.REFERENCES)
    with pytest.raises(ValidationError) as two_back:
        move(org_a, profile, Stage.APPLIED, reason="Start again.")
    assert messages_of(two_back.value, "to_stage") == [
        "They are at references: the next stage is DBS check. Stages cannot be skipped."
    ]
    with pytest.raises(ValidationError) as no_reason:
        move(org_a, profile, Stage.INTERVIEW)
    assert messages_of(no_reason.value, "reason") == ["Say why they are going back a stage."]
    profile = move(org_a, profile, Stage.INTERVIEW, reason="Moved on by mistake.")
    assert profile.stage == Stage.INTERVIEW
    assert profile.notes.endswith(
        f"Went back from references to interview on {long_date(TODAY)}: Moved on by mistake."
    )

    with pytest.raises(ValidationError) as why_left:
        move(org_a, profile, Stage.LEFT)
    assert messages_of(why_left.value, "reason") == ["Say why they left."]
    profile = move(org_a, profile, Stage.LEFT, reason="Moved away for a new job.")
    with organisation_scope(org_a.organisation):
        last = profile.history.order_by("-history_id").first()
    assert last.history_change_reason == f"Left on {long_date(TODAY)}: Moved away for a new job."
    assert last.history_user == org_a.manager

    with pytest.raises(ValidationError) as from_left:
        move(org_a, profile, Stage.REFERENCES)
    assert "choose “They have applied again”" in messages_of(from_left.value, "to_stage")[0]
    with pytest.raises(ValidationError) as add_again:
        recruit(org_a)
    assert messages_of(add_again.value, "person") == [
        f"{org_a.clv} already has a community living volunteer record. They left: open their "
        "record and choose “They have applied again”."
    ]
    client.force_login(org_a.manager)
    page = page_text(client.get(f"/volunteers/{profile.pk}/"))
    assert f'They have left. <a class="govuk-link" href="/volunteers/{profile.pk}/stage/">' in page
    stage_page = client.get(f"/volunteers/{profile.pk}/stage/").content.decode()
    assert re.findall(r'name="to_stage" value="([a-z_]+)"', stage_page) == ["applied"]
    response = client.post(
        f"/volunteers/{profile.pk}/stage/", {"to_stage": "applied", "reason": "Back in the area."}
    )
    assert response.status_code == 302
    profile = refresh(org_a, profile)
    assert profile.stage == Stage.APPLIED
    assert profile.notes.endswith(f"Applied again on {long_date(TODAY)}: Back in the area.")
    with organisation_scope(org_a.organisation):
        assert profile.history.order_by("-history_id").first().history_user == org_a.manager


def test_the_profile_page_says_what_is_needed_and_moves_them_on(client, org_a):
    profile = walk_to(org_a, recruit(org_a), Stage.INTERVIEW)
    client.force_login(org_a.manager)
    page = page_text(client.get(f"/volunteers/{profile.pk}/"))
    assert "Before they move on to references:" in page
    assert "They need an interview that ended in an offer. Record it first." in page
    assert 'name="to_stage" value="references"' not in page  # no button that cannot work

    # The stage page offers only the next stage, one back, or leaving.
    stage_page = client.get(f"/volunteers/{profile.pk}/stage/").content.decode()
    offered = re.findall(r'name="to_stage" value="([a-z_]+)"', stage_page)
    assert offered == ["references", "applied", "left"]

    refused = page_text(client.post(f"/volunteers/{profile.pk}/stage/", {"to_stage": "active"}))
    assert field_error(refused, "to_stage") == "Choose what happens next."
    refused = page_text(client.post(f"/volunteers/{profile.pk}/stage/", {"to_stage": "references"}))
    assert field_error(refused, "to_stage") == (
        "They cannot move on to references yet: "
        "They need an interview that ended in an offer. Record it first."
    )
    left = client.post(
        f"/volunteers/{profile.pk}/stage/", {"to_stage": "left", "reason": "   "}
    ).content.decode()
    assert field_error(left, "reason") == "Say why they left."
    assert refresh(org_a, profile).stage == Stage.INTERVIEW

    response = client.post(
        f"/volunteers/{profile.pk}/interviews/add/",
        {
            "held_on": (TODAY - DAY).isoformat(),
            "panel": "Sam (support manager), Alan and Brenda (members)",
            "members_on_panel": "2",
            "outcome": "offer",  # the form has no outcome: the panel decides
        },
    )
    with organisation_scope(org_a.organisation):
        interview = Interview.objects.get(profile=profile)
    assert response.status_code == 302
    assert response["Location"] == f"/volunteers/interviews/{interview.pk}/"
    assert interview.outcome == Interview.Outcome.PENDING
    offer_by_panel(org_a, interview)
    page = page_text(client.get(f"/volunteers/{profile.pk}/"))
    assert 'name="to_stage" value="references"' in page
    moved = client.post(f"/volunteers/{profile.pk}/stage/", {"to_stage": "references"})
    assert moved.status_code == 302
    assert refresh(org_a, profile).stage == Stage.REFERENCES


def test_members_sit_on_interview_panels(client, org_a):
    profile = walk_to(org_a, recruit(org_a), Stage.INTERVIEW)
    client.force_login(org_a.manager)
    response = client.post(
        f"/volunteers/{profile.pk}/interviews/add/",
        {
            "held_on": (TODAY - 2 * DAY).isoformat(),
            "panel": f"{org_a.manager.full_name} (support manager), {org_a.member.full_name}",
            "members_on_panel": "1",
            "notes": "Talked about being a good neighbour.",
        },
    )
    assert response.status_code == 302
    with organisation_scope(org_a.organisation):
        interview = Interview.objects.exclude(outcome=Interview.Outcome.OFFER).get(profile=profile)
        assert interview.history.get().history_user == org_a.manager
    assert interview.members_on_panel == 1 and interview.outcome == Interview.Outcome.PENDING
    page = page_text(client.get(f"/volunteers/{profile.pk}/"))
    assert f"Panel: {org_a.manager.full_name} (support manager), {org_a.member.full_name}" in page
    assert "1 member on the panel" in page

    # The form offers no outcome: the panel's decision is the only way to one.
    form = page_text(client.get(f"/volunteers/{profile.pk}/interviews/add/"))
    assert 'name="outcome"' not in form
    too_many = client.post(
        f"/volunteers/{profile.pk}/interviews/add/",
        {"held_on": TODAY.isoformat(), "panel": "Sam, and Alan (member)", "members_on_panel": "-1"},
    ).content.decode()
    assert typed_value(too_many, "panel") == "Sam, and Alan (member)"
    assert field_error(too_many, "members_on_panel") == (
        "Enter how many members sat on the panel, like 2."
    )


# --- DBS checks ---------------------------------------------------------------------------------


def test_dbs_renewal_is_due_three_years_after_issue_unless_another_date_is_given(org_a):
    assert recruitment.dbs_renewal_default(datetime.date(2024, 3, 5)) == datetime.date(2027, 3, 5)
    assert recruitment.dbs_renewal_default(datetime.date(2024, 2, 29)) == datetime.date(2027, 2, 28)
    profile = recruit(org_a)
    check = give_dbs(org_a, profile, issued_on=datetime.date(2024, 2, 29))
    assert check.renewal_due == datetime.date(2027, 2, 28)
    assert check.certificate_number == "001234567890"  # spaces people type are dropped
    chosen = give_dbs(
        org_a, profile, issued_on=datetime.date(2025, 1, 10), renewal_due=datetime.date(2026, 1, 10)
    )
    assert chosen.renewal_due == datetime.date(2026, 1, 10)
    with organisation_scope(org_a.organisation):
        assert chosen.history.get().history_user == org_a.manager


def test_a_dbs_renewal_due_soon_is_shown_on_the_profile_and_pipeline(client, org_a):
    profile = walk_to(org_a, recruit(org_a), Stage.ACTIVE)
    give_dbs(org_a, profile, issued_on=TODAY - 3 * 365 * DAY, renewal_due=TODAY + 30 * DAY)
    with organisation_scope(org_a.organisation):
        DBSCheck.objects.filter(profile=profile).exclude(renewal_due=TODAY + 30 * DAY).delete()
    client.force_login(org_a.manager)
    due = f"DBS renewal due {long_date(TODAY + 30 * DAY)}"
    assert due in page_text(client.get(f"/volunteers/{profile.pk}/"))
    assert due in page_text(client.get("/volunteers/"))


# --- Clearance for lone visits -------------------------------------------------------------


def test_mandatory_training_running_out_stops_lone_visits_and_the_pages_say_why(client, org_a):
    from keyring_net.clock import local_to_utc
    from volunteers.services.shifts import worker_problems

    profile = walk_to(org_a, recruit(org_a), Stage.ACTIVE)
    with organisation_scope(org_a.organisation):
        assert blockers(org_a.organisation, org_a.clv.pk, TODAY) == []
        record = TrainingRecord.objects.get(profile=profile, module__name="Safeguarding")
    ran_out = TODAY - 2 * DAY
    with organisation_scope(org_a.organisation):
        # Done three years ago: it ran out two days ago.
        record.completed_on = ran_out - 3 * 365 * DAY
        record.expires_on = ran_out
        record.save(update_fields=["completed_on", "expires_on"])
    reason = f"Safeguarding training ran out on {long_date(ran_out)}."

    client.force_login(org_a.manager)
    page = page_text(client.get(f"/volunteers/{profile.pk}/"))
    assert "Not cleared for lone visits" in page
    assert "They cannot be put on a rota with lone visits until this is put right:" in page
    assert f"<li>{reason}</li>" in page
    assert reason in page_text(client.get("/volunteers/"))
    api = client.get(f"/api/v1/volunteers/{profile.pk}/").json()
    assert api["cleared_for_lone_visits"] is False
    assert api["clearance_reasons"] == [reason]

    # The rota refuses them for lone visits, with the same reason.
    start = local_to_utc(datetime.datetime.combine(TODAY + DAY, datetime.time(18)))
    evening = [(start, start + datetime.timedelta(hours=3))]
    with organisation_scope(org_a.organisation):
        [lone] = worker_problems(org_a.organisation, org_a.clv, evening, lone_visits=True)
        [not_lone] = worker_problems(org_a.organisation, org_a.clv, evening, lone_visits=False)
    assert any(reason in problem for problem in lone)
    assert not_lone == []

    # Done again: cleared again.
    give_training(
        org_a,
        profile,
        skip=("Health and Safety", "Lone Working", "Supporting Equality and Diversity"),
    )
    page = page_text(client.get(f"/volunteers/{profile.pk}/"))
    assert "Cleared for lone visits" in page
    assert "Not cleared" not in page and reason not in page


def test_before_they_are_active_the_page_says_what_is_missing_in_plain_words(client, org_a):
    applied = recruit(org_a, user=org_a.users[Role.COMMUNITY_ENABLER], kind=Kind.ENABLER)
    give_training(org_a, applied)
    inducting = walk_to(org_a, recruit(org_a), Stage.INDUCTION)  # DBS done, no courses yet
    client.force_login(org_a.manager)
    page = page_text(client.get(f"/volunteers/{applied.pk}/"))
    assert "<li>No DBS check recorded.</li>" in page
    page = page_text(client.get(f"/volunteers/{inducting.pk}/"))
    for name in ("Health and Safety", "Lone Working", "Safeguarding"):
        assert f"<li>{name} training not done.</li>" in page
    assert "They can be active once everything under “Lone visits” is put right." in page
    assert 'name="to_stage" value="active"' not in page
    cards = page_text(client.get("/volunteers/"))
    assert "<li>No DBS check recorded.</li>" in cards
    assert "<li>Supporting Equality and Diversity training not done.</li>" in cards


# --- Courses ---------------------------------------------------------------------------------


def test_the_organisations_own_courses_are_added_changed_and_kept_while_records_need_them(
    client, org_a
):
    client.force_login(org_a.manager)
    page = page_text(client.get("/volunteers/training/"))
    for name in (
        "Health and Safety",
        "Lone Working",
        "Safeguarding",
        "Supporting Equality and Diversity",
    ):
        assert name in page
    assert (
        client.post(
            "/volunteers/training/", {"name": "Autism  awareness", "valid_for_months": "24"}
        ).status_code
        == 302
    )
    with organisation_scope(org_a.organisation):
        autism = TrainingModule.objects.get(name="Autism awareness")
        assert autism.history.get().history_user == org_a.manager
    assert (autism.mandatory, autism.valid_for_months) == (False, 24)

    again = client.post(
        "/volunteers/training/", {"name": "autism awareness", "valid_for_months": "12"}
    ).content.decode()
    assert field_error(again, "name") == "There is already a course called autism awareness."
    assert typed_value(again, "name") == "autism awareness"
    bad = client.post(
        "/volunteers/training/", {"name": "Makaton", "valid_for_months": "500"}
    ).content.decode()
    assert field_error(bad, "valid_for_months") == (
        "Enter a number of months from 1 to 120, or leave it empty."
    )
    assert typed_value(bad, "valid_for_months") == "500"

    changed = client.post(
        f"/volunteers/training/{autism.pk}/",
        {"name": "Autism awareness (Oliver McGowan)", "valid_for_months": "36"},
    )
    assert changed.status_code == 302
    autism = refresh(org_a, autism)
    assert (autism.name, autism.valid_for_months) == ("Autism awareness (Oliver McGowan)", 36)

    with organisation_scope(org_a.organisation):
        safeguarding = TrainingModule.objects.get(name="Safeguarding")
    renamed = client.post(
        f"/volunteers/training/{safeguarding.pk}/", {"name": "Safety", "valid_for_months": "12"}
    ).content.decode()
    assert field_error(renamed, "name") == (
        "The four mandatory courses keep their names. Only change how long it lasts."
    )
    assert (
        client.post(
            f"/volunteers/training/{safeguarding.pk}/",
            {"name": "Safeguarding", "valid_for_months": "24"},
        ).status_code
        == 302
    )
    assert refresh(org_a, safeguarding).valid_for_months == 24

    # Someone has done it: it stays, with a message saying why.
    profile = recruit(org_a)
    with organisation_scope(org_a.organisation):
        record = training.training_record(
            actor=manager_of(org_a), profile=profile, module=autism, completed_on=TODAY - DAY
        )
    assert record.expires_on == TODAY - DAY + relativedelta(months=36)
    response = client.post(f"/volunteers/training/{autism.pk}/delete/", follow=True)
    assert (
        "Training in Autism awareness (Oliver McGowan) has been recorded, so it cannot be "
        "deleted. Records of it would be lost." in page_text(response)
    )
    mandatory = client.post(f"/volunteers/training/{safeguarding.pk}/delete/", follow=True)
    assert "Safeguarding is one of the four mandatory courses. It cannot be deleted." in page_text(
        mandatory
    )
    with organisation_scope(org_a.organisation):
        assert TrainingModule.objects.filter(pk__in=[autism.pk, safeguarding.pk]).count() == 2
        assert TrainingRecord.objects.filter(pk=record.pk).exists()
    page = client.get("/volunteers/training/").content.decode()
    assert f"/volunteers/training/{autism.pk}/delete/" not in page  # no button that cannot work

    # Nobody has done it: it can go, and the history says who removed it.
    with organisation_scope(org_a.organisation):
        makaton = training.module_add(
            actor=manager_of(org_a), name="Makaton", valid_for_months=None
        )
    assert (
        f"/volunteers/training/{makaton.pk}/delete/"
        in client.get("/volunteers/training/").content.decode()
    )
    gone = client.post(f"/volunteers/training/{makaton.pk}/delete/", follow=True)
    assert "Makaton deleted." in page_text(gone)
    with organisation_scope(org_a.organisation):
        assert not TrainingModule.objects.filter(pk=makaton.pk).exists()
        deleted = TrainingModule.history.filter(id=makaton.pk, history_type="-").get()
    assert deleted.history_user == org_a.manager


# --- Forms: plain errors next to the field, what was typed kept ---------------------------------


def test_dbs_form_errors_sit_next_to_their_fields_and_keep_what_was_typed(client, org_a):
    profile = recruit(org_a)
    client.force_login(org_a.manager)
    next_month = (TODAY + 30 * DAY).isoformat()
    html = client.post(
        f"/volunteers/{profile.pk}/dbs-checks/add/",
        {"level": "enhanced", "certificate_number": "12345-67", "issued_on": next_month},
    ).content.decode()
    assert field_error(html, "issued_on") == "The issue date cannot be in the future."
    assert field_error(html, "certificate_number") == (
        "The certificate number is 12 digits, like 001234567890. Check it and enter it again."
    )
    assert typed_value(html, "certificate_number") == "12345-67"
    assert typed_value(html, "issued_on") == next_month
    assert re.search(r'value="enhanced"[^>]*checked', html)
    assert "There is a problem" in html

    last_year = (TODAY - 365 * DAY).isoformat()
    renewal = client.post(
        f"/volunteers/{profile.pk}/dbs-checks/add/",
        {
            "level": "enhanced_barred",
            "certificate_number": "001234567890",
            "issued_on": last_year,
            "renewal_due": (TODAY - 400 * DAY).isoformat(),
        },
    ).content.decode()
    assert field_error(renewal, "renewal_due") == (
        f"The renewal date must be after the issue date, {long_date(TODAY - 365 * DAY)}."
    )
    not_a_date = client.post(
        f"/volunteers/{profile.pk}/dbs-checks/add/",
        {"level": "basic", "certificate_number": "001234567890", "issued_on": "31/02/2025"},
    ).content.decode()
    assert field_error(not_a_date, "issued_on") == "Enter a real date, like 3 March 2026."
    assert typed_value(not_a_date, "issued_on") == "31/02/2025"
    with organisation_scope(org_a.organisation):
        assert not DBSCheck.objects.exists()

    ok = client.post(
        f"/volunteers/{profile.pk}/dbs-checks/add/",
        {
            "level": "enhanced_barred",
            "certificate_number": "0012 3456 7890",
            "issued_on": last_year,
            "on_update_service": "on",
        },
    )
    assert ok.status_code == 302
    with organisation_scope(org_a.organisation):
        check = DBSCheck.objects.get()
    assert check.on_update_service and check.renewal_due == recruitment.dbs_renewal_default(
        TODAY - 365 * DAY
    )


def test_training_form_refuses_an_expiry_before_completion(client, org_a):
    profile = recruit(org_a)
    with organisation_scope(org_a.organisation):
        lone = TrainingModule.objects.get(name="Lone Working")
    client.force_login(org_a.manager)
    done = (TODAY - 10 * DAY).isoformat()
    html = client.post(
        f"/volunteers/{profile.pk}/training/add/",
        {"module": lone.pk, "completed_on": done, "expires_on": (TODAY - 20 * DAY).isoformat()},
    ).content.decode()
    assert field_error(html, "expires_on") == (
        f"The date it runs out must be after the date it was done, {long_date(TODAY - 10 * DAY)}."
    )
    assert typed_value(html, "completed_on") == done
    assert re.search(rf'<option value="{lone.pk}" selected>', html)
    future = client.post(
        f"/volunteers/{profile.pk}/training/add/",
        {"module": lone.pk, "completed_on": (TODAY + DAY).isoformat()},
    ).content.decode()
    assert field_error(future, "completed_on") == "The date it was done cannot be in the future."
    with organisation_scope(org_a.organisation):
        assert not TrainingRecord.objects.exists()
    assert (
        client.post(
            f"/volunteers/{profile.pk}/training/add/", {"module": lone.pk, "completed_on": done}
        ).status_code
        == 302
    )
    with organisation_scope(org_a.organisation):
        record = TrainingRecord.objects.get()
        assert record.history.get().history_user == org_a.manager
    assert record.expires_on == TODAY - 10 * DAY + relativedelta(months=36)


def test_recruit_and_profile_forms_need_12_hours_from_a_clv(client, org_a):
    client.force_login(org_a.manager)
    html = client.post(
        "/volunteers/new/",
        {
            "full_name": "Aisha Begum",
            "email": "aisha@example.org",
            "kind": "clv",
            "network": org_a.network.pk,
            "weekly_commitment_hours": "8",
            "rent_arrangement": "Rent paid in return for 12 hours a week.",
        },
    ).content.decode()
    assert field_error(html, "weekly_commitment_hours") == "A CLV gives at least 12 hours a week."
    assert typed_value(html, "full_name") == "Aisha Begum"
    assert typed_value(html, "email") == "aisha@example.org"
    assert typed_value(html, "weekly_commitment_hours") == "8"
    assert typed_value(html, "rent_arrangement") == "Rent paid in return for 12 hours a week."
    with organisation_scope(org_a.organisation):
        assert not VolunteerProfile.objects.exists()
    assert not User.objects.filter(email="aisha@example.org").exists()

    # An enabler may give fewer hours, but has no home or rent in the network.
    enabler = client.post(
        "/volunteers/new/",
        {
            "full_name": "Tom Whitaker",
            "email": "tom@example.org",
            "kind": "community_enabler",
            "weekly_commitment_hours": "6",
            "rent_arrangement": "Free flat",
        },
    ).content.decode()
    assert field_error(enabler, "rent_arrangement") == (
        "Only a CLV has a rent arrangement. Leave it empty."
    )
    created = client.post(
        "/volunteers/new/",
        {
            "full_name": "Aisha Begum",
            "email": "Aisha@Example.org",
            "kind": "clv",
            "network": org_a.network.pk,
            "weekly_commitment_hours": "12.5",
        },
    )
    assert created.status_code == 302
    with organisation_scope(org_a.organisation):
        profile = VolunteerProfile.objects.get()
        assert profile.history.get().history_user == org_a.manager
    assert (profile.user.email, profile.stage, profile.weekly_commitment_hours) == (
        "aisha@example.org",
        Stage.APPLIED,
        Decimal("12.5"),
    )
    assert not profile.user.has_usable_password()
    with organisation_scope(org_a.organisation):
        assert not profile.user.role_assignments.exists()  # no role until an admin gives one

    with organisation_scope(org_a.organisation):
        home = Home.objects.get(pk=org_a.network.clv_home_id)
    edit = client.post(
        f"/volunteers/{profile.pk}/edit/",
        {
            "network": org_a.network.pk,
            "weekly_commitment_hours": "10",
            "home": home.pk,
            "rent_arrangement": "Rent paid by us for 12 hours a week.",
            "started_on": (TODAY + 5 * DAY).isoformat(),
            "notes": "Starts soon.",
        },
    ).content.decode()
    assert field_error(edit, "weekly_commitment_hours") == "A CLV gives at least 12 hours a week."
    assert typed_value(edit, "weekly_commitment_hours") == "10"
    assert textarea_value(edit, "notes") == "Starts soon."
    assert re.search(rf'<option value="{home.pk}" selected>', edit)
    saved = client.post(
        f"/volunteers/{profile.pk}/edit/",
        {
            "network": org_a.network.pk,
            "weekly_commitment_hours": "14",
            "home": home.pk,
            "rent_arrangement": "Rent paid by us for 12 hours a week.",
            "started_on": (TODAY - 5 * DAY).isoformat(),
        },
    )
    assert saved.status_code == 302
    profile = refresh(org_a, profile)
    assert (profile.home_id, profile.weekly_commitment_hours, profile.started_on) == (
        home.pk,
        Decimal("14"),
        TODAY - 5 * DAY,
    )
    page = page_text(client.get(f"/volunteers/{profile.pk}/"))
    assert home.address_line_1 in page and "Rent paid by us for 12 hours a week." in page
    assert (
        f'Start date</dt><dd class="govuk-summary-list__value">{long_date(TODAY - 5 * DAY)}' in page
    )


# --- Query counts ------------------------------------------------------------------------------


def add_profiles(world, n: int) -> None:
    """Profiles in the world's network until there are ``n``: every stage,
    each with a DBS check and two courses done (one run out)."""
    organisation = world.organisation
    with organisation_scope(organisation):
        have = VolunteerProfile.objects.count()
        if have >= n:
            return
        modules = ensure_mandatory_modules(organisation)
        users = User.objects.bulk_create(
            User(email=f"recruit{i}-{world.marker}@example.org", full_name=f"Recruit {i}")
            for i in range(have, n)
        )
        stages = list(Stage.values)
        profiles = VolunteerProfile.objects.bulk_create(
            VolunteerProfile(
                organisation=organisation,
                user=user,
                kind=Kind.CLV if i % 2 else Kind.ENABLER,
                network=world.network if i % 3 else None,
                stage=stages[i % len(stages)],
            )
            for i, user in enumerate(users)
        )
        DBSCheck.objects.bulk_create(
            DBSCheck(
                organisation=organisation,
                profile=profile,
                level=DBSCheck.Level.ENHANCED,
                certificate_number="001234567890",
                issued_on=TODAY - 1000 * DAY,
                renewal_due=TODAY + (i % 90) * DAY,
            )
            for i, profile in enumerate(profiles)
        )
        TrainingRecord.objects.bulk_create(
            TrainingRecord(
                organisation=organisation,
                profile=profile,
                module=module,
                completed_on=TODAY - 400 * DAY,
                expires_on=TODAY + (-5 if j else 300) * DAY,
            )
            for profile in profiles
            for j, module in enumerate(modules[:2])
        )


def test_the_pipeline_page_reads_a_fixed_number_of_queries(client, org_a):
    client.force_login(org_a.manager)

    def fetch():
        response = client.get("/volunteers/")
        assert response.status_code == 200
        assert "Lone Working training ran out on" in response.content.decode()

    assert assert_constant_queries(lambda n: add_profiles(org_a, n), fetch) == pinned(9)


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/api/v1/volunteers/", 9), ("/api/v1/training-records/", 5), ("/api/v1/dbs-checks/", 5)],
)
def test_api_lists_read_a_fixed_number_of_queries(client, org_a, path, expected):
    client.force_login(org_a.manager)

    def fetch():
        response = client.get(path)
        assert response.status_code == 200
        assert response.json()["results"]

    assert assert_constant_queries(lambda n: add_profiles(org_a, n), fetch) == pinned(expected)


def test_the_profile_page_reads_a_fixed_number_of_queries(client, org_a):
    profile = walk_to(org_a, recruit(org_a), Stage.ACTIVE)
    client.force_login(org_a.manager)

    def more(n):
        with organisation_scope(org_a.organisation):
            have = TrainingRecord.objects.filter(profile=profile).count()
            module = TrainingModule.objects.get(name="Safeguarding")
            TrainingRecord.objects.bulk_create(
                TrainingRecord(
                    organisation=org_a.organisation,
                    profile=profile,
                    module=module,
                    completed_on=TODAY - (i + 1) * DAY,
                )
                for i in range(have, n)
            )

    def fetch():
        assert client.get(f"/volunteers/{profile.pk}/").status_code == 200

    assert assert_constant_queries(more, fetch, sizes=(5, 60)) == pinned(
        13
    )  # 13 with the documents list


# --- Other organisations ---------------------------------------------------------------------


def test_another_organisations_records_are_not_found_on_pages_or_the_api(client, org_a, org_b):
    theirs = walk_to(org_b, recruit(org_b), Stage.ACTIVE)
    with organisation_scope(org_b.organisation):
        check = DBSCheck.objects.get(profile=theirs)
        record = TrainingRecord.objects.filter(profile=theirs).first()
        module = TrainingModule.objects.get(name="Safeguarding")
    for person in (org_a.manager, org_a.admin):
        client.force_login(person)
        for path in (
            f"/volunteers/{theirs.pk}/",
            f"/volunteers/{theirs.pk}/edit/",
            f"/volunteers/{theirs.pk}/stage/",
            f"/volunteers/{theirs.pk}/dbs-checks/add/",
            f"/volunteers/training/{module.pk}/",
            f"/api/v1/volunteers/{theirs.pk}/",
            f"/api/v1/dbs-checks/{check.pk}/",
            f"/api/v1/training-records/{record.pk}/",
        ):
            assert client.get(path).status_code == 404, path
        assert (
            client.post(
                f"/volunteers/{theirs.pk}/stage/", {"to_stage": "left", "reason": "x"}
            ).status_code
            == 404
        )
        assert (
            client.patch(
                f"/api/v1/volunteers/{theirs.pk}/",
                {"weekly_commitment_hours": "20"},
                content_type="application/json",
            ).status_code
            == 404
        )
        assert (
            client.post(
                f"/api/v1/volunteers/{theirs.pk}/move/",
                {"to_stage": "left", "reason": "x"},
                content_type="application/json",
            ).status_code
            == 404
        )
        for path in ("/api/v1/volunteers/", "/api/v1/dbs-checks/", "/api/v1/training-records/"):
            assert client.get(path).json()["results"] == [], path
        assert org_b.marker not in client.get("/volunteers/").content.decode()
        # Their profile's id sent in a new record is "Not found." and lands nothing.
        sent = client.post(
            "/api/v1/dbs-checks/",
            {
                "profile": theirs.pk,
                "level": "enhanced",
                "certificate_number": "001234567890",
                "issued_on": TODAY.isoformat(),
            },
            content_type="application/json",
        )
        assert sent.status_code == 400 and sent.json()["errors"]["profile"] == ["Not found."]
    theirs = refresh(org_b, theirs)
    assert (theirs.stage, theirs.weekly_commitment_hours) == (Stage.ACTIVE, Decimal("12"))
    with organisation_scope(org_b.organisation):
        assert DBSCheck.objects.count() == 1


# --- API -----------------------------------------------------------------------------------------


def test_api_creates_changes_and_moves_profiles_and_refuses_bad_input_by_field(client, org_a):
    client.force_login(org_a.manager)
    bad = client.post(
        "/api/v1/volunteers/",
        {
            "full_name": "Grace Adeyemi",
            "email": "grace@",
            "kind": "clv",
            "weekly_commitment_hours": "8",
        },
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"] == {
        "weekly_commitment_hours": ["A CLV gives at least 12 hours a week."]
    }
    bad = client.post(
        "/api/v1/volunteers/",
        {"full_name": "Grace Adeyemi", "email": "grace@", "kind": "clv"},
        content_type="application/json",
    )
    assert bad.json()["errors"] == {"email": ["Enter an e-mail address like name@example.org."]}
    bad = client.post(
        "/api/v1/volunteers/",
        {"kind": "gardener", "weekly_commitment_hours": "lots"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"] == {
        "kind": ["Choose what they will do."],
        "weekly_commitment_hours": ["Enter the hours as a number, like 12 or 12.5."],
    }
    with organisation_scope(org_a.organisation):
        assert not VolunteerProfile.objects.exists()

    created = client.post(
        "/api/v1/volunteers/",
        {"user": org_a.clv.pk, "kind": "clv", "network": org_a.network.pk},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["stage"], body["weekly_commitment_hours"], body["cleared_for_lone_visits"]) == (
        "applied",
        "12.0",
        False,
    )
    assert "No DBS check recorded." in body["clearance_reasons"]
    profile_id = body["id"]

    patched = client.patch(
        f"/api/v1/volunteers/{profile_id}/",
        {"weekly_commitment_hours": "11.5"},
        content_type="application/json",
    )
    assert patched.status_code == 400
    assert patched.json()["errors"] == {
        "weekly_commitment_hours": ["A CLV gives at least 12 hours a week."]
    }
    patched = client.patch(
        f"/api/v1/volunteers/{profile_id}/",
        {"started_on": "not a date", "home": 999999},
        content_type="application/json",
    )
    assert patched.json()["errors"] == {
        "started_on": ["Enter a real date, like 2026-03-03."],
        "home": ["Not found."],
    }
    patched = client.patch(
        f"/api/v1/volunteers/{profile_id}/",
        {"weekly_commitment_hours": "15", "rent_arrangement": "Rent paid for 12 hours a week."},
        content_type="application/json",
    )
    assert patched.status_code == 200
    assert patched.json()["weekly_commitment_hours"] == "15.0"
    assert patched.json()["network"] == org_a.network.pk  # what was not sent is kept

    skipped = client.post(
        f"/api/v1/volunteers/{profile_id}/move/",
        {"to_stage": "dbs"},
        content_type="application/json",
    )
    assert skipped.status_code == 400
    assert skipped.json()["errors"] == {
        "to_stage": ["They are at applied: the next stage is interview. Stages cannot be skipped."]
    }
    moved = client.post(
        f"/api/v1/volunteers/{profile_id}/move/",
        {"to_stage": "interview", "reason": "Interview booked for Tuesday."},
        content_type="application/json",
    )
    assert moved.status_code == 200 and moved.json()["stage"] == "interview"
    with organisation_scope(org_a.organisation):
        profile = VolunteerProfile.objects.get(pk=profile_id)
        history = list(profile.history.order_by("history_id"))
    assert [h.history_user for h in history] == [org_a.manager] * 3
    assert history[-1].history_change_reason == "Interview booked for Tuesday."
    assert history[1].weekly_commitment_hours == Decimal("15")


def test_api_records_dbs_checks_and_training_and_refuses_bad_input_by_field(client, org_a):
    profile = recruit(org_a)
    with organisation_scope(org_a.organisation):
        lone = TrainingModule.objects.get(name="Lone Working")
    client.force_login(org_a.manager)
    bad = client.post(
        "/api/v1/dbs-checks/",
        {
            "profile": profile.pk,
            "level": "enhanced",
            "certificate_number": "ABC123",
            "issued_on": (TODAY + DAY).isoformat(),
        },
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"] == {
        "certificate_number": [
            "The certificate number is 12 digits, like 001234567890. Check it and enter it again."
        ],
        "issued_on": ["The issue date cannot be in the future."],
    }
    missing = client.post("/api/v1/dbs-checks/", {}, content_type="application/json")
    assert missing.json()["errors"] == {
        "profile": ["This field is required."],
        "level": ["Choose the level of the check."],
        "certificate_number": ["Enter the certificate number."],
        "issued_on": ["Enter the date of issue."],
    }
    made = client.post(
        "/api/v1/dbs-checks/",
        {
            "profile": profile.pk,
            "level": "enhanced_barred",
            "certificate_number": "001234567890",
            "issued_on": "2024-02-29",
            "on_update_service": True,
        },
        content_type="application/json",
    )
    assert made.status_code == 201
    assert made.json()["renewal_due"] == "2027-02-28"
    listed = client.get(f"/api/v1/dbs-checks/?profile={profile.pk}").json()["results"]
    assert [row["id"] for row in listed] == [made.json()["id"]]

    bad = client.post(
        "/api/v1/training-records/",
        {
            "profile": profile.pk,
            "module": lone.pk,
            "completed_on": (TODAY - 5 * DAY).isoformat(),
            "expires_on": (TODAY - 6 * DAY).isoformat(),
        },
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"] == {
        "expires_on": [
            "The date it runs out must be after the date it was done, "
            f"{long_date(TODAY - 5 * DAY)}."
        ]
    }
    made = client.post(
        "/api/v1/training-records/",
        {"profile": profile.pk, "module": lone.pk, "completed_on": (TODAY - 5 * DAY).isoformat()},
        content_type="application/json",
    )
    assert made.status_code == 201
    assert made.json()["module_name"] == "Lone Working" and made.json()["mandatory"] is True
    with organisation_scope(org_a.organisation):
        check = DBSCheck.objects.get(profile=profile)
        record = TrainingRecord.objects.get(profile=profile)
        assert check.history.get().history_user == org_a.manager
        assert record.history.get().history_user == org_a.manager
    assert record.expires_on is not None and record.expires_on > record.completed_on


def test_only_support_managers_and_admins_see_volunteer_records(client, org_a):
    profile = recruit(org_a)
    for role in (Role.CLV, Role.COMMUNITY_ENABLER, Role.QUALITY_CHECKER, Role.COMMISSIONER):
        client.force_login(org_a.users[role])
        assert client.get(f"/volunteers/{profile.pk}/").status_code == 404, role
        assert client.get(f"/api/v1/volunteers/{profile.pk}/").status_code == 404, role
    client.force_login(org_a.admin)
    assert client.get(f"/volunteers/{profile.pk}/").status_code == 200


def test_reference_form_needs_a_date_when_it_has_an_answer(client, org_a):
    profile = walk_to(org_a, recruit(org_a), Stage.REFERENCES)
    client.force_login(org_a.manager)
    html = client.post(
        f"/volunteers/{profile.pk}/references/add/",
        {"referee": "Linda Osei (employer)", "satisfactory": "yes"},
    ).content.decode()
    assert field_error(html, "received_on") == "Enter the date the reference came back."
    assert typed_value(html, "referee") == "Linda Osei (employer)"
    with organisation_scope(org_a.organisation):
        assert not Reference.objects.filter(profile=profile).exists()
