"""Outcome figures: every field from raw rows with exact values, the same
figures worked out independently for a random dataset, a fixed number of
queries, and another organisation's rows never counted."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone

from keyring_net.tenancy import organisation_scope
from members.models import (
    CommunityConnection,
    Member,
    PeerConnection,
    StatusChange,
    SupportLevelChange,
)
from networks.models import Network
from outcomes.figures.counting import outcome_figures
from outcomes.figures.results import (
    AreaProgress,
    ChoiceCount,
    NetworkFigures,
    QualityResult,
    QuestionResult,
    SurveyResult,
)
from outcomes.models import (
    OutcomeIndicator,
    QualityAction,
    QualityCheck,
    QualityFinding,
    Survey,
    SurveyAnswer,
    SurveyChoice,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from support_plans.models import AreaScore, StarArea, StarReading, StarStage
from tests import factories
from tests import outcome_rows as rows
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db
D = datetime.date
START, END = D(2026, 1, 1), D(2026, 6, 30)


def build_two_networks(world):
    """The dataset the exact test reads; the expected figures are worked out
    by hand in the comments."""
    org, user = world.organisation, world.clv
    ash = factories.NetworkFactory(cluster=world.network.cluster, name="Ash Grove")
    birch = factories.NetworkFactory(cluster=world.network.cluster, name="Birch Lane")
    v1 = rows.star(org, ["Home", "Money"])
    v2 = rows.star(org, ["Home", "Money", "Health"], version=2, previous=v1)

    # Ash Grove
    m1 = rows.member(ash, joined_on=D(2025, 1, 10), hours="4.0")
    rows.level_change(m1, "3.0", "4.0", D(2026, 3, 1))  # 3 -> 4: up
    rows.indicator(m1, "admission_avoided", D(2026, 2, 1), user)
    rows.indicator(m1, "admission_avoided", D(2026, 4, 1), user)  # the same member: once
    rows.indicator(m1, "work", D(2026, 5, 1), user)
    rows.indicator(m1, "visits_ended", D(2026, 3, 15), user)
    rows.indicator(m1, "homelessness_avoided", D(2026, 2, 2), user, withdrawn=True)
    rows.indicator(m1, "learning", D(2025, 12, 31), user)  # before the period
    rows.community(m1, D(2025, 6, 1))
    rows.reading(m1, v1, D(2025, 6, 1), user, {"Home": 3, "Money": 5})
    rows.reading(m1, v2, D(2026, 5, 1), user, {"Home": 6, "Money": 5, "Health": 7})
    rows.reading(m1, v2, D(2026, 8, 1), user, {"Home": 10, "Money": 10, "Health": 10})  # after

    m2 = rows.member(ash, status="moved_on", joined_on=D(2025, 3, 1), left_on=D(2026, 4, 30))
    rows.status_change(m2, "active", D(2025, 3, 1))
    rows.status_change(m2, "moved_on", D(2026, 4, 30), "active")
    rows.reading(m2, v1, D(2025, 4, 1), user, {"Home": 2, "Money": 2})  # one reading only
    rows.peer(m1, m2, D(2026, 2, 1))

    m3 = rows.member(ash, status="referred")  # never joined: not counted
    rows.indicator(m3, "work", D(2026, 2, 1), user)
    m4 = rows.member(ash, status="left", joined_on=D(2024, 1, 1), left_on=D(2025, 12, 15))
    rows.community(m4, D(2025, 1, 1), D(2025, 12, 20))

    m5 = rows.member(ash, joined_on=D(2026, 3, 1), hours="2.0")  # new
    rows.level_change(m5, "6.0", "5.0", D(2026, 4, 1))
    rows.level_change(m5, "5.0", "2.0", D(2026, 7, 10))  # 6 at joining, 5 at the end: down
    rows.indicator(m5, "tenancy_lost", D(2026, 6, 1), user)
    rows.indicator(m5, "homelessness", D(2026, 6, 2), user)
    rows.community(m5, D(2026, 6, 30))  # its first day is the period's last

    # Birch Lane
    m6 = rows.member(birch, joined_on=D(2024, 5, 1), hours="3.0")
    rows.level_change(m6, "2.0", "3.0", D(2025, 11, 1))  # before: 3 and 3
    rows.indicator(m6, "homelessness_avoided", D(2026, 1, 1), user)
    rows.indicator(m6, "volunteering", D(2026, 6, 30), user)
    rows.indicator(m6, "learning", D(2026, 2, 10), user)
    rows.indicator(m6, "admission", D(2026, 3, 3), user)
    rows.reading(m6, v1, D(2026, 1, 5), user, {"Home": 5, "Money": 2})
    rows.reading(m6, v1, D(2026, 2, 5), user, {"Home": 4, "Money": 3})  # no stage change
    rows.peer(m1, m6, D(2026, 1, 10), D(2026, 2, 1))  # across the two networks

    m7 = rows.member(birch, status="left", joined_on=D(2025, 1, 1), left_on=D(2026, 1, 15))
    rows.status_change(m7, "active", D(2025, 1, 1))
    rows.status_change(m7, "left", D(2026, 1, 15), "active")
    rows.peer(m7, m1, D(2025, 5, 1), D(2025, 12, 31))  # ended before the period

    # Surveys: only the first counts
    s1 = rows.survey(
        org,
        user,
        title="Spring survey",
        status="closed",
        opened_on=D(2026, 2, 1),
        closes_on=D(2026, 3, 1),
        closed_on=D(2026, 3, 2),
    )
    for m in (m1, m2, m6):
        rows.invite(s1, m, answered=m != m2)
    rows.respond(s1, ash, m=m1, face="Happy", text="Good")
    rows.respond(s1, birch, face="Sad")
    draft = rows.survey(org, user, title="Draft", status="draft")
    rows.invite(draft, m1)
    old = rows.survey(
        org, user, title="Old", status="closed", opened_on=D(2025, 1, 1), closes_on=D(2025, 2, 1)
    )
    rows.invite(old, m1)
    rows.respond(old, ash, m=m1, face="Sad")

    # Quality checks: one visit done in the period
    rows.quality_check(
        ash,
        user,
        D(2026, 3, 10),
        ratings=["good", "good", "needs_work"],
        actions=[D(2026, 4, 1), None, D(2026, 7, 15)],
    )
    rows.quality_check(birch, user, D(2026, 5, 1), status="planned", ratings=["okay"])
    rows.quality_check(birch, user, D(2025, 12, 1), ratings=["okay"])
    return ash, birch, {"m1": m1, "m2": m2, "m5": m5, "m6": m6, "m7": m7}


def other_organisation_rows(world_b):
    """Org B's rows, dated in the period: none may be counted for org A."""
    with organisation_scope(world_b.organisation):
        n = factories.NetworkFactory(cluster=world_b.network.cluster, name="Ash Grove B")
        m = rows.member(n, joined_on=D(2025, 1, 1))
        rows.indicator(m, "tenancy_lost", D(2026, 2, 1), world_b.clv)
        rows.community(m, D(2026, 1, 1))
        rows.quality_check(n, world_b.clv, D(2026, 2, 1), ratings=["good"])


def test_every_figure_from_raw_rows(org_a, org_b):
    other_organisation_rows(org_b)
    with organisation_scope(org_a.organisation):
        ash, birch, members = build_two_networks(org_a)
        figures = outcome_figures(
            organisation=org_a.organisation, networks=[birch, ash], start=START, end=END
        )
    assert figures.start == START and figures.end == END
    assert figures.networks == ("Ash Grove", "Birch Lane")
    assert figures.member_ids == {members[k].pk for k in ("m1", "m2", "m5", "m6", "m7")}
    assert figures.by_network == (
        NetworkFigures(
            name="Ash Grove",
            members_supported=3,
            new_members=1,
            moved_on=1,
            tenancy_sustained=2,
            tenancy_lost=1,
            admission_avoided=1,
            admission=0,
            homelessness_avoided=0,
            homelessness=1,
            work=1,
            learning=0,
            volunteering=0,
            visits_ended=1,
            admission_or_homelessness_avoided=1,
            work_learning_or_volunteering=1,
            members_with_connections=3,
            community_connections=2,
            peer_connections=2,
            support_hours_start=Decimal("11.0"),
            support_hours_end=Decimal("11.0"),
            support_went_up=1,
            support_went_down=1,
            star_members=1,
            star_moved_up_a_stage=1,
            survey_invited=2,
            survey_answered=1,
            faces_answers=1,
            faces_average=Decimal("3.00"),
            quality_checks=1,
        ),
        NetworkFigures(
            name="Birch Lane",
            members_supported=2,
            new_members=0,
            moved_on=0,
            tenancy_sustained=2,
            tenancy_lost=0,
            admission_avoided=0,
            admission=1,
            homelessness_avoided=1,
            homelessness=0,
            work=0,
            learning=1,
            volunteering=1,
            visits_ended=0,
            admission_or_homelessness_avoided=1,
            work_learning_or_volunteering=1,
            members_with_connections=1,
            community_connections=0,
            peer_connections=1,
            support_hours_start=Decimal("5.0"),
            support_hours_end=Decimal("5.0"),
            support_went_up=0,
            support_went_down=0,
            star_members=1,
            star_moved_up_a_stage=0,
            survey_invited=1,
            survey_answered=1,
            faces_answers=1,
            faces_average=Decimal("1.00"),
            quality_checks=0,
        ),
    )
    assert figures.total == NetworkFigures(
        name="All networks",
        members_supported=5,
        new_members=1,
        moved_on=1,
        tenancy_sustained=4,
        tenancy_lost=1,
        admission_avoided=1,
        admission=1,
        homelessness_avoided=1,
        homelessness=1,
        work=1,
        learning=1,
        volunteering=1,
        visits_ended=1,
        admission_or_homelessness_avoided=2,
        work_learning_or_volunteering=2,
        members_with_connections=4,
        community_connections=2,
        peer_connections=2,  # the link across the two networks counts once
        support_hours_start=Decimal("16.0"),
        support_hours_end=Decimal("16.0"),
        support_went_up=1,
        support_went_down=1,
        star_members=2,
        star_moved_up_a_stage=1,
        survey_invited=3,
        survey_answered=2,
        faces_answers=2,
        faces_average=Decimal("2.00"),
        quality_checks=1,
    )
    assert figures.star_areas == (
        AreaProgress("Home", 2, Decimal("4.00"), Decimal("5.00")),
        AreaProgress("Money", 2, Decimal("3.50"), Decimal("4.00")),
    )
    assert figures.star_areas[0].change == Decimal("1.00")
    assert figures.surveys == (
        SurveyResult(
            title="Spring survey",
            invited=3,
            answered=2,
            questions=(
                QuestionResult(
                    text="Spring survey: how do you feel about your support?",
                    kind="faces",
                    choices=(
                        ChoiceCount("Happy", "happy", 1),
                        ChoiceCount("Okay", "okay", 0),
                        ChoiceCount("Sad", "sad", 1),
                    ),
                    answered=2,
                    average_score=Decimal("2.00"),
                ),
                QuestionResult(
                    text="Spring survey: anything else?",
                    kind="text",
                    choices=(),
                    answered=1,
                    average_score=None,
                ),
            ),
        ),
    )
    assert figures.quality == QualityResult(
        checks=1, good=2, okay=0, needs_work=1, actions_open=2, actions_done=1
    )


def test_one_network_and_bad_arguments(org_a, org_b):
    with organisation_scope(org_a.organisation):
        ash, birch, members = build_two_networks(org_a)
        figures = outcome_figures(
            organisation=org_a.organisation,
            networks=Network.objects.filter(pk=birch.pk),
            start=START,
            end=END,
        )
        assert figures.networks == ("Birch Lane",)
        assert figures.member_ids == {members["m6"].pk, members["m7"].pk}
        assert figures.total.peer_connections == 1
        assert figures.total.members_supported == 2
        with pytest.raises(ValueError, match="ends before it starts"):
            outcome_figures(organisation=org_a.organisation, networks=[ash], start=END, end=START)
    with organisation_scope(org_b.organisation), pytest.raises(ValueError, match="another"):
        outcome_figures(organisation=org_b.organisation, networks=[ash], start=START, end=END)


def test_another_organisations_rows_are_never_counted(org_a, org_b):
    """Org B's rows dated in the period, in a network with the same name, and
    org A's figures are exactly what they are without them."""
    with organisation_scope(org_a.organisation):
        ash, birch, _ = build_two_networks(org_a)
        before = outcome_figures(
            organisation=org_a.organisation, networks=[ash, birch], start=START, end=END
        )
    other_organisation_rows(org_b)
    with organisation_scope(org_b.organisation):
        rows.random_world(org_b.organisation, [org_b.network], 12, 7, org_b.clv)
    with organisation_scope(org_a.organisation):
        after = outcome_figures(
            organisation=org_a.organisation, networks=[ash, birch], start=START, end=END
        )
    assert after == before
    assert after.member_ids == before.member_ids


# --------------------------------------------------------------------------
# The same figures worked out independently, with plain loops over the rows


def _avg(total, count):
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def independent(organisation, networks, start, end):
    ids = {n.pk for n in networks}
    local = timezone.localtime
    supported = {}
    for m in Member.objects.all().values():
        if m["organisation_id"] != organisation.pk or m["network_id"] not in ids:
            continue
        if m["joined_on"] is None or m["joined_on"] > end:
            continue
        if m["left_on"] is not None and m["left_on"] < start:
            continue
        ok = m["status"] in ("active", "moved_on")
        for c in StatusChange.objects.all().values():
            if (c["member_id"] == m["id"] and c["to_status"] in ("active", "moved_on")) and (
                c["on"] <= end
            ):
                ok = True
        if ok:
            supported[m["id"]] = m

    def members_of(network_ids):
        return {k for k, m in supported.items() if m["network_id"] in network_ids}

    def counts(name, network_ids):
        mine = members_of(network_ids)
        result = {"name": name, "members_supported": len(mine)}
        result["new_members"] = sum(1 for k in mine if supported[k]["joined_on"] >= start)
        moved = set()
        for c in StatusChange.objects.all().values():
            if c["member_id"] in mine and c["to_status"] == "moved_on" and start <= c["on"] <= end:
                moved.add(c["member_id"])
        result["moved_on"] = len(moved)
        by_kind = defaultdict(set)
        for i in OutcomeIndicator.objects.all().values():
            if (i["member_id"] in mine and i["withdrawn_at"] is None) and (
                start <= i["happened_on"] <= end
            ):
                by_kind[i["kind"]].add(i["member_id"])
        for kind in (
            "tenancy_lost",
            "admission_avoided",
            "admission",
            "homelessness_avoided",
            "homelessness",
            "work",
            "learning",
            "volunteering",
            "visits_ended",
        ):
            result[kind] = len(by_kind[kind])
        result["tenancy_sustained"] = len(mine) - result["tenancy_lost"]
        result["admission_or_homelessness_avoided"] = len(
            by_kind["admission_avoided"] | by_kind["homelessness_avoided"]
        )
        result["work_learning_or_volunteering"] = len(
            by_kind["work"] | by_kind["learning"] | by_kind["volunteering"]
        )
        connected = set()
        community = 0
        for c in CommunityConnection.objects.all().values():
            if (c["member_id"] in mine and c["started_on"] <= end) and (
                c["ended_on"] is None or c["ended_on"] >= start
            ):
                community += 1
                connected.add(c["member_id"])
        peers = 0
        for p in PeerConnection.objects.all().values():
            if (p["member_a_id"] in mine or p["member_b_id"] in mine) and (
                p["started_on"] <= end and (p["ended_on"] is None or p["ended_on"] >= start)
            ):
                peers += 1
                for k in (p["member_a_id"], p["member_b_id"]):
                    if k in mine:
                        connected.add(k)
        result["community_connections"] = community
        result["peer_connections"] = peers
        result["members_with_connections"] = len(connected)
        hours_start = Decimal(0)
        hours_end = Decimal(0)
        up = down = 0
        for k in mine:
            m = supported[k]
            changes = [c for c in SupportLevelChange.objects.all().values() if c["member_id"] == k]
            changes.sort(key=lambda c: (c["changed_at"], c["id"]))

            def hours_on(day, changes=changes, m=m):
                for c in changes:
                    if local(c["changed_at"]).date() > day:
                        return c["from_hours"]
                return m["support_hours_per_week"]

            first = hours_on(max(start, m["joined_on"]))
            last = hours_on(min(end, m["left_on"]) if m["left_on"] else end)
            hours_start += first
            hours_end += last
            up += last > first
            down += last < first
        result["support_hours_start"] = hours_start
        result["support_hours_end"] = hours_end
        result["support_went_up"] = up
        result["support_went_down"] = down
        star_members, moved_up = star_facts(mine, end)
        result["star_members"] = len(star_members)
        result["star_moved_up_a_stage"] = len(moved_up)
        result.update(survey_facts(organisation, network_ids, start, end)[0])
        checks = 0
        for q in QualityCheck.objects.all().values():
            if (q["network_id"] in network_ids and q["status"] == "done") and (
                start <= q["visit_on"] <= end
            ):
                checks += 1
        result["quality_checks"] = checks
        return NetworkFigures(**result)

    by_network = tuple(counts(n.name, {n.pk}) for n in sorted(networks, key=lambda n: n.name))
    return counts("All networks", ids), by_network, set(supported)


def _readings(members, end):
    """member -> [(taken_on, id, {area name casefolded: (score, stage index, name, position)})]"""
    stages = defaultdict(list)
    for s in StarStage.objects.all().values():
        stages[s["template_id"]].append((s["low"], s["high"]))
    areas = {a["id"]: a for a in StarArea.objects.all().values()}
    readings = {r["id"]: r for r in StarReading.objects.all().values()}
    out = defaultdict(dict)
    for score in AreaScore.objects.all().values():
        r = readings[score["reading_id"]]
        if r["member_id"] not in members or r["taken_on"] > end:
            continue
        bands = sorted(stages[r["template_id"]])
        stage = None
        for index, (low, high) in enumerate(bands):
            if low <= score["score"] <= high:
                stage = index
        area = areas[score["area_id"]]
        out[r["member_id"]].setdefault((r["taken_on"], r["id"]), {})[area["name"].lower()] = (
            score["score"],
            stage,
            area["name"],
            (r["taken_on"], r["id"], area["position"]),
        )
    return out


def star_facts(members, end):
    star_members, moved_up = set(), set()
    for k, by_reading in _readings(members, end).items():
        if len(by_reading) < 2:
            continue
        star_members.add(k)
        keys = sorted(by_reading)
        first, latest = by_reading[keys[0]], by_reading[keys[-1]]
        for name in first:
            if (name in latest and first[name][1] is not None and latest[name][1] is not None) and (
                latest[name][1] > first[name][1]
            ):
                moved_up.add(k)
    return star_members, moved_up


def star_areas(members, end):
    totals = {}
    names = {}
    for by_reading in _readings(members, end).values():
        if len(by_reading) < 2:
            continue
        for scores in by_reading.values():
            for key, (_, _, name, when) in scores.items():
                if key not in names or when > names[key][0]:
                    names[key] = (when, name)
        keys = sorted(by_reading)
        first, latest = by_reading[keys[0]], by_reading[keys[-1]]
        for key in first:
            if key in latest:
                t = totals.setdefault(key, [0, 0, 0])
                t[0] += 1
                t[1] += first[key][0]
                t[2] += latest[key][0]
    return tuple(
        AreaProgress(names[k][1], t[0], _avg(t[1], t[0]), _avg(t[2], t[0]))
        for k, t in sorted(totals.items(), key=lambda kv: (names[kv[0]][0][2], kv[0]))
    )


def survey_facts(organisation, network_ids, start, end):
    local = timezone.localtime
    chosen = []
    for s in Survey.objects.all().order_by("opened_at", "id").values():
        if s["organisation_id"] != organisation.pk or s["status"] == "draft":
            continue
        if s["opened_at"] is None or local(s["opened_at"]).date() > end:
            continue
        last = [d for d in (s["closes_on"], s["closed_at"] and local(s["closed_at"]).date()) if d]
        if last and min(last) < start:
            continue
        if not any(
            i["survey_id"] == s["id"] and i["network_id"] in network_ids
            for i in SurveyInvitation.objects.all().values()
        ):
            continue
        chosen.append(s)
    ids = {s["id"] for s in chosen}
    invited = sum(
        1
        for i in SurveyInvitation.objects.all().values()
        if i["survey_id"] in ids and i["network_id"] in network_ids
    )
    responses = {
        r["id"]: r
        for r in SurveyResponse.objects.all().values()
        if r["survey_id"] in ids and r["network_id"] in network_ids
    }
    questions = {q["id"]: q for q in SurveyQuestion.objects.all().values()}
    choices = {c["id"]: c for c in SurveyChoice.objects.all().values()}
    faces = []
    for a in SurveyAnswer.objects.all().values():
        if (a["response_id"] in responses and a["choice_id"] is not None) and (
            questions[a["question_id"]]["kind"] == "faces"
        ):
            score = choices[a["choice_id"]]["score"]
            if score is not None:
                faces.append(score)
    return {
        "survey_invited": invited,
        "survey_answered": len(responses),
        "faces_answers": len(faces),
        "faces_average": _avg(sum(faces), len(faces)),
    }, chosen


def quality_facts(network_ids, start, end):
    visits = {
        q["id"]
        for q in QualityCheck.objects.all().values()
        if q["network_id"] in network_ids
        and q["status"] == "done"
        and start <= q["visit_on"] <= end
    }
    findings = [
        f["rating"] for f in QualityFinding.objects.all().values() if f["visit_id"] in visits
    ]
    actions = [a for a in QualityAction.objects.all().values() if a["visit_id"] in visits]
    done = sum(1 for a in actions if a["done_on"] is not None and a["done_on"] <= end)
    return QualityResult(
        checks=len(visits),
        good=findings.count("good"),
        okay=findings.count("okay"),
        needs_work=findings.count("needs_work"),
        actions_open=len(actions) - done,
        actions_done=done,
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_figures_match_an_independent_count_of_the_raw_rows(org_a, org_b, seed):
    with organisation_scope(org_b.organisation):
        rows.random_world(org_b.organisation, [org_b.network], 10, seed + 100, org_b.clv)
    with organisation_scope(org_a.organisation):
        networks = [
            factories.NetworkFactory(cluster=org_a.network.cluster, name=f"Net {i}")
            for i in range(3)
        ]
        rows.random_world(org_a.organisation, networks, 40, seed, org_a.clv)
        start, end = D(2025, 4, 1), D(2026, 3, 31)
        figures = outcome_figures(
            organisation=org_a.organisation, networks=networks[:2], start=start, end=end
        )
        # Plain loops over every row, both organisations' rows present
        from keyring_net.tenancy import all_organisations

        with all_organisations():
            total, by_network, supported = independent(org_a.organisation, networks[:2], start, end)
            areas = star_areas(supported, end)
            _, chosen = survey_facts(org_a.organisation, {n.pk for n in networks[:2]}, start, end)
            quality = quality_facts({n.pk for n in networks[:2]}, start, end)
    assert figures.total.members_supported > 5  # the dataset is not trivial
    assert figures.member_ids == supported
    assert figures.by_network == by_network
    assert figures.total == total
    assert figures.star_areas == areas
    assert [s.title for s in figures.surveys] == [s["title"] for s in chosen]
    assert figures.quality == quality


# --------------------------------------------------------------------------
# A fixed number of queries


def test_a_fixed_number_of_queries_whatever_the_size(org_a):
    counts = {}
    for members, networks in ((3, 2), (60, 5)):
        with organisation_scope(org_a.organisation):
            made = [
                factories.NetworkFactory(
                    cluster=org_a.network.cluster, name=f"Size {members} net {i}"
                )
                for i in range(networks)
            ]
            rows.random_world(org_a.organisation, made, members, members, org_a.clv)
            queryset = Network.objects.filter(pk__in=[n.pk for n in made])
            n_list, figures = count_queries(
                lambda made=made: outcome_figures(
                    organisation=org_a.organisation,
                    networks=made,
                    start=D(2025, 1, 1),
                    end=D(2026, 12, 31),
                )
            )
            n_queryset, _ = count_queries(
                lambda queryset=queryset: outcome_figures(
                    organisation=org_a.organisation,
                    networks=queryset,
                    start=D(2025, 1, 1),
                    end=D(2026, 12, 31),
                )
            )
        assert figures.total.members_supported > 0
        assert len(figures.by_network) == networks
        counts[members] = (n_list, n_queryset)
    assert counts[3] == counts[60] == (18, 19)
