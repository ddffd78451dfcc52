"""The demo's stars and support plans (support_plans/demo/): readings over
eighteen months, plans at every stage, one disagreement and one early review
in each organisation, the same rows each time and nothing added on a second
run."""

import datetime
from collections import Counter, defaultdict

import pytest
from django.db import transaction
from django.utils import timezone

from keyring_net.demo import seed_all
from keyring_net.models import Organisation
from keyring_net.tenancy import organisation_scope
from members.models import Member
from networks.models import Network
from support_plans.models import (
    Action,
    AreaScore,
    CrisisPlan,
    Goal,
    PersonalBudget,
    PlanComment,
    PlanReview,
    ProgressNote,
    RiskItem,
    StarReading,
    StarTemplate,
    SupportPlan,
)
from support_plans.stars import DEFAULT_NAME

pytestmark = pytest.mark.django_db

EIGHTEEN_MONTHS = datetime.timedelta(days=548)
MODELS = (
    StarReading,
    AreaScore,
    SupportPlan,
    Goal,
    Action,
    ProgressNote,
    PersonalBudget,
    RiskItem,
    CrisisPlan,
    PlanComment,
    PlanReview,
)


def each_organisation():
    for org in Organisation.objects.order_by("slug"):
        with organisation_scope(org):
            yield org


def test_members_fill_in_the_star_two_to_four_times_over_eighteen_months():
    seed_all()
    today = timezone.localdate()
    for _org in each_organisation():
        (template,) = StarTemplate.objects.all()
        assert (template.name, template.version, template.is_active) == (DEFAULT_NAME, 1, True)
        readings = defaultdict(list)
        for reading in StarReading.objects.select_related("member", "worker").order_by(
            "taken_on", "pk"
        ):
            readings[reading.member].append(reading)
        # Two members in each network.
        assert len(readings) == 2 * Network.objects.count()
        assert set(Counter(len(r) for r in readings.values())) == {2, 3, 4}
        rises = 0
        for member, theirs in readings.items():
            assert member.status == Member.Status.ACTIVE
            assert all(today - EIGHTEEN_MONTHS <= r.taken_on < today for r in theirs)
            assert all(r.taken_on > member.joined_on for r in theirs)
            assert len({r.taken_on for r in theirs}) == len(theirs)
            for reading in theirs:
                name = member.preferred_name or member.full_name
                assert reading.who_was_there.startswith(name)
                assert reading.worker.full_name in reading.who_was_there
                assert reading.notes
            totals = []
            for reading in theirs:
                scores = list(reading.scores.all())
                assert len(scores) == 10 and all(1 <= s.score <= 10 for s in scores)
                assert sum(bool(s.member_words) for s in scores) >= 3  # their own words
                totals.append(sum(s.score for s in scores))
            rises += totals[-1] > totals[0]
            later = AreaScore.objects.filter(reading__in=theirs[1:]).exclude(worker_note="")
            assert later.exists(), member  # the worker noted what moved
        # Scores move along the journey: up for nearly everyone.
        assert rises >= len(readings) - 1
        # Different moments of the journey, from stuck to doing it myself.
        assert AreaScore.objects.filter(score__lte=2).exists()
        assert AreaScore.objects.filter(score__gte=8).exists()


def test_plans_at_every_stage_agreed_by_the_member_in_their_own_login():
    seed_all()
    today = timezone.localdate()
    for _org in each_organisation():
        plans = list(SupportPlan.objects.select_related("member", "previous"))
        by_member = defaultdict(list)
        for plan in plans:
            by_member[plan.member_id].append(plan)
        assert len(by_member) == 2 * Network.objects.count()
        status = Counter(p.status for p in plans)
        assert status[SupportPlan.Status.DRAFT] >= 2
        assert status[SupportPlan.Status.AGREED] >= 4
        assert status[SupportPlan.Status.REPLACED] >= 2
        # A first plan being written; a new version being written over an agreed one.
        assert any(len(v) == 1 and v[0].status == "draft" for v in by_member.values())
        assert any(
            p.status == "draft" and p.previous and p.previous.status == "agreed" for p in plans
        )
        for plan in plans:
            if plan.previous_id:
                assert plan.previous.version == plan.version - 1
                assert plan.previous.member_id == plan.member_id
            if plan.status == "replaced":  # the earlier version, kept as it was
                assert plan.member_agreed_at and plan.worker_agreed_at
                newer = next(p for p in plans if p.previous_id == plan.pk)
                assert plan.member_agreed_at < newer.created_at
                assert Goal.objects.filter(plan=plan).exists()
            if plan.status in ("agreed", "replaced"):
                assert plan.member.user_id is not None
                assert plan.created_at <= plan.member_agreed_at
                assert plan.review_due == timezone.localtime(
                    plan.member_agreed_at
                ).date() + datetime.timedelta(days=365)
                signed = plan.history.filter(history_type="~").exclude(member_agreed_at=None)
                assert signed.earliest("history_date").history_user_id == plan.member.user_id
                assert plan.easy_read_checked_by and plan.easy_read_checked_on
            else:
                assert plan.member_agreed_at is None and plan.worker_agreed_at is None
        being_reviewed = {p.previous_id for p in plans if p.status == "draft"}
        current = [p for p in plans if p.status == "agreed" and p.pk not in being_reviewed]
        due = sorted((p.review_due - today).days for p in current)
        assert 0 < due[0] <= 30, due  # one yearly review is due soon
        assert due[-1] > 60
        # Yearly reviews that led to a new version.
        done = PlanReview.objects.filter(asked_by_member=False, completed_on__isnull=False)
        assert done.count() >= 2
        assert all(r.new_plan.previous_id == r.plan_id for r in done)

        goals = list(Goal.objects.prefetch_related("actions"))
        assert all(g.in_own_words.startswith("I") for g in goals)
        assert all({a.term for a in g.actions.all()} == {"short", "long"} for g in goals)
        who = Counter(a.who for a in Action.objects.all())
        assert "member" in who and len(who) >= 4
        assert Action.objects.exclude(who="member").exclude(who_name="").exists()
        assert Action.objects.filter(done_on__isnull=False).exists()
        assert ProgressNote.objects.exists()
        assert PersonalBudget.objects.filter(amount__gt=0).exists()
        assert RiskItem.objects.exclude(what_could_go_well="").exists()
        assert CrisisPlan.objects.exclude(early_signs="").exists()


def test_one_disagreement_and_one_early_review_from_members():
    logins = seed_all()
    today = timezone.localdate()
    for org in each_organisation():
        (disagreement,) = PlanComment.objects.filter(disagrees=True).select_related("plan__member")
        plan = disagreement.plan
        assert disagreement.by_member and disagreement.author_id == plan.member.user_id
        assert plan.status == SupportPlan.Status.AGREED and disagreement.text
        # The member whose login the demo gives is the one who disagreed.
        (email,) = [
            login.email
            for login in logins
            if login.organisation == org.name and login.role == "member"
        ]
        assert plan.member.user.email == email
        assert all(c.by_member for c in PlanComment.objects.all())

        (review,) = PlanReview.objects.filter(asked_by_member=True).select_related("plan__member")
        assert review.completed_on is None and review.members_reason
        assert review.plan.status == SupportPlan.Status.AGREED
        assert review.plan.member_id != plan.member_id
        assert today < review.due_on <= today + datetime.timedelta(days=14)
        assert review.history.earliest("history_date").history_user_id == (
            review.plan.member.user_id
        )


def _rows() -> dict:
    """The demo's plan rows in both organisations, without ids."""
    rows = {}
    for org in each_organisation():
        rows[org.slug] = {
            "readings": sorted(
                (
                    r.member.full_name,
                    r.taken_on,
                    r.who_was_there,
                    r.notes,
                    tuple((s.area.position, s.score, s.member_words) for s in r.scores.all()),
                )
                for r in StarReading.objects.select_related("member").prefetch_related(
                    "scores__area"
                )
            ),
            "plans": sorted(
                (
                    p.member.full_name,
                    p.version,
                    p.status,
                    p.created_at,
                    p.review_due,
                    tuple(
                        (g.in_own_words, tuple((a.text, a.who_name) for a in g.actions.all()))
                        for g in p.goals.all()
                    ),
                )
                for p in SupportPlan.objects.select_related("member").prefetch_related(
                    "goals__actions"
                )
            ),
            "counts": {model.__name__: model.objects.count() for model in MODELS},
        }
    return rows


def test_same_rows_each_time_and_a_second_run_adds_nothing():
    def seed_twice():
        with transaction.atomic():
            seed_all()
            first = _rows()
            seed_all()
            assert _rows() == first
            transaction.set_rollback(True)
        return first

    first = seed_twice()
    assert all(rows["counts"]["StarReading"] >= 12 for rows in first.values())
    assert seed_twice() == first
