"""Stars and co-produced plans: readings, versions, sign-off by the member
themselves, comments and disagreements kept, early reviews, diffs."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from keyring_net.actors import Actor
from keyring_net.tenancy import organisation_scope
from support_plans.models import SupportPlan
from support_plans.services.member import member_comment, review_request
from support_plans.services.parts import action_add, crisis_set, goal_add
from support_plans.services.plans import plan_agree, plan_changes, plan_diff, plan_start
from support_plans.services.readings import AreaAnswer, reading_record
from support_plans.stars import ensure_default_template

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def world(org_a):
    with organisation_scope(org_a.organisation):
        yield org_a, ensure_default_template(org_a.organisation)


def answers(template, score=5):
    return [AreaAnswer(a.pk, score, f"My words on {a.name}") for a in template.areas.all()]


def test_a_reading_needs_every_area_scored_1_to_10(world):
    org, template = world
    worker = Actor.for_user(org.clv)
    reading = reading_record(
        actor=worker,
        member=org.member,
        template=template,
        taken_on=TODAY,
        answers=answers(template, 4),
        who_was_there="Alan and his sister",
    )
    assert reading.scores.count() == 10
    bad = answers(template)
    bad[0] = AreaAnswer(bad[0].area_id, 11)
    bad[1] = AreaAnswer(bad[1].area_id, 0)
    with pytest.raises(ValidationError) as error:
        reading_record(
            actor=worker, member=org.member, template=template, taken_on=TODAY, answers=bad
        )
    assert list(error.value.message_dict.values()) == [["Scores go from 1 to 10."]] * 2
    with pytest.raises(ValidationError) as error:
        reading_record(
            actor=worker,
            member=org.member,
            template=template,
            taken_on=TODAY,
            answers=answers(template)[:9],
        )
    assert error.value.message_dict["answers"] == [
        "Give a score for every area: Confidence and hope."
    ]
    other = AreaAnswer(999999, 5)
    with pytest.raises(ValidationError) as error:
        reading_record(
            actor=worker,
            member=org.member,
            template=template,
            taken_on=TODAY,
            answers=[*answers(template), other],
        )
    assert error.value.message_dict["answers"] == ["Every score must be for an area of this star."]


def agreed_plan(org):
    worker = Actor.for_user(org.clv)
    plan = plan_start(actor=worker, member=org.member)
    goal = goal_add(actor=worker, plan=plan, in_own_words="I want to cook my own tea.")
    action_add(
        actor=worker,
        goal=goal,
        text="Cook together on Tuesdays",
        term="short",
        who="clv",
        by_when=TODAY + datetime.timedelta(days=30),
    )
    crisis_set(
        actor=worker,
        plan=plan,
        early_signs="Stops answering the door.",
        practical_arrangements="Sister has a key; the cat goes to Joan.",
    )
    plan_agree(actor=Actor.for_user(org.member_user), plan=plan, as_member=True)
    plan_agree(actor=worker, plan=plan, as_member=False)
    return plan


def test_a_plan_is_agreed_by_the_member_themselves_and_a_worker(world):
    org, _ = world
    worker = Actor.for_user(org.clv)
    plan = plan_start(actor=worker, member=org.member)
    goal_add(actor=worker, plan=plan, in_own_words="Go to the Tuesday drop-in.")
    with pytest.raises(PermissionDenied, match="Only the member can agree"):
        plan_agree(actor=worker, plan=plan, as_member=True)
    plan_agree(actor=worker, plan=plan, as_member=False)
    assert plan.status == SupportPlan.Status.DRAFT
    plan_agree(actor=Actor.for_user(org.member_user), plan=plan, as_member=True)
    plan.refresh_from_db()
    assert plan.status == SupportPlan.Status.AGREED
    assert plan.review_due == TODAY + datetime.timedelta(days=365)


def test_an_agreed_version_is_kept_and_a_new_one_carries_it_over(world):
    org, _ = world
    first = agreed_plan(org)
    worker = Actor.for_user(org.clv)
    with pytest.raises(ValidationError, match="kept as it is"):
        goal_add(actor=worker, plan=first, in_own_words="Something new")
    second = plan_start(actor=worker, member=org.member)
    assert (second.version, second.previous) == (2, first)
    assert [g.in_own_words for g in second.goals.all()] == ["I want to cook my own tea."]
    goal_add(actor=worker, plan=second, in_own_words="Join the walking group.")
    assert plan_diff(first, second) == [("added", "Goal: Join the walking group.")]
    plan_agree(actor=Actor.for_user(org.member_user), plan=second, as_member=True)
    plan_agree(actor=worker, plan=second, as_member=False)
    first.refresh_from_db()
    assert first.status == SupportPlan.Status.REPLACED
    assert SupportPlan.objects.filter(member=org.member).count() == 2
    second.refresh_from_db()
    assert second.changes == [["added", "Goal: Join the walking group."]]


def test_an_agreed_versions_changes_are_kept_and_read_without_working_them_out(
    world, django_assert_num_queries
):
    """The plan page reads an agreed version's changes as kept when it was
    agreed: no query, no difference worked out; a draft's are worked out."""
    org, _ = world
    first = agreed_plan(org)
    worker = Actor.for_user(org.clv)
    draft = plan_start(actor=worker, member=org.member)
    goal_add(actor=worker, plan=draft, in_own_words="Join the walking group.")
    assert plan_changes(draft) == [("added", "Goal: Join the walking group.")]
    assert draft.changes is None
    plan_agree(actor=Actor.for_user(org.member_user), plan=draft, as_member=True)
    plan_agree(actor=worker, plan=draft, as_member=False)
    agreed = SupportPlan.objects.get(pk=draft.pk)
    with django_assert_num_queries(0):
        assert plan_changes(agreed) == [("added", "Goal: Join the walking group.")]
    assert plan_changes(first) == []


def test_the_member_comments_disagrees_and_asks_for_an_early_review(world):
    org, _ = world
    plan = agreed_plan(org)
    member = Actor.for_user(org.member_user)
    comment = member_comment(
        actor=member,
        plan=plan,
        part="crisis",
        text="I do not want my brother told.",
        disagrees=True,
    )
    assert (comment.by_member, comment.disagrees) == (True, True)
    with pytest.raises(PermissionDenied):
        member_comment(
            actor=Actor.for_user(org.clv), plan=plan, part="whole", text="x", disagrees=False
        )
    review = review_request(actor=member, plan=plan, reason="Things have changed.")
    again = review_request(actor=member, plan=plan, reason="Please")
    assert review == again
    assert review.due_on == TODAY + datetime.timedelta(days=14)
