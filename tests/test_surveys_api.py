"""The surveys, survey responses and quality checks API: for each, another
organisation's rows are not found, the allowed role works, a role too low
is refused (403), another organisation's ids land nothing, and the same
rules as the pages (no questions, closed survey, answering twice)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from keyring_net.actors import Actor
from keyring_net.tenancy import organisation_scope
from outcomes.models import (
    QualityAction,
    QualityCheck,
    QualityFinding,
    Survey,
    SurveyChoice,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from outcomes.services import quality as services_quality
from outcomes.services import surveys as services
from tests import factories

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"text": "Happy with support?", "easy_read_text": "Are you happy with your support?"},
    {"text": "Anything else?", "easy_read_text": "Anything else?", "kind": "text"},
]


def post(client, path, data):
    return client.post(path, data, content_type="application/json")


def counts(world, *models):
    with organisation_scope(world.organisation):
        return {
            m.__name__: m.objects.filter(organisation=world.organisation).count() for m in models
        }


def open_survey(world, **kwargs):
    actor = Actor.for_user(world.manager, world.organisation.pk)
    with organisation_scope(world.organisation):
        survey = services.survey_create(
            actor=actor,
            title=kwargs.pop("title", "Members' survey"),
            easy_read_title="Tell us",
            networks=[world.network],
            questions=[
                services.QuestionInput("Happy?", "Are you happy?"),
                services.QuestionInput("Words?", "Anything else?", kind="text"),
            ],
            **kwargs,
        )
        return services.survey_open(actor=actor, survey=survey)


# --- surveys/ ------------------------------------------------------------------------------


def test_a_manager_creates_a_survey_with_questions_and_sends_it(client, org_a):
    client.force_login(org_a.manager)
    response = post(
        client,
        "/api/v1/surveys/",
        {
            "title": "Spring survey",
            "easy_read_title": "Tell us what you think",
            "networks": [org_a.network.pk],
            "questions": QUESTIONS,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft" and body["networks"] == [org_a.network.pk]
    assert [q["kind"] for q in body["questions"]] == ["faces", "text"]
    assert [c["score"] for c in body["questions"][0]["choices"]] == [5, 4, 3, 2, 1]
    opened = post(client, f"/api/v1/surveys/{body['id']}/open/", {})
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    with organisation_scope(org_a.organisation):
        assert SurveyInvitation.objects.filter(survey_id=body["id"]).count() == 1
    closed = post(client, f"/api/v1/surveys/{body['id']}/close/", {})
    assert closed.json()["status"] == "closed"


def test_a_survey_with_no_questions_is_refused(client, org_a):
    client.force_login(org_a.manager)
    before = counts(org_a, Survey)
    response = post(
        client, "/api/v1/surveys/", {"title": "Empty", "easy_read_title": "Empty", "questions": []}
    )
    assert response.status_code == 400
    assert response.json()["errors"]["questions"] == ["Add at least one question to the survey."]
    assert counts(org_a, Survey) == before


def test_another_organisations_network_lands_nothing(client, org_a, org_b):
    client.force_login(org_a.manager)
    before = counts(org_b, Survey, SurveyQuestion) | counts(org_a, Survey, SurveyQuestion)
    response = post(
        client,
        "/api/v1/surveys/",
        {
            "title": "Sneaky",
            "easy_read_title": "Sneaky",
            "networks": [org_b.network.pk],
            "questions": QUESTIONS,
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"]["networks"] == ["Not found."]
    assert counts(org_b, Survey, SurveyQuestion) | counts(org_a, Survey, SurveyQuestion) == before


def test_surveys_trio(client, org_a, org_b):
    theirs = open_survey(org_b, title=f"Survey {org_b.marker}")
    ours = open_survey(org_a)
    client.force_login(org_a.manager)
    assert client.get(f"/api/v1/surveys/{theirs.pk}/").status_code == 404
    assert post(client, f"/api/v1/surveys/{theirs.pk}/close/", {}).status_code == 404
    listed = client.get("/api/v1/surveys/").json()
    assert [s["id"] for s in listed["results"]] == [ours.pk]
    assert client.get(f"/api/v1/surveys/{ours.pk}/").json()["title"] == "Members' survey"
    client.force_login(org_a.clv)
    assert client.get("/api/v1/surveys/").status_code == 403
    assert client.get(f"/api/v1/surveys/{ours.pk}/").status_code == 403
    assert post(client, f"/api/v1/surveys/{ours.pk}/close/", {}).status_code == 403
    with organisation_scope(org_a.organisation):
        assert Survey.objects.get(pk=ours.pk).status == "open"
    with organisation_scope(org_b.organisation):
        assert Survey.objects.get(pk=theirs.pk).status == "open"


def test_sending_without_networks_says_so(client, org_a):
    client.force_login(org_a.manager)
    made = post(
        client, "/api/v1/surveys/", {"title": "T", "easy_read_title": "T", "questions": QUESTIONS}
    ).json()
    response = post(client, f"/api/v1/surveys/{made['id']}/open/", {})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "non_field_errors": ["Choose at least one network before you send this survey."]
    }


# --- survey-responses/ ---------------------------------------------------------------------


def _answers(survey, label="Happy", text="It is good."):
    with organisation_scope(survey.organisation):
        faces = SurveyQuestion.objects.get(survey=survey, kind="faces")
        words = SurveyQuestion.objects.get(survey=survey, kind="text")
        choice = SurveyChoice.objects.get(question=faces, label=label)
    return [{"question": faces.pk, "choice": choice.pk}, {"question": words.pk, "text": text}]


def test_a_member_sends_their_answers_once(client, org_a):
    survey = open_survey(org_a)
    client.force_login(org_a.member_user)
    response = post(
        client,
        "/api/v1/survey-responses/",
        {"survey": survey.pk, "mode": "anonymous", "answers": _answers(survey)},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["mode"] == "anonymous"
    with organisation_scope(org_a.organisation):
        row = SurveyResponse.objects.get(survey=survey)
        assert row.member_id is None
        assert timezone.localtime(row.submitted_at).time() == datetime.time(0, 0)
    again = post(
        client, "/api/v1/survey-responses/", {"survey": survey.pk, "answers": _answers(survey)}
    )
    assert again.status_code == 400
    assert again.json()["errors"] == {
        "non_field_errors": ["You have already answered this survey. Thank you."]
    }


def test_an_answer_to_a_closed_survey_is_refused_with_a_clear_message(client, org_a):
    survey = open_survey(org_a)
    with organisation_scope(org_a.organisation):
        services.survey_close(actor=Actor.for_user(org_a.manager), survey=survey)
    client.force_login(org_a.member_user)
    response = post(
        client, "/api/v1/survey-responses/", {"survey": survey.pk, "answers": _answers(survey)}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"non_field_errors": ["This survey has closed. Thank you."]}
    assert counts(org_a, SurveyResponse) == {"SurveyResponse": 0}


def test_survey_responses_trio(client, org_a, org_b):
    ours = open_survey(org_a)
    theirs = open_survey(org_b)
    client.force_login(org_b.member_user)
    post(
        client,
        "/api/v1/survey-responses/",
        {"survey": theirs.pk, "answers": _answers(theirs, text=f"Words {org_b.marker}")},
    )
    client.force_login(org_a.member_user)
    # Another organisation's survey is not found, and nothing lands there.
    before = counts(org_b, SurveyResponse)
    refused = post(
        client, "/api/v1/survey-responses/", {"survey": theirs.pk, "answers": _answers(theirs)}
    )
    assert refused.status_code == 400 and refused.json()["errors"]["survey"] == ["Not found."]
    assert counts(org_b, SurveyResponse) == before
    assert client.get("/api/v1/survey-responses/").status_code == 403  # members do not read
    post(
        client,
        "/api/v1/survey-responses/",
        {
            "survey": ours.pk,
            "mode": "supporter",
            "supporter_name": "Ann",
            "answers": _answers(ours, "Sad", "Lonely"),
        },
    )
    client.force_login(org_a.manager)
    body = client.get("/api/v1/survey-responses/").json()
    assert len(body["results"]) == 1
    (row,) = body["results"]
    assert (row["member"], row["mode"], row["supporter_name"]) == (
        org_a.member.pk,
        "supporter",
        "Ann",
    )
    assert {(a["choice_label"], a["score"], a["text"]) for a in row["answers"]} == {
        (None, None, "Lonely"),
        ("Sad", 2, ""),
    }
    assert org_b.marker not in str(body)
    client.force_login(org_a.clv)
    assert client.get("/api/v1/survey-responses/").status_code == 403
    assert post(client, "/api/v1/survey-responses/", {"survey": ours.pk}).status_code == 403


def test_a_survey_not_sent_to_the_member_is_not_found(client, org_a):
    with organisation_scope(org_a.organisation):
        other = factories.NetworkFactory(cluster=org_a.network.cluster)
        factories.MemberFactory(network=other)
    actor = Actor.for_user(org_a.manager, org_a.organisation.pk)
    with organisation_scope(org_a.organisation):
        survey = services.survey_create(
            actor=actor,
            title="Elsewhere",
            easy_read_title="Elsewhere",
            networks=[other],
            questions=[services.QuestionInput("Happy?", "Are you happy?")],
        )
        services.survey_open(actor=actor, survey=survey)
    client.force_login(org_a.member_user)
    response = post(client, "/api/v1/survey-responses/", {"survey": survey.pk})
    assert response.status_code == 400 and response.json()["errors"]["survey"] == ["Not found."]


# --- quality-checks/ -------------------------------------------------------------------------


def test_a_checker_records_a_check_with_findings_and_actions(client, org_a):
    with organisation_scope(org_a.organisation):
        checklist = services_quality.ensure_default_checklist(org_a.organisation)
        items = list(checklist.items.order_by("position"))
    client.force_login(org_a.users["quality_checker"])
    response = post(
        client,
        "/api/v1/quality-checks/",
        {
            "network": org_a.network.pk,
            "visit_on": "2026-11-20",
            "checkers": [org_a.users["quality_checker"].pk],
            "summary": "Friendly network.",
            "findings": [
                {"item": items[0].pk, "rating": "good", "note": "Felt heard."},
                {"item": items[4].pk, "rating": "needs_work", "note": "Broken lock."},
            ],
            "actions": [
                {
                    "text": "Ask the landlord to fix the lock",
                    "owner": org_a.manager.pk,
                    "due_on": "2026-12-20",
                    "item": items[4].pk,
                }
            ],
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "done" and body["checklist"] == checklist.pk
    assert sorted((f["item_text"], f["rating"]) for f in body["findings"]) == [
        ("Homes feel safe", "needs_work"),
        ("Members feel listened to", "good"),
    ]
    (action,) = body["actions"]
    with organisation_scope(org_a.organisation):
        finding = QualityFinding.objects.get(item=items[4])
    assert (action["owner"], action["due_on"], action["finding"]) == (
        org_a.manager.pk,
        "2026-12-20",
        finding.pk,
    )


def test_quality_checks_trio_and_mass_assignment(client, org_a, org_b):
    checker_b = Actor.for_user(org_b.users["quality_checker"], org_b.organisation.pk)
    with organisation_scope(org_b.organisation):
        theirs = services_quality.check_plan(
            actor=checker_b,
            network=org_b.network,
            checklist=services_quality.ensure_default_checklist(org_b.organisation),
            visit_on=datetime.date(2026, 11, 1),
            other_checkers=f"Visitor {org_b.marker}",
        )
    client.force_login(org_a.users["quality_checker"])
    assert client.get(f"/api/v1/quality-checks/{theirs.pk}/").status_code == 404
    assert client.get("/api/v1/quality-checks/").json()["results"] == []
    before = counts(org_b, QualityCheck, QualityAction) | counts(org_a, QualityCheck)
    refused = post(
        client,
        "/api/v1/quality-checks/",
        {
            "network": org_b.network.pk,
            "visit_on": "2026-11-20",
            "checkers": [org_b.users["quality_checker"].pk],
            "actions": [{"text": "x", "owner": org_b.manager.pk}],
        },
    )
    assert refused.status_code == 400
    assert refused.json()["errors"]["network"] == ["Not found."]
    assert refused.json()["errors"]["checkers"] == ["Not found."]
    assert counts(org_b, QualityCheck, QualityAction) | counts(org_a, QualityCheck) == before
    made = post(
        client,
        "/api/v1/quality-checks/",
        {"network": org_a.network.pk, "visit_on": "2026-11-20", "other_checkers": "Pat"},
    )
    assert made.status_code == 201 and made.json()["status"] == "planned"
    client.force_login(org_a.clv)
    assert client.get("/api/v1/quality-checks/").status_code == 403
    assert client.get(f"/api/v1/quality-checks/{made.json()['id']}/").status_code == 403
    client.force_login(org_a.member_user)
    assert client.get(f"/api/v1/quality-checks/{made.json()['id']}/").status_code == 404
