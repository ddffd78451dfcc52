"""Satisfaction surveys: writing and sending them, members answering in
their own login (on their own, with a supporter, or without their name
kept), the refusals in plain words, the results' exact figures, and the
pages' query counts at two sizes."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from keyring_net.actors import Actor
from keyring_net.tenancy import organisation_scope
from members.models import Member
from outcomes.models import (
    Survey,
    SurveyAnswer,
    SurveyChoice,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from outcomes.selectors import survey_results as result_selectors
from outcomes.services import survey_answers as answering
from outcomes.services import surveys as services
from tests import factories
from tests.helpers import assert_constant_queries, count_queries, pinned

pytestmark = pytest.mark.django_db

FACES = services.QuestionInput("How happy are you with support?", "Are you happy?")
WORDS = services.QuestionInput(
    "Anything else?", "Anything else to tell us?", kind=SurveyQuestion.Kind.TEXT
)


@pytest.fixture
def manager(org_a):
    return Actor.for_user(org_a.manager, org_a.organisation.pk)


@pytest.fixture
def member_actor(org_a):
    return Actor.for_user(org_a.member_user, org_a.organisation.pk)


def make_survey(manager, network, questions=(FACES, WORDS), open_it=True, **kwargs):
    with organisation_scope(manager.organisation):
        survey = services.survey_create(
            actor=manager,
            title=kwargs.pop("title", "Members' survey"),
            easy_read_title="Tell us what you think",
            networks=[network] if network else [],
            questions=list(questions),
            **kwargs,
        )
        if open_it:
            services.survey_open(actor=manager, survey=survey)
        survey.refresh_from_db()
    return survey


def question_of(survey, kind):
    return SurveyQuestion.objects.filter(survey=survey, kind=kind).first()


def face(question, label):
    return SurveyChoice.objects.get(question=question, label=label)


# --- Services ----------------------------------------------------------------------------


def test_a_survey_with_no_questions_is_not_sent(org_a, manager):
    survey = make_survey(manager, org_a.network, questions=(), open_it=False)
    with organisation_scope(org_a.organisation):
        with pytest.raises(ValidationError) as raised:
            services.survey_open(actor=manager, survey=survey)
        assert raised.value.messages == ["Add at least one question before you send this survey."]
        survey.refresh_from_db()
        assert survey.status == Survey.Status.DRAFT
        assert SurveyInvitation.objects.filter(survey=survey).count() == 0


def test_a_survey_with_no_networks_is_not_sent(org_a, manager):
    survey = make_survey(manager, None, open_it=False)
    with organisation_scope(org_a.organisation), pytest.raises(ValidationError) as raised:
        services.survey_open(actor=manager, survey=survey)
    assert raised.value.messages == ["Choose at least one network before you send this survey."]


def test_faces_questions_get_the_five_standard_faces(org_a, manager):
    survey = make_survey(manager, org_a.network, open_it=False)
    with organisation_scope(org_a.organisation):
        faces = list(
            question_of(survey, "faces")
            .choices.order_by("position")
            .values_list("label", "pictogram", "score")
        )
        assert faces == [
            ("Very happy", "happy", 5),
            ("Happy", "happy", 4),
            ("Okay", "okay", 3),
            ("Sad", "sad", 2),
            ("Very sad", "sad", 1),
        ]
        assert question_of(survey, "text").choices.count() == 0


def test_opening_asks_each_active_member_of_the_chosen_networks_only(org_a, manager):
    with organisation_scope(org_a.organisation):
        active = factories.MemberFactory(network=org_a.network)
        factories.MemberFactory(network=org_a.network, status=Member.Status.LEFT)
        factories.MemberFactory(network=org_a.network, status=Member.Status.REFERRED)
        other = factories.NetworkFactory(cluster=org_a.network.cluster)
        factories.MemberFactory(network=other)
    survey = make_survey(manager, org_a.network)
    with organisation_scope(org_a.organisation):
        invited = set(
            SurveyInvitation.objects.filter(survey=survey).values_list("member_id", "network_id")
        )
    assert invited == {(org_a.member.pk, org_a.network.pk), (active.pk, org_a.network.pk)}
    assert survey.status == Survey.Status.OPEN and survey.opened_at is not None


def test_opening_takes_the_same_queries_for_few_or_many_members(org_a, manager):
    counts = []
    for extra in (2, 40):
        with organisation_scope(org_a.organisation):
            network = factories.NetworkFactory(cluster=org_a.network.cluster)
            factories.MemberFactory.create_batch(extra, network=network)
        survey = make_survey(manager, network, open_it=False)
        with organisation_scope(org_a.organisation):
            n, _ = count_queries(lambda s=survey: services.survey_open(actor=manager, survey=s))
            assert SurveyInvitation.objects.filter(survey=survey).count() == extra
        counts.append(n)
    assert counts[0] == counts[1]


def test_a_sent_surveys_questions_cannot_change(org_a, manager):
    survey = make_survey(manager, org_a.network)
    with organisation_scope(org_a.organisation):
        with pytest.raises(ValidationError) as raised:
            services.question_add(actor=manager, survey=survey, question=FACES)
        assert raised.value.messages == [
            "This survey has been sent, so its questions cannot change."
        ]
        with pytest.raises(ValidationError):
            services.question_remove(actor=manager, question=question_of(survey, "faces"))
        assert survey.questions.count() == 2


def answer(actor, survey, choice_label="Happy", text="", mode="own", supporter_name=""):
    faces_q = question_of(survey, "faces")
    words_q = question_of(survey, "text")
    answers = [answering.AnswerInput(faces_q.pk, choice_id=face(faces_q, choice_label).pk)]
    if words_q is not None:
        answers.append(answering.AnswerInput(words_q.pk, text=text))
    return answering.response_submit(
        actor=actor, survey=survey, mode=mode, answers=answers, supporter_name=supporter_name
    )


def test_a_member_answers_on_their_own(org_a, manager, member_actor):
    survey = make_survey(manager, org_a.network)
    with organisation_scope(org_a.organisation):
        response = answer(member_actor, survey, "Very happy", text="The CLV is kind.")
        assert response.member_id == org_a.member.pk
        assert response.mode == "own" and response.network_id == org_a.network.pk
        got = set(
            SurveyAnswer.objects.filter(response=response).values_list("choice__score", "text")
        )
        assert got == {(None, "The CLV is kind."), (5, "")}
        invitation = SurveyInvitation.objects.get(survey=survey, member=org_a.member)
        midnight = timezone.make_aware(
            datetime.datetime.combine(timezone.localdate(), datetime.time.min)
        )
        assert invitation.answered_at == midnight


def test_answering_twice_is_refused(org_a, manager, member_actor):
    survey = make_survey(manager, org_a.network)
    with organisation_scope(org_a.organisation):
        answer(member_actor, survey)
        with pytest.raises(ValidationError) as raised:
            answer(member_actor, survey, "Sad")
        assert raised.value.messages == ["You have already answered this survey. Thank you."]
        assert SurveyResponse.objects.filter(survey=survey).count() == 1


@pytest.mark.parametrize("how", ["closed", "past_closing_day"])
def test_a_closed_survey_takes_no_answers(org_a, manager, member_actor, how):
    survey = make_survey(manager, org_a.network)
    with organisation_scope(org_a.organisation):
        if how == "closed":
            services.survey_close(actor=manager, survey=survey)
        else:
            Survey.objects.filter(pk=survey.pk).update(
                closes_on=timezone.localdate() - datetime.timedelta(days=1)
            )
        with pytest.raises(ValidationError) as raised:
            answer(member_actor, survey)
        assert raised.value.messages == ["This survey has closed. Thank you."]
        assert SurveyResponse.objects.filter(survey=survey).count() == 0
        assert SurveyAnswer.objects.filter(question__survey=survey).count() == 0
        assert SurveyInvitation.objects.get(survey=survey).answered_at is None


def test_an_anonymous_answer_keeps_no_member_and_only_the_day(org_a, manager, member_actor):
    survey = make_survey(manager, org_a.network)
    with organisation_scope(org_a.organisation):
        invitation = SurveyInvitation.objects.get(survey=survey, member=org_a.member)
        history_before = invitation.history.count()
        response = answer(member_actor, survey, "Sad", mode="anonymous")
        response.refresh_from_db()
        assert response.member_id is None
        local = timezone.localtime(response.submitted_at)
        assert (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)
        assert local.date() == timezone.localdate()
        invitation.refresh_from_db()
        assert invitation.answered_at == response.submitted_at
        # No history row names who answered when.
        assert invitation.history.count() == history_before


def test_not_keeping_the_name_only_where_the_survey_allows_it(org_a, manager, member_actor):
    survey = make_survey(manager, org_a.network, allow_anonymous=False)
    with organisation_scope(org_a.organisation), pytest.raises(ValidationError) as raised:
        answer(member_actor, survey, mode="anonymous")
    assert raised.value.message_dict == {
        "mode": ["This survey keeps your name. Choose one of the other answers."]
    }


def test_a_supporter_must_be_named(org_a, manager, member_actor):
    survey = make_survey(manager, org_a.network)
    with organisation_scope(org_a.organisation):
        with pytest.raises(ValidationError) as raised:
            answer(member_actor, survey, mode="supporter")
        assert raised.value.message_dict == {
            "supporter_name": ["Write the name of the person helping you."]
        }
        response = answer(member_actor, survey, mode="supporter", supporter_name="Sam Carter")
        assert (response.mode, response.supporter_name) == ("supporter", "Sam Carter")


def test_a_required_question_left_empty_is_named(org_a, manager, member_actor):
    required = services.QuestionInput("Safe at home?", "Do you feel safe at home?", required=True)
    survey = make_survey(manager, org_a.network, questions=(FACES, required))
    with organisation_scope(org_a.organisation):
        safe = SurveyQuestion.objects.get(survey=survey, text="Safe at home?")
        with pytest.raises(ValidationError) as raised:
            answer(member_actor, survey)
        assert raised.value.message_dict == {f"question_{safe.pk}": ["Choose one of the pictures."]}


def test_an_answer_from_another_question_is_refused(org_a, manager, member_actor):
    survey = make_survey(manager, org_a.network)
    other = make_survey(manager, org_a.network, title="Other")
    with organisation_scope(org_a.organisation):
        q = question_of(survey, "faces")
        wrong = face(question_of(other, "faces"), "Happy")
        with pytest.raises(ValidationError) as raised:
            answering.response_submit(
                actor=member_actor,
                survey=survey,
                mode="own",
                answers=[answering.AnswerInput(q.pk, choice_id=wrong.pk)],
            )
    assert raised.value.message_dict == {f"question_{q.pk}": ["Choose one of the pictures."]}


# --- Results: exact figures for a small fixture ----------------------------------------


def add_responses(survey, network, answers, organisation):
    """Invite and answer directly: ``answers`` is (member, face label or
    None for not answered, mode, words)."""
    faces_q = question_of(survey, "faces")
    words_q = question_of(survey, "text")
    for member, label, mode, words in answers:
        invitation, _ = SurveyInvitation.objects.get_or_create(
            organisation=organisation, survey=survey, member=member, network=network
        )
        if label is None:
            continue
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["answered_at"])
        response = SurveyResponse.objects.create(
            organisation=organisation,
            survey=survey,
            network=network,
            member=None if mode == "anonymous" else member,
            mode=mode,
        )
        SurveyAnswer.objects.create(
            organisation=organisation,
            response=response,
            question=faces_q,
            choice=face(faces_q, label),
        )
        if words:
            SurveyAnswer.objects.create(
                organisation=organisation, response=response, question=words_q, text=words
            )


@pytest.fixture
def results_fixture(org_a, manager):
    """Network A (the world's): 3 asked, 2 answered (very happy; okay, with
    words). Network B: 2 asked, 1 answered (sad, anonymously, with words)."""
    with organisation_scope(org_a.organisation):
        network_b = factories.NetworkFactory(cluster=org_a.network.cluster, name="Beech Road")
        a2, a3 = factories.MemberFactory.create_batch(2, network=org_a.network)
        b1, b2 = factories.MemberFactory.create_batch(2, network=network_b)
    survey = make_survey(manager, None, open_it=False)
    with organisation_scope(org_a.organisation):
        survey.networks.set([org_a.network, network_b])
        Survey.objects.filter(pk=survey.pk).update(status="closed", closed_at=timezone.now())
        add_responses(
            survey,
            org_a.network,
            [
                (org_a.member, "Very happy", "own", ""),
                (a2, "Okay", "supporter", "More trips out."),
                (a3, None, "", ""),
            ],
            org_a.organisation,
        )
        add_responses(
            survey,
            network_b,
            [(b1, "Sad", "anonymous", "I feel lonely."), (b2, None, "", "")],
            org_a.organisation,
        )
    survey.refresh_from_db()
    return survey, network_b


def test_survey_results_are_exact(org_a, results_fixture):
    survey, network_b = results_fixture
    with organisation_scope(org_a.organisation):
        n, runs = count_queries(
            lambda: result_selectors.survey_results(
                organisation=org_a.organisation,
                surveys=[survey],
                networks=[org_a.network, network_b],
                with_free_text=True,
            )
        )
    assert n == 5  # questions, their choices, invitations, answers, free text
    (run,) = runs
    assert (run.total.invited, run.total.answered, run.rate) == (5, 3, 60)
    faces_total = run.total.questions[0]
    assert [(c.label, c.count) for c in faces_total.choices] == [
        ("Very happy", 1),
        ("Happy", 0),
        ("Okay", 1),
        ("Sad", 1),
        ("Very sad", 0),
    ]
    assert faces_total.answered == 3
    assert faces_total.average_score == Decimal("3.3")  # (5 + 3 + 2) / 3
    assert run.faces_average == Decimal("3.3")
    a, b = run.by_network
    assert (a.title, a.invited, a.answered, a.questions[0].average_score) == (
        org_a.network.name,
        3,
        2,
        Decimal("4.0"),
    )
    assert (b.title, b.invited, b.answered, b.questions[0].average_score) == (
        "Beech Road",
        2,
        1,
        Decimal("2.0"),
    )
    assert run.total.questions[1].answered == 2 and run.total.questions[1].choices == ()
    assert sorted((f.network, f.text) for f in run.free_text) == [
        ("Beech Road", "I feel lonely."),
        (org_a.network.name, "More trips out."),
    ]


def test_survey_results_without_free_text_leave_it_out(org_a, results_fixture):
    survey, network_b = results_fixture
    with organisation_scope(org_a.organisation):
        (run,) = result_selectors.survey_results(
            organisation=org_a.organisation, surveys=[survey], networks=[network_b]
        )
    assert run.free_text == ()
    assert (run.total.invited, run.total.answered) == (2, 1)


def test_the_results_page_shows_the_figures_and_words_to_managers(client, org_a, results_fixture):
    survey, _ = results_fixture
    client.force_login(org_a.manager)
    page = client.get(f"/surveys/{survey.pk}/results/").content.decode()
    assert "3 of 5 members asked have answered (60%)." in page
    assert "On their own: 1. With someone helping: 1. Without their name kept: 1." in page
    assert "67%" in page and "50%" in page
    assert "I feel lonely." in page and "More trips out." in page
    assert org_a.member.full_name not in page  # never who answered
    assert "<svg" in page


def test_results_over_time_compare_runs_of_the_same_survey(org_a, manager, results_fixture):
    survey, _ = results_fixture
    earlier = make_survey(manager, org_a.network)
    with organisation_scope(org_a.organisation):
        Survey.objects.filter(pk=earlier.pk).update(
            status="closed", closed_at=timezone.now() - datetime.timedelta(days=180)
        )
        page = result_selectors.results_page(actor=manager, survey=survey)
    assert [run.survey.pk for run in page.history] == [earlier.pk, survey.pk]
    assert [run.faces_average for run in page.history] == [None, Decimal("3.3")]


# --- Pages --------------------------------------------------------------------------------


def test_start_from_the_usual_survey(client, org_a):
    client.force_login(org_a.manager)
    response = client.post("/surveys/usual/")
    assert response.status_code == 302
    with organisation_scope(org_a.organisation):
        survey = Survey.objects.get(organisation=org_a.organisation)
        kinds = list(survey.questions.order_by("position").values_list("kind", flat=True))
    assert kinds == ["faces"] * 5 + ["text"]
    assert survey.status == "draft"


def test_writing_a_survey_without_a_title_says_so_and_keeps_the_rest(client, org_a):
    client.force_login(org_a.manager)
    response = client.post(
        "/surveys/new/",
        {"title": "", "easy_read_title": "Tell us, please", "allow_anonymous": "on"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_title-error"' in page and "Enter a title for the survey." in page
    assert 'value="Tell us, please"' in page


def test_a_picture_answer_question_needs_two_answers(client, org_a, manager):
    survey = make_survey(manager, org_a.network, questions=(), open_it=False)
    client.force_login(org_a.manager)
    data = {
        "text": "Which do you like?",
        "easy_read_text": "Which do you like best?",
        "pictogram": "question",
        "kind": "choice",
        "choice_1_label": "The bus",
        "choice_1_pictogram": "bus",
    }
    for n in range(2, 5):
        data[f"choice_{n}_pictogram"] = "okay"
    page = client.post(f"/surveys/{survey.pk}/questions/add/", data).content.decode()
    assert "Give at least two picture answers to choose from." in page
    assert 'value="Which do you like best?"' in page and 'value="The bus"' in page
    data |= {"choice_2_label": "The shop", "choice_2_pictogram": "shop"}
    assert client.post(f"/surveys/{survey.pk}/questions/add/", data).status_code == 302
    with organisation_scope(org_a.organisation):
        choices = list(
            SurveyChoice.objects.filter(question__survey=survey).values_list("label", "pictogram")
        )
    assert choices == [("The bus", "bus"), ("The shop", "shop")]


def test_sending_a_survey_with_no_questions_says_so(client, org_a, manager):
    survey = make_survey(manager, org_a.network, questions=(), open_it=False)
    client.force_login(org_a.manager)
    response = client.post(f"/surveys/{survey.pk}/open/", follow=True)
    assert "Add at least one question before you send this survey." in response.content.decode()
    survey.refresh_from_db()
    assert survey.status == "draft"


def test_a_sent_surveys_details_do_not_change_from_the_page(client, org_a, manager):
    survey = make_survey(manager, org_a.network)
    client.force_login(org_a.manager)
    page = client.post(
        f"/surveys/{survey.pk}/", {"title": "New", "easy_read_title": "New"}, follow=True
    ).content.decode()
    assert "This survey has been sent, so its questions cannot change." in page
    survey.refresh_from_db()
    assert survey.title == "Members' survey"


def test_networks_are_chosen_from_the_managers_reach(client, org_a, manager):
    with organisation_scope(org_a.organisation):
        elsewhere = factories.NetworkFactory(organisation=org_a.organisation, name="Far Away")
    survey = make_survey(manager, None, open_it=False)
    client.force_login(org_a.manager)
    page = client.get(f"/surveys/{survey.pk}/networks/").content.decode()
    assert org_a.network.name in page and "Far Away" not in page
    response = client.post(f"/surveys/{survey.pk}/networks/", {"networks": [elsewhere.pk]})
    assert "Choose networks from the list." in response.content.decode()
    with organisation_scope(org_a.organisation):
        assert survey.networks.count() == 0
    client.post(f"/surveys/{survey.pk}/networks/", {"networks": [org_a.network.pk]})
    with organisation_scope(org_a.organisation):
        assert list(survey.networks.all()) == [org_a.network]


def test_the_member_sees_their_surveys_and_answers_one(client, org_a, manager):
    survey = make_survey(manager, org_a.network)
    with organisation_scope(org_a.organisation):
        q = question_of(survey, "faces")
        words = question_of(survey, "text")
        happy = face(q, "Happy")
    client.force_login(org_a.member_user)
    listed = client.get("/my/surveys/").content.decode()
    assert f'href="/my/surveys/{survey.pk}/"' in listed
    page = client.get(f"/my/surveys/{survey.pk}/").content.decode()
    for label in ("Very happy", "Happy", "Okay", "Sad", "Very sad", "Do not keep my name"):
        assert label in page
    response = client.post(
        f"/my/surveys/{survey.pk}/",
        {f"question_{q.pk}": happy.pk, f"question_{words.pk}": "Thanks.", "mode": "own"},
        follow=True,
    )
    assert "Thank you. We have kept your answers." in response.content.decode()
    with organisation_scope(org_a.organisation):
        response_row = SurveyResponse.objects.get(survey=survey)
        assert response_row.member_id == org_a.member.pk
        assert set(response_row.answers.values_list("choice_id", "text")) == {
            (happy.pk, ""),
            (None, "Thanks."),
        }
    assert f"/my/surveys/{survey.pk}/" not in client.get("/my/surveys/").content.decode()
    again = client.post(f"/my/surveys/{survey.pk}/", {"mode": "own"}, follow=True)
    assert "You have already answered this survey. Thank you." in again.content.decode()


def test_a_required_question_missed_on_the_page_keeps_the_other_answers(client, org_a, manager):
    required = services.QuestionInput("Safe at home?", "Do you feel safe at home?", required=True)
    survey = make_survey(manager, org_a.network, questions=(FACES, required, WORDS))
    with organisation_scope(org_a.organisation):
        q = question_of(survey, "faces")
        safe = SurveyQuestion.objects.get(survey=survey, text="Safe at home?")
        words = question_of(survey, "text")
        okay = face(q, "Okay")
    client.force_login(org_a.member_user)
    response = client.post(
        f"/my/surveys/{survey.pk}/",
        {
            f"question_{q.pk}": okay.pk,
            f"question_{words.pk}": "My words",
            "mode": "supporter",
            "supporter_name": "Ann",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="question-{safe.pk}-error"' in page and "Choose one of the pictures." in page
    assert f'value="{okay.pk}" checked' in page
    assert "My words</textarea>" in page and 'value="Ann"' in page
    assert 'value="supporter" checked' in page
    with organisation_scope(org_a.organisation):
        assert SurveyResponse.objects.filter(survey=survey).count() == 0


def test_a_closed_survey_says_thank_you_and_keeps_nothing(client, org_a, manager):
    survey = make_survey(manager, org_a.network)
    with organisation_scope(org_a.organisation):
        q = question_of(survey, "faces")
        services.survey_close(actor=manager, survey=survey)
        happy = face(q, "Happy")
    client.force_login(org_a.member_user)
    response = client.post(
        f"/my/surveys/{survey.pk}/", {f"question_{q.pk}": happy.pk, "mode": "own"}, follow=True
    )
    assert "This survey has closed. Thank you." in response.content.decode()
    with organisation_scope(org_a.organisation):
        assert SurveyResponse.objects.filter(survey=survey).count() == 0


def test_a_survey_not_sent_to_the_member_is_not_found(client, org_a, manager):
    with organisation_scope(org_a.organisation):
        other = factories.NetworkFactory(cluster=org_a.network.cluster)
        factories.MemberFactory(network=other)
    survey = make_survey(manager, other)
    client.force_login(org_a.member_user)
    assert client.get(f"/my/surveys/{survey.pk}/").status_code == 404
    assert client.post(f"/my/surveys/{survey.pk}/", {"mode": "own"}).status_code == 404


# --- Query counts at two sizes -------------------------------------------------------------


def test_the_survey_list_queries_do_not_grow(client, org_a, manager):
    client.force_login(org_a.manager)

    def make_rows(n):
        with organisation_scope(org_a.organisation):
            have = Survey.objects.count()
            for i in range(have, n):
                Survey.objects.create(
                    organisation=org_a.organisation,
                    title=f"Survey {i}",
                    easy_read_title="Tell us",
                    created_by=org_a.manager,
                )

    def fetch():
        response = client.get("/surveys/")
        assert response.status_code == 200

    assert assert_constant_queries(make_rows, fetch, sizes=(3, 60)) == pinned(4)


def test_the_results_page_queries_do_not_grow(client, org_a, manager):
    survey = make_survey(manager, org_a.network)
    client.force_login(org_a.manager)

    def make_rows(n):
        with organisation_scope(org_a.organisation):
            have = SurveyInvitation.objects.filter(survey=survey).count()
            members = factories.MemberFactory.create_batch(n - have, network=org_a.network)
            add_responses(
                survey,
                org_a.network,
                [(m, "Happy", "own", "Words") for m in members],
                org_a.organisation,
            )

    def fetch():
        response = client.get(f"/surveys/{survey.pk}/results/")
        assert response.status_code == 200

    assert assert_constant_queries(make_rows, fetch, sizes=(3, 40)) == pinned(20)


# --- Demo -----------------------------------------------------------------------------------


def test_the_demo_has_two_runs_of_the_usual_survey_and_quality_checks():
    import io

    from django.core.management import call_command

    from keyring_net.models import Organisation
    from outcomes.models import QualityAction, QualityCheck

    call_command("seed_demo", "--allow-production", stdout=io.StringIO())
    organisations = list(Organisation.objects.order_by("slug"))
    assert len(organisations) == 2
    for organisation in organisations:
        with organisation_scope(organisation):
            runs = list(Survey.objects.order_by("opened_at"))
            assert [(s.status, s.closed_at.date() if s.closed_at else None) for s in runs] == [
                ("closed", datetime.date(2026, 5, 2)),
                ("open", None),
            ]
            assert runs[0].title == runs[1].title == "Members' satisfaction survey"
            for survey in runs:
                invited = SurveyInvitation.objects.filter(survey=survey)
                answered = invited.filter(answered_at__isnull=False).count()
                assert answered == SurveyResponse.objects.filter(survey=survey).count()
                assert answered > invited.count() / 2
            modes = set(SurveyResponse.objects.values_list("mode", flat=True))
            assert modes == {"own", "supporter", "anonymous"}
            anonymous = SurveyResponse.objects.filter(mode="anonymous")
            assert not anonymous.filter(member__isnull=False).exists()
            assert {timezone.localtime(r.submitted_at).time() for r in anonymous} == {
                datetime.time(0, 0)
            }
            assert SurveyAnswer.objects.exclude(text="").count() >= 3
            assert QualityCheck.objects.count() == 3
            today = timezone.localdate()
            assert QualityAction.objects.filter(done_on__isnull=False).count() == 1
            assert QualityAction.objects.filter(done_on__isnull=True, due_on__lt=today).count() == 1


def test_easy_read_sentences_over_fifteen_words_are_refused(org_a, manager):
    long = "This is a very long sentence that goes on and on and on for far too many words."
    with organisation_scope(org_a.organisation), pytest.raises(ValidationError) as raised:
        services.survey_create(actor=manager, title="T", easy_read_title="T", easy_read_intro=long)
    assert raised.value.message_dict == {
        "easy_read_intro": ["Keep each sentence to 15 words or fewer."]
    }


def test_a_manager_sends_only_to_networks_they_work_with(org_a, manager):
    admin = Actor.for_user(org_a.admin, org_a.organisation.pk)
    with organisation_scope(org_a.organisation):
        elsewhere = factories.NetworkFactory(organisation=org_a.organisation)
        with pytest.raises(ValidationError) as raised:
            services.survey_create(
                actor=manager, title="T", easy_read_title="T", networks=[elsewhere]
            )
        assert raised.value.message_dict == {"networks": ["Choose networks you work with."]}
    # An admin's survey to a network beyond the manager's clusters is sent
    # by an admin, not by the manager.
    survey = make_survey(admin, elsewhere, open_it=False)
    with organisation_scope(org_a.organisation):
        with pytest.raises(ValidationError) as raised:
            services.survey_open(actor=manager, survey=survey)
        assert raised.value.messages == [
            "This survey goes to networks you do not work with. "
            "Ask an organisation admin to send it."
        ]
        assert services.survey_open(actor=admin, survey=survey).status == "open"


def test_a_sent_surveys_questions_and_networks_pages_say_they_cannot_change(client, org_a, manager):
    survey = make_survey(manager, org_a.network)
    client.force_login(org_a.manager)
    page = client.post(
        f"/surveys/{survey.pk}/questions/add/", {"text": "New?", "easy_read_text": "New?"}
    ).content.decode()
    assert "This survey has been sent, so its questions cannot change." in page
    page = client.post(f"/surveys/{survey.pk}/networks/", {"networks": []}).content.decode()
    assert "This survey has been sent, so who it goes to cannot change." in page
    with organisation_scope(org_a.organisation):
        assert survey.questions.count() == 2 and survey.networks.count() == 1


# --- Telling members ---------------------------------------------------------------------


def test_sending_a_survey_tells_each_invited_member_with_a_login_once(org_a, manager):
    from notifications.models import Kind, Notification

    without_login = factories.MemberFactory(network=org_a.network, status=Member.Status.ACTIVE)
    survey = make_survey(manager, org_a.network)
    with organisation_scope(org_a.organisation):
        invited = set(
            SurveyInvitation.objects.filter(survey=survey).values_list("member_id", flat=True)
        )
        notices = list(
            Notification.objects.filter(kind=Kind.SURVEY_INVITATION).values_list(
                "recipient_id", "link", "title"
            )
        )
        # Sending the invitations again (a retried task) adds nothing.
        from outcomes import reminders as outcome_reminders

        outcome_reminders.survey_invitations(
            organisation=org_a.organisation, survey=survey, now=timezone.now()
        )
        again = Notification.objects.filter(kind=Kind.SURVEY_INVITATION).count()
    assert without_login.pk in invited and org_a.member.pk in invited
    # Only the member with a login can be told; the words are easy read.
    assert notices == [
        (org_a.member_user.pk, f"/my/surveys/{survey.pk}/", "Please tell us what you think.")
    ]
    assert again == 1


def test_members_who_have_not_answered_are_reminded_three_days_before_it_closes(org_a, manager):
    from notifications.models import Kind, Notification
    from outcomes import reminders as outcome_reminders

    today = timezone.localdate()
    survey = make_survey(manager, org_a.network, closes_on=today + datetime.timedelta(days=3))
    with organisation_scope(org_a.organisation):
        outcome_reminders.survey_reminders(organisation=org_a.organisation, today=today)
        outcome_reminders.survey_reminders(organisation=org_a.organisation, today=today)
        reminded = list(
            Notification.objects.filter(kind=Kind.SURVEY_REMINDER).values_list(
                "recipient_id", flat=True
            )
        )
        # A day earlier or later, or once answered: nobody is reminded.
        SurveyInvitation.objects.filter(survey=survey).update(answered_at=timezone.now())
        Notification.objects.filter(kind=Kind.SURVEY_REMINDER).delete()
        outcome_reminders.survey_reminders(organisation=org_a.organisation, today=today)
        outcome_reminders.survey_reminders(
            organisation=org_a.organisation, today=today - datetime.timedelta(days=1)
        )
        after_answering = Notification.objects.filter(kind=Kind.SURVEY_REMINDER).count()
    assert reminded == [org_a.member_user.pk]
    assert after_answering == 0
