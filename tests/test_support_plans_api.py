"""The stars and support plans API: readings with every area scored on the
star's scale (errors naming the area), plans written through the services,
sign-off by the member themselves and a worker, early reviews asked for by
the member, members reading only their own plan, ids that cannot reach
another organisation, and list query counts that do not grow with the data."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from keyring_net.tenancy import organisation_scope
from support_plans.models import (
    Action,
    AreaScore,
    CrisisPlan,
    Goal,
    PlanReview,
    RiskItem,
    StarArea,
    StarReading,
    StarTemplate,
    SupportPlan,
)
from support_plans.stars import ensure_default_template
from tests.factories import MemberFactory, UserFactory
from tests.helpers import assert_constant_queries, pinned

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NOT_FOUND = ["Not found."]
MEMBER_ONLY = "Only the member can agree their plan as the member, in their own login."
PLAN_MODELS = (
    StarTemplate,
    StarReading,
    AreaScore,
    SupportPlan,
    Goal,
    Action,
    RiskItem,
    CrisisPlan,
    PlanReview,
)


def in_org(world):
    return organisation_scope(world.organisation)


def as_(client, user):
    client.force_login(user)
    return client


def post(client, path: str, data: dict):
    return client.post(path, data, content_type="application/json")


def ids(response) -> list:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def counts(world) -> dict[str, int]:
    with in_org(world):
        return {model.__name__: model.objects.count() for model in PLAN_MODELS}


def last_change_by(model, pk: int):
    return model.history.filter(id=pk).order_by("-history_id").first().history_user


@pytest.fixture
def star(org_a):
    with in_org(org_a):
        template = ensure_default_template(org_a.organisation)
        return template, list(template.areas.order_by("position"))


def reading_body(world, areas, scores=None, **overrides) -> dict:
    scores = scores or {}
    body = {
        "member": world.member.pk,
        "taken_on": TODAY.isoformat(),
        "who_was_there": "Alan and his sister",
        "answers": [
            {"area": area.pk, "score": scores.get(area.pk, 6), "member_words": f"On {area.name}"}
            for area in areas
        ],
    }
    body.update(overrides)
    return body


def start_plan(client, world) -> dict:
    response = post(client, "/api/v1/plans/", {"member": world.member.pk})
    assert response.status_code in (200, 201), response.content
    return response.json()


def plan_with_goal(client, world) -> dict:
    plan = start_plan(as_(client, world.clv), world)
    goal = post(client, "/api/v1/goals/", {"plan": plan["id"], "in_own_words": "Cook my own tea."})
    assert goal.status_code == 201, goal.content
    return plan


# --- Stars and readings ------------------------------------------------------------------------


def test_templates_list_the_star_with_its_areas_and_stages(client, org_a):
    body = as_(client, org_a.clv).get("/api/v1/star-templates/").json()
    (template,) = body["results"]  # the default star, made when first asked for
    assert (template["name"], template["scale_min"], template["scale_max"]) == (
        "Living well star",
        1,
        10,
    )
    assert [a["position"] for a in template["areas"]] == list(range(1, 11))
    assert template["areas"][0]["name"] == "Home and tenancy"
    assert (template["stages"][0]["low"], template["stages"][0]["high"]) == (1, 2)
    # Organisation admins manage the stars; members and volunteers do not read them.
    assert as_(client, org_a.admin).get("/api/v1/star-templates/").status_code == 200
    for role in ("member", "connections_volunteer", "quality_checker"):
        assert as_(client, org_a.users[role]).get("/api/v1/star-templates/").status_code == 403


def star_body(**overrides) -> dict:
    body = {
        "name": "Our own star",
        "scale_min": 1,
        "scale_max": 10,
        "stages": [
            {"name": "Starting", "easy_read_name": "Starting", "low": 1, "high": 5},
            {"name": "Going", "easy_read_name": "Going well", "low": 6, "high": 10},
        ],
        "areas": [
            {"name": name, "easy_read_name": name, "pictogram": "star"}
            for name in ("Home", "Money", "Friends")
        ],
    }
    body.update(overrides)
    return body


def test_managers_add_a_star_and_change_it_by_a_new_version_once_in_use(client, org_a):
    as_(client, org_a.manager)
    added = post(client, "/api/v1/star-templates/", star_body())
    assert added.status_code == 201, added.content
    star = added.json()
    assert [a["name"] for a in star["areas"]] == ["Home", "Money", "Friends"]
    assert (star["version"], star["is_active"]) == (1, True)
    assert last_change_by(StarTemplate, star["id"]) == org_a.manager
    # In use once a reading is taken on it.
    body = {
        "member": org_a.member.pk,
        "template": star["id"],
        "taken_on": TODAY.isoformat(),
        "answers": [{"area": area["id"], "score": 7} for area in star["areas"]],
    }
    reading = post(as_(client, org_a.clv), "/api/v1/star-readings/", body)
    assert reading.status_code == 201, reading.content
    renamed = star_body(areas=[*star_body()["areas"], {"name": "Work", "easy_read_name": "Work"}])
    changed = as_(client, org_a.admin).put(
        f"/api/v1/star-templates/{star['id']}/", renamed, content_type="application/json"
    )
    assert changed.status_code == 200, changed.content
    newer = changed.json()
    assert (newer["version"], newer["previous"]) == (2, star["id"])
    assert len(newer["areas"]) == 4
    old = client.get(f"/api/v1/star-templates/{star['id']}/").json()
    assert (old["is_active"], len(old["areas"])) == (False, 3)
    # The old version takes no new readings; its readings stay on it.
    again = post(as_(client, org_a.clv), "/api/v1/star-readings/", body)
    assert again.json()["errors"] == {"template": ["This star has a newer version: use that one."]}
    assert (
        client.get(f"/api/v1/star-readings/{reading.json()['id']}/").json()["template"]
        == (star["id"])
    )


def test_star_problems_come_back_on_their_fields_and_only_managers_write(client, org_a):
    bad = star_body(
        name="",
        stages=[{"name": "Only", "easy_read_name": "Only", "low": 3, "high": 10}],
        areas=[{"name": "Home", "easy_read_name": ""}],
    )
    response = post(as_(client, org_a.manager), "/api/v1/star-templates/", bad)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["name"] == ["Enter a name for the star."]
    assert errors["stage_0_low"] == [
        "Scores 1 to 2 are in no stage: the first stage must start at 1."
    ]
    assert errors["areas"] == ["A star needs at least 3 areas."]
    assert "area_0_easy_read_name" in errors
    for role in ("clv", "community_enabler", "member"):
        refused = post(as_(client, org_a.users[role]), "/api/v1/star-templates/", star_body())
        assert refused.status_code == 403, role
    with in_org(org_a):
        assert not StarTemplate.objects.exists()


def test_a_reading_is_recorded_through_the_api(client, org_a, star):
    _, areas = star
    scores = {area.pk: n for n, area in enumerate(areas, start=1)}
    response = post(
        as_(client, org_a.clv), "/api/v1/star-readings/", reading_body(org_a, areas, scores)
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["member"] == org_a.member.pk
    assert body["worker"] == org_a.clv.pk  # the person sending it
    assert body["template_name"] == "Living well star"
    assert [(s["area_name"], s["score"]) for s in body["scores"]] == [
        (area.name, n) for n, area in enumerate(areas, start=1)
    ]
    assert body["scores"][0]["member_words"] == "On Home and tenancy"
    assert last_change_by(StarReading, body["id"]) == org_a.clv
    assert client.get(f"/api/v1/star-readings/{body['id']}/").json() == body
    assert ids(client.get(f"/api/v1/star-readings/?member={org_a.member.pk}")) == [body["id"]]


def test_scores_off_the_scale_are_refused_naming_the_area(client, org_a, star):
    _, areas = star
    before = counts(org_a)
    scores = {areas[0].pk: 0, areas[1].pk: 11}
    response = post(
        as_(client, org_a.clv), "/api/v1/star-readings/", reading_body(org_a, areas, scores)
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Some of what was sent is not right.",
        "errors": {
            "answers": [
                "Home and tenancy: scores go from 1 to 10.",
                "Money and bills: scores go from 1 to 10.",
            ]
        },
    }
    assert counts(org_a) == before


def test_every_area_of_the_star_and_only_those(client, org_a, org_b, star):
    _, areas = star
    with in_org(org_a):
        other_star = StarTemplate.objects.create(organisation=org_a.organisation, name="Another")
        elsewhere = StarArea.objects.create(
            organisation=org_a.organisation,
            template=other_star,
            position=1,
            name="Elsewhere",
            easy_read_name="Elsewhere",
        )
    with in_org(org_b):
        foreign = ensure_default_template(org_b.organisation).areas.first()
    before = counts(org_a), counts(org_b)
    as_(client, org_a.clv)

    def errors(body):
        response = post(client, "/api/v1/star-readings/", body)
        assert response.status_code == 400, response.content
        return response.json()["errors"]

    body = reading_body(org_a, areas)
    for stranger in (elsewhere.pk, foreign.pk, 999999):
        body["answers"][0]["area"] = stranger
        assert errors(body) == {"answers": ["Every score must be for an area of this star."]}
    assert errors(reading_body(org_a, areas[:9])) == {
        "answers": ["Give a score for every area: Confidence and hope."]
    }
    twice = reading_body(org_a, areas)
    twice["answers"].append({"area": areas[0].pk, "score": 3})
    assert errors(twice) == {"answers": ["Give one score for Home and tenancy, not two."]}
    (none,) = errors(reading_body(org_a, areas, answers=[]))["answers"]
    assert none.startswith("Give a score for every area: Home and tenancy, Money and bills, ")
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    assert errors(reading_body(org_a, areas, taken_on=tomorrow)) == {
        "taken_on": ["The reading cannot be in the future."]
    }
    assert (counts(org_a), counts(org_b)) == before


def test_a_replaced_star_takes_no_new_readings(client, org_a, star):
    template, areas = star
    with in_org(org_a):
        StarTemplate.objects.filter(pk=template.pk).update(is_active=False)
    body = reading_body(org_a, areas, template=template.pk)
    response = post(as_(client, org_a.clv), "/api/v1/star-readings/", body)
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "template": ["This star has a newer version: use that one."]
    }


def test_readings_are_written_by_care_roles_only(client, org_a, star):
    _, areas = star
    for role in ("member", "connections_volunteer", "org_admin"):
        response = post(
            as_(client, org_a.users[role]), "/api/v1/star-readings/", reading_body(org_a, areas)
        )
        assert response.status_code == 403, role
    with in_org(org_a):
        assert not StarReading.objects.exists()


# --- Plans, goals, actions, risk and crisis plans ----------------------------------------------


def test_a_plan_is_written_through_the_services(client, org_a, star):
    _, areas = star
    as_(client, org_a.clv)
    reading = post(client, "/api/v1/star-readings/", reading_body(org_a, areas)).json()
    started = post(client, "/api/v1/plans/", {"member": org_a.member.pk, "reading": reading["id"]})
    assert started.status_code == 201
    plan = started.json()
    assert (plan["version"], plan["status"], plan["reading"]) == (1, "draft", reading["id"])
    # A draft already open is returned as it is.
    again = post(client, "/api/v1/plans/", {"member": org_a.member.pk})
    assert (again.status_code, again.json()["id"]) == (200, plan["id"])

    goal = post(
        client,
        "/api/v1/goals/",
        {"plan": plan["id"], "in_own_words": "  Cook my own tea.  ", "area": areas[4].pk},
    )
    assert goal.status_code == 201, goal.content
    assert goal.json()["in_own_words"] == "Cook my own tea."
    assert goal.json()["area_name"] == "Everyday living skills"
    step = post(
        client,
        "/api/v1/actions/",
        {
            "goal": goal.json()["id"],
            "text": "Cook together on Tuesdays",
            "who": "clv",
            "by_when": (TODAY + datetime.timedelta(days=30)).isoformat(),
        },
    )
    assert step.status_code == 201, step.content
    assert (step.json()["term"], step.json()["plan"]) == ("short", plan["id"])
    risk = post(
        client,
        "/api/v1/risk-plans/",
        {
            "plan": plan["id"],
            "risk": "Walking to the shop alone",
            "what_could_go_well": "Chatting to neighbours",
            "strategies": "Take a phone",
        },
    )
    assert risk.status_code == 201, risk.content
    crisis = post(
        client, "/api/v1/crisis-plans/", {"plan": plan["id"], "early_signs": "Stops answering."}
    )
    assert crisis.status_code == 201, crisis.content
    crisis_id = crisis.json()["id"]
    again = post(client, "/api/v1/crisis-plans/", {"plan": plan["id"], "what_helps": "Tea."})
    assert (again.status_code, again.json()["id"]) == (200, crisis_id)
    changed = client.patch(
        f"/api/v1/crisis-plans/{crisis_id}/",
        {"practical_arrangements": "Sister has a key."},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert {k: changed.json()[k] for k in ("early_signs", "what_helps")} == {
        "early_signs": "Stops answering.",
        "what_helps": "Tea.",
    }
    for model, pk in (
        (SupportPlan, plan["id"]),
        (Goal, goal.json()["id"]),
        (Action, step.json()["id"]),
        (RiskItem, risk.json()["id"]),
        (CrisisPlan, crisis_id),
    ):
        assert last_change_by(model, pk) == org_a.clv
    assert ids(client.get(f"/api/v1/goals/?plan={plan['id']}")) == [goal.json()["id"]]
    assert ids(client.get(f"/api/v1/actions/?plan={plan['id']}")) == [step.json()["id"]]
    assert ids(client.get(f"/api/v1/risk-plans/?plan={plan['id']}")) == [risk.json()["id"]]
    assert ids(client.get(f"/api/v1/crisis-plans/?member={org_a.member.pk}")) == [crisis_id]


def test_plan_fields_are_checked_with_plain_words(client, org_a):
    plan = start_plan(as_(client, org_a.clv), org_a)

    def errors(path, body):
        response = post(client, path, body)
        assert response.status_code == 400, response.content
        return response.json()["errors"]

    assert errors("/api/v1/plans/", {}) == {"member": ["Choose the member."]}
    assert errors("/api/v1/goals/", {"plan": plan["id"], "in_own_words": "  "}) == {
        "in_own_words": ["Write the goal in the member's own words."]
    }
    with in_org(org_a):
        goal = Goal.objects.create(organisation=org_a.organisation, plan_id=plan["id"])
    assert errors("/api/v1/actions/", {"goal": goal.pk, "text": "", "who": "nobody"}) == {
        "text": ["Write what will be done."],
        "who": ["Choose who will do it."],
    }
    assert errors("/api/v1/risk-plans/", {"plan": plan["id"]}) == {
        "risk": ["Write the risk, as the member sees it."],
        "what_could_go_well": ["Write what could go well."],
        "strategies": ["Write what the member chose to do."],
    }


def test_a_plan_starts_only_from_the_members_own_reading(client, org_a, star):
    _, areas = star
    with in_org(org_a):
        neighbour = MemberFactory(network=org_a.network, full_name="A neighbour")
    as_(client, org_a.clv)
    body = reading_body(org_a, areas, member=neighbour.pk)
    theirs = post(client, "/api/v1/star-readings/", body).json()
    response = post(client, "/api/v1/plans/", {"member": org_a.member.pk, "reading": theirs["id"]})
    assert response.status_code == 400
    assert response.json()["errors"] == {"reading": ["Choose a star reading of this member."]}
    with in_org(org_a):
        assert not SupportPlan.objects.exists()


# --- Agreeing a plan ---------------------------------------------------------------------------


def test_the_worker_and_the_member_themselves_agree_a_plan(client, org_a):
    plan = plan_with_goal(client, org_a)
    agree = f"/api/v1/plans/{plan['id']}/agree/"
    worker = post(as_(client, org_a.clv), agree, {})
    assert worker.status_code == 200, worker.content
    assert worker.json()["status"] == "draft"
    assert worker.json()["worker_agreed_at"] and not worker.json()["member_agreed_at"]
    member = post(as_(client, org_a.member_user), agree, {})
    assert member.status_code == 200, member.content
    body = member.json()
    assert body["status"] == "agreed" and body["member_agreed_at"]
    assert body["review_due"] == (TODAY + datetime.timedelta(days=365)).isoformat()
    assert last_change_by(SupportPlan, plan["id"]) == org_a.member_user
    # An agreed version is kept as it is.
    again = post(as_(client, org_a.clv), agree, {})
    assert again.status_code == 400
    assert again.json()["errors"] == {"non_field_errors": ["This version is already agreed."]}
    goal = post(client, "/api/v1/goals/", {"plan": plan["id"], "in_own_words": "Something new"})
    assert goal.status_code == 400
    assert "Start a new version to change it." in goal.json()["errors"]["non_field_errors"][0]


def test_nobody_but_the_member_signs_off_as_the_member(client, org_a):
    plan = plan_with_goal(client, org_a)
    agree = f"/api/v1/plans/{plan['id']}/agree/"
    for role in ("clv", "support_manager", "community_enabler"):
        response = post(as_(client, org_a.users[role]), agree, {"as_member": True})
        assert response.status_code == 403, role
        assert response.json() == {"detail": MEMBER_ONLY}
    # The member cannot sign for the worker either.
    response = post(as_(client, org_a.member_user), agree, {"as_member": False})
    assert response.status_code == 403
    assert response.json() == {"detail": "Your role does not allow this."}
    with in_org(org_a):
        saved = SupportPlan.objects.get(pk=plan["id"])
    assert (saved.member_agreed_at, saved.worker_agreed_at) == (None, None)


def test_a_plan_needs_a_goal_before_it_is_agreed(client, org_a):
    plan = start_plan(as_(client, org_a.clv), org_a)
    response = post(client, f"/api/v1/plans/{plan['id']}/agree/", {})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "non_field_errors": ["Add at least one goal before agreeing the plan."]
    }


# --- The member's own plan and early reviews ---------------------------------------------------


def test_a_member_reads_only_their_own_plan(client, org_a):
    own = plan_with_goal(client, org_a)
    with in_org(org_a):
        neighbour = MemberFactory(
            network=org_a.network, full_name="A neighbour", user=UserFactory()
        )
    as_(client, org_a.clv)
    theirs = post(client, "/api/v1/plans/", {"member": neighbour.pk}).json()
    post(client, "/api/v1/goals/", {"plan": theirs["id"], "in_own_words": "Neighbour's goal"})
    assert sorted(ids(client.get("/api/v1/plans/"))) == sorted([own["id"], theirs["id"]])

    as_(client, org_a.member_user)
    assert ids(client.get("/api/v1/plans/")) == [own["id"]]
    assert client.get(f"/api/v1/plans/{own['id']}/").json()["member"] == org_a.member.pk
    goals = client.get("/api/v1/goals/")
    assert [g["in_own_words"] for g in goals.json()["results"]] == ["Cook my own tea."]
    assert "Neighbour" not in client.get("/api/v1/goals/").content.decode()
    assert client.get(f"/api/v1/plans/{theirs['id']}/").status_code == 404
    assert post(client, f"/api/v1/plans/{theirs['id']}/agree/", {}).status_code == 404
    # Reading is all: a member writes nothing into the plan through these.
    refused = post(client, "/api/v1/goals/", {"plan": own["id"], "in_own_words": "Mine"})
    assert refused.status_code == 403


def test_a_member_who_also_volunteers_reads_only_their_own_plan(client, org_a):
    """Their volunteer role reaches the network's members but reads no
    plans, so as a member they read their own, and nobody else's."""
    from keyring_net.models import Role
    from keyring_net.two_step import enrol_with_secret
    from tests.conftest import TEST_TOTP_SECRET
    from tests.factories import RoleAssignmentFactory

    own = plan_with_goal(client, org_a)
    with in_org(org_a):
        neighbour = MemberFactory(network=org_a.network, full_name="A neighbour")
    theirs = post(as_(client, org_a.clv), "/api/v1/plans/", {"member": neighbour.pk}).json()
    RoleAssignmentFactory(
        organisation=org_a.organisation,
        user=org_a.member_user,
        role=Role.CONNECTIONS_VOLUNTEER,
        network=org_a.network,
    )
    enrol_with_secret(org_a.member_user, TEST_TOTP_SECRET)
    as_(client, org_a.member_user)
    assert ids(client.get("/api/v1/plans/")) == [own["id"]]
    assert client.get(f"/api/v1/plans/{theirs['id']}/").status_code == 404
    assert "Neighbour" not in client.get("/api/v1/goals/").content.decode()


def test_the_member_asks_for_an_early_review_of_their_own_plan(client, org_a):
    plan = plan_with_goal(client, org_a)
    as_(client, org_a.member_user)
    asked = post(client, "/api/v1/plan-reviews/", {"plan": plan["id"], "reason": "Things changed"})
    assert asked.status_code == 201, asked.content
    review = asked.json()
    assert review["asked_by_member"] and review["members_reason"] == "Things changed"
    assert review["due_on"] == (TODAY + datetime.timedelta(days=14)).isoformat()
    assert last_change_by(PlanReview, review["id"]) == org_a.member_user
    # Asking again while the request is open changes nothing.
    again = post(client, "/api/v1/plan-reviews/", {"plan": plan["id"]})
    assert (again.status_code, again.json()["id"]) == (200, review["id"])
    assert ids(client.get("/api/v1/plan-reviews/")) == [review["id"]]
    # Staff see it, to act on it; they do not ask on the member's behalf.
    as_(client, org_a.clv)
    assert ids(client.get("/api/v1/plan-reviews/?open=true")) == [review["id"]]
    assert post(client, "/api/v1/plan-reviews/", {"plan": plan["id"]}).status_code == 403


def test_a_member_cannot_ask_about_someone_elses_plan(client, org_a):
    with in_org(org_a):
        neighbour = MemberFactory(network=org_a.network, full_name="A neighbour")
    as_(client, org_a.clv)
    theirs = post(client, "/api/v1/plans/", {"member": neighbour.pk}).json()
    response = post(as_(client, org_a.member_user), "/api/v1/plan-reviews/", {"plan": theirs["id"]})
    assert response.status_code == 400
    assert response.json()["errors"] == {"plan": NOT_FOUND}
    with in_org(org_a):
        assert not PlanReview.objects.exists()


# --- Another organisation ----------------------------------------------------------------------


def org_b_records(client, org_b) -> dict[str, int]:
    """One of each of org B's records, written through its own API."""
    with in_org(org_b):
        areas = list(ensure_default_template(org_b.organisation).areas.all())
    as_(client, org_b.clv)
    reading = post(client, "/api/v1/star-readings/", reading_body(org_b, areas)).json()
    plan = start_plan(client, org_b)
    goal = post(client, "/api/v1/goals/", {"plan": plan["id"], "in_own_words": "B's goal"}).json()
    step = post(client, "/api/v1/actions/", {"goal": goal["id"], "text": "B", "who": "clv"}).json()
    risk = post(
        client,
        "/api/v1/risk-plans/",
        {"plan": plan["id"], "risk": "B", "what_could_go_well": "B", "strategies": "B"},
    ).json()
    crisis = post(client, "/api/v1/crisis-plans/", {"plan": plan["id"], "what_helps": "B"}).json()
    as_(client, org_b.member_user)
    review = post(client, "/api/v1/plan-reviews/", {"plan": plan["id"]}).json()
    return {
        "star-templates": reading["template"],
        "star-readings": reading["id"],
        "plans": plan["id"],
        "goals": goal["id"],
        "actions": step["id"],
        "risk-plans": risk["id"],
        "crisis-plans": crisis["id"],
        "plan-reviews": review["id"],
        "area": areas[0].pk,
    }


def test_another_organisations_ids_are_not_found_and_land_nothing(client, org_a, org_b, star):
    _, areas = star
    theirs = org_b_records(client, org_b)
    own = plan_with_goal(client, org_a)
    before = counts(org_a), counts(org_b)

    for role in ("clv", "support_manager", "member"):
        as_(client, org_a.users[role])
        for prefix, pk in theirs.items():
            if prefix != "area":
                assert client.get(f"/api/v1/{prefix}/{pk}/").status_code == 404, (role, prefix)
        assert post(client, f"/api/v1/plans/{theirs['plans']}/agree/", {}).status_code == 404
        patch = client.patch(
            f"/api/v1/crisis-plans/{theirs['crisis-plans']}/",
            {"what_helps": "Changed"},
            content_type="application/json",
        )
        assert patch.status_code == 404

    as_(client, org_a.clv)
    sent = [
        ("/api/v1/star-readings/", reading_body(org_b, areas), "member"),
        (
            "/api/v1/star-readings/",
            reading_body(org_a, areas, template=theirs["star-templates"]),
            "template",
        ),
        ("/api/v1/plans/", {"member": org_b.member.pk}, "member"),
        (
            "/api/v1/plans/",
            {"member": org_a.member.pk, "reading": theirs["star-readings"]},
            "reading",
        ),
        ("/api/v1/goals/", {"plan": theirs["plans"], "in_own_words": "x"}, "plan"),
        (
            "/api/v1/goals/",
            {"plan": own["id"], "in_own_words": "x", "area": theirs["area"]},
            "area",
        ),
        ("/api/v1/actions/", {"goal": theirs["goals"], "text": "x", "who": "clv"}, "goal"),
        (
            "/api/v1/risk-plans/",
            {"plan": theirs["plans"], "risk": "x", "what_could_go_well": "x", "strategies": "x"},
            "plan",
        ),
        ("/api/v1/crisis-plans/", {"plan": theirs["plans"], "what_helps": "x"}, "plan"),
    ]
    for path, body, field in sent:
        response = post(client, path, body)
        assert response.status_code == 400, (path, response.content)
        assert response.json()["errors"][field] == NOT_FOUND, path
    as_(client, org_a.member_user)
    response = post(client, "/api/v1/plan-reviews/", {"plan": theirs["plans"]})
    assert response.json()["errors"] == {"plan": NOT_FOUND}

    assert (counts(org_a), counts(org_b)) == before
    with in_org(org_b):
        assert CrisisPlan.objects.get(pk=theirs["crisis-plans"]).what_helps == "B"
        assert SupportPlan.objects.get(pk=theirs["plans"]).worker_agreed_at is None


def test_lists_show_nothing_of_another_organisation(client, org_a, org_b):
    org_b_records(client, org_b)
    plan_with_goal(client, org_a)
    for role in ("clv", "member"):
        as_(client, org_a.users[role])
        for prefix in ("star-readings", "plans", "goals", "actions", "risk-plans", "crisis-plans"):
            body = client.get(f"/api/v1/{prefix}/").content.decode()
            assert org_b.marker not in body and "B's goal" not in body, (role, prefix)


# --- Query counts ------------------------------------------------------------------------------


def pin_list(client, world, path: str, model, add_one) -> int:
    """Load the list with 3 rows, then 30: the query count must not change."""
    rows = {}

    def make(n):
        with in_org(world):
            while model.objects.count() < n:
                add_one()
            rows["expected"] = model.objects.count()

    def fetch():
        assert len(ids(client.get(path))) == rows["expected"]

    return assert_constant_queries(make, fetch, sizes=(3, 30))


@pytest.fixture
def plan(org_a):
    with in_org(org_a):
        return SupportPlan.objects.create(
            organisation=org_a.organisation, member=org_a.member, worker=org_a.clv
        )


def test_star_template_list_queries_do_not_grow(client, org_a, star):
    def add_one():
        n = StarTemplate.objects.count()
        template = StarTemplate.objects.create(organisation=org_a.organisation, name=f"Star {n}")
        for position in (1, 2):
            StarArea.objects.create(
                organisation=org_a.organisation,
                template=template,
                position=position,
                name=f"Area {position}",
                easy_read_name=f"Area {position}",
            )

    queries = pin_list(
        as_(client, org_a.manager), org_a, "/api/v1/star-templates/", StarTemplate, add_one
    )
    assert queries == pinned(8)


def test_star_reading_list_queries_do_not_grow(client, org_a, star):
    template, areas = star

    def add_one():
        reading = StarReading.objects.create(
            organisation=org_a.organisation,
            member=MemberFactory(network=org_a.network),
            template=template,
            taken_on=TODAY,
            worker=org_a.clv,
        )
        AreaScore.objects.bulk_create(
            AreaScore(organisation=org_a.organisation, reading=reading, area=area, score=4)
            for area in areas
        )

    queries = pin_list(
        as_(client, org_a.clv), org_a, "/api/v1/star-readings/", StarReading, add_one
    )
    assert queries == pinned(7)  # 6, and the one insert that logs the members shown


def test_plan_list_queries_do_not_grow(client, org_a):
    from support_plans.models import PersonalBudget, PlanComment

    def add_one():
        member = MemberFactory(network=org_a.network)
        plan = SupportPlan.objects.create(
            organisation=org_a.organisation, member=member, worker=org_a.clv
        )
        PersonalBudget.objects.create(
            organisation=org_a.organisation,
            plan=plan,
            amount=100,
            period="week",
            pays_for="A gym pass",
            managed_as="notional",
        )
        PlanComment.objects.create(
            organisation=org_a.organisation, plan=plan, text="Fine by me", author=org_a.member_user
        )

    queries = pin_list(as_(client, org_a.clv), org_a, "/api/v1/plans/", SupportPlan, add_one)
    assert queries == pinned(7)  # 6, and the one insert that logs the members shown


@pytest.mark.parametrize(
    ("path", "model", "sqlite_count"),
    [
        pytest.param(f"/api/v1/{prefix}/", model, count, id=prefix)
        for prefix, model, count in (
            # 5, and the one insert that logs the members shown
            ("goals", Goal, 6),
            ("actions", Action, 6),
            ("risk-plans", RiskItem, 6),
            ("crisis-plans", CrisisPlan, 6),
            ("plan-reviews", PlanReview, 6),
        )
    ],
)
def test_plan_part_list_queries_do_not_grow(client, org_a, plan, path, model, sqlite_count):
    org = org_a.organisation

    def add_one():
        n = model.objects.count()
        if model is Goal:
            Goal.objects.create(organisation=org, plan=plan, in_own_words=f"Goal {n}")
        elif model is Action:
            goal = Goal.objects.create(organisation=org, plan=plan, in_own_words=f"Goal {n}")
            Action.objects.create(organisation=org, goal=goal, text=f"Step {n}", who="clv")
        elif model is RiskItem:
            RiskItem.objects.create(
                organisation=org,
                plan=plan,
                risk=f"Risk {n}",
                what_could_go_well="x",
                strategies="y",
            )
        elif model is CrisisPlan:
            other = SupportPlan.objects.create(
                organisation=org, member=MemberFactory(network=org_a.network), worker=org_a.clv
            )
            CrisisPlan.objects.create(organisation=org, plan=other, what_helps=f"Tea {n}")
        else:
            PlanReview.objects.create(organisation=org, plan=plan, due_on=TODAY)

    queries = pin_list(as_(client, org_a.clv), org_a, path, model, add_one)
    assert queries == pinned(sqlite_count)


def test_a_members_own_plan_list_queries_do_not_grow(client, org_a):
    def add_one():
        version = SupportPlan.objects.filter(member=org_a.member).count() + 1
        SupportPlan.objects.create(
            organisation=org_a.organisation,
            member=org_a.member,
            worker=org_a.clv,
            version=version,
            status=SupportPlan.Status.REPLACED,
        )

    queries = pin_list(
        as_(client, org_a.member_user), org_a, "/api/v1/plans/", SupportPlan, add_one
    )
    assert queries == pinned(6)  # 5, and the insert, which leaves out their own looks
