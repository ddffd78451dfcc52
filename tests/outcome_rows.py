"""Raw rows for outcome figures tests: members, their history, indicators,
stars, surveys and quality checks, built directly (no services) so a test
controls every date. Each helper takes the organisation from its parent."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from members.models import (
    CommunityConnection,
    PeerConnection,
    StatusChange,
    SupportLevelChange,
)
from networks.models import CommunityAsset
from outcomes.models import (
    OutcomeIndicator,
    QualityAction,
    QualityCheck,
    QualityChecklist,
    QualityFinding,
    Survey,
    SurveyAnswer,
    SurveyChoice,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from support_plans.models import AreaScore, StarArea, StarReading, StarStage, StarTemplate
from tests import factories

LONDON = ZoneInfo("Europe/London")
D = datetime.date


def at_noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=LONDON)


def member(network, *, status="active", joined_on=None, left_on=None, hours="2.0", **extra):
    return factories.MemberFactory(
        network=network,
        status=status,
        joined_on=joined_on,
        left_on=left_on,
        support_hours_per_week=Decimal(hours),
        **extra,
    )


def status_change(m, to_status, on, from_status=""):
    return StatusChange.objects.create(
        organisation=m.organisation, member=m, from_status=from_status, to_status=to_status, on=on
    )


def level_change(m, from_hours, to_hours, on):
    return SupportLevelChange.objects.create(
        organisation=m.organisation,
        member=m,
        from_hours=Decimal(from_hours),
        to_hours=Decimal(to_hours),
        reason="Flexed",
        changed_at=at_noon(on),
    )


def indicator(m, kind, on, user, withdrawn=False):
    return OutcomeIndicator.objects.create(
        organisation=m.organisation,
        member=m,
        kind=kind,
        happened_on=on,
        recorded_by=user,
        withdrawn_at=at_noon(on) if withdrawn else None,
        withdrawn_reason="Recorded by mistake" if withdrawn else "",
    )


def community(m, started_on, ended_on=None, asset=None):
    asset = asset or CommunityAsset.objects.create(
        organisation=m.organisation, network=m.network, name="Library", category="library"
    )
    return CommunityConnection.objects.create(
        organisation=m.organisation, member=m, asset=asset, started_on=started_on, ended_on=ended_on
    )


def peer(m1, m2, started_on, ended_on=None):
    a, b = sorted([m1, m2], key=lambda m: m.pk)
    return PeerConnection.objects.create(
        organisation=a.organisation,
        member_a=a,
        member_b=b,
        a_agreed_on=started_on,
        b_agreed_on=started_on,
        started_on=started_on,
        ended_on=ended_on,
    )


STAGES = [("Stuck", 1, 3), ("Trying", 4, 6), ("Managing", 7, 10)]


def star(organisation, areas, version=1, previous=None, name="Outcome star"):
    template = StarTemplate.objects.create(
        organisation=organisation, name=name, version=version, previous=previous
    )
    for stage, low, high in STAGES:
        StarStage.objects.create(
            organisation=organisation,
            template=template,
            name=stage,
            easy_read_name=stage,
            low=low,
            high=high,
        )
    for position, area in enumerate(areas, start=1):
        StarArea.objects.create(
            organisation=organisation,
            template=template,
            position=position,
            name=area,
            easy_read_name=area,
        )
    return template


def reading(m, template, taken_on, user, scores: dict[str, int]):
    r = StarReading.objects.create(
        organisation=m.organisation, member=m, template=template, taken_on=taken_on, worker=user
    )
    areas = {a.name: a for a in StarArea.objects.filter(template=template)}
    for name, score in scores.items():
        AreaScore.objects.create(
            organisation=m.organisation, reading=r, area=areas[name], score=score
        )
    return r


def survey(organisation, user, *, title, status, opened_on=None, closes_on=None, closed_on=None):
    s = Survey.objects.create(
        organisation=organisation,
        title=title,
        easy_read_title=title,
        status=status,
        created_by=user,
        opened_at=at_noon(opened_on) if opened_on else None,
        closes_on=closes_on,
        closed_at=at_noon(closed_on) if closed_on else None,
    )
    faces = SurveyQuestion.objects.create(
        organisation=organisation,
        survey=s,
        position=1,
        text=f"{title}: how do you feel about your support?",
        easy_read_text="How do you feel?",
        kind=SurveyQuestion.Kind.FACES,
    )
    for position, (label, score) in enumerate([("Happy", 3), ("Okay", 2), ("Sad", 1)], 1):
        SurveyChoice.objects.create(
            organisation=organisation,
            question=faces,
            position=position,
            label=label,
            pictogram=label.lower(),
            score=score,
        )
    SurveyQuestion.objects.create(
        organisation=organisation,
        survey=s,
        position=2,
        text=f"{title}: anything else?",
        easy_read_text="Anything else?",
        kind=SurveyQuestion.Kind.TEXT,
    )
    return s


def invite(s, m, answered=False):
    return SurveyInvitation.objects.create(
        organisation=s.organisation,
        survey=s,
        member=m,
        network=m.network,
        answered_at=at_noon(D(2026, 2, 2)) if answered else None,
    )


def respond(s, network, m=None, face=None, text=""):
    mode = SurveyResponse.Mode.OWN if m else SurveyResponse.Mode.ANONYMOUS
    response = SurveyResponse.objects.create(
        organisation=s.organisation, survey=s, network=network, member=m, mode=mode
    )
    faces, words = SurveyQuestion.objects.filter(survey=s).order_by("position")
    if face:
        SurveyAnswer.objects.create(
            organisation=s.organisation,
            response=response,
            question=faces,
            choice=SurveyChoice.objects.get(question=faces, label=face),
        )
    if text:
        SurveyAnswer.objects.create(
            organisation=s.organisation, response=response, question=words, text=text
        )
    return response


def quality_check(network, user, visit_on, status="done", ratings=(), actions=()):
    checklist = QualityChecklist.objects.filter(organisation=network.organisation).first()
    checklist = checklist or QualityChecklist.objects.create(
        organisation=network.organisation, name="Checklist"
    )
    visit = QualityCheck.objects.create(
        organisation=network.organisation,
        network=network,
        checklist=checklist,
        visit_on=visit_on,
        status=status,
        created_by=user,
    )
    for rating in ratings:
        QualityFinding.objects.create(
            organisation=network.organisation, visit=visit, rating=rating, note="Seen"
        )
    for done_on in actions:
        QualityAction.objects.create(
            organisation=network.organisation, visit=visit, text="Put it right", done_on=done_on
        )
    return visit


KINDS = [k.value for k in OutcomeIndicator.Kind]


def random_world(organisation, networks, members: int, seed: int, user) -> None:
    """A seeded, messy dataset: members in every state, and every kind of row
    dated in and around 2026 (the tests' period is inside it)."""
    rng = random.Random(seed)

    def day():
        return D(2024, 6, 1) + datetime.timedelta(days=rng.randint(0, 900))

    v1 = star(organisation, ["Home", "Money", "Health"], name=f"Star {seed}")
    v2 = star(
        organisation, ["home", "Money", "Friends"], version=2, previous=v1, name=f"Star {seed}"
    )
    made = []
    for i in range(members):
        network = networks[i % len(networks)]
        status = rng.choice(["active", "active", "active", "moved_on", "left", "referred"])
        joined = None if status == "referred" and rng.random() < 0.7 else day()
        left = None
        if status in ("moved_on", "left") and joined:
            left = joined + datetime.timedelta(days=rng.randint(0, 400))
        m = member(
            network,
            status=status,
            joined_on=joined,
            left_on=left,
            hours=str(rng.choice([1, 2, 3, 4, 5])) + ".0",
        )
        made.append(m)
        if joined:
            status_change(m, "active", joined)
        if left:
            status_change(m, status, left)
        hours = m.support_hours_per_week
        for _ in range(rng.randint(0, 3)):
            change_on = day()
            new = Decimal(rng.choice([1, 2, 3, 6]))
            level_change(m, new, hours, change_on)
        for _ in range(rng.randint(0, 4)):
            indicator(m, rng.choice(KINDS), day(), user, withdrawn=rng.random() < 0.15)
        for _ in range(rng.randint(0, 2)):
            started = day()
            ended = started + datetime.timedelta(days=rng.randint(1, 300))
            community(m, started, ended if rng.random() < 0.5 else None)
        for _ in range(rng.randint(0, 3)):
            template = rng.choice([v1, v2])
            names = ["Home", "Money", "Health"] if template == v1 else ["home", "Money", "Friends"]
            scores = {n: rng.randint(1, 10) for n in names if rng.random() < 0.9}
            reading(m, template, day(), user, scores)
    for _ in range(members // 2):
        a, b = rng.sample(made, 2)
        started = day()
        peer(
            a,
            b,
            started,
            started + datetime.timedelta(days=rng.randint(1, 200)) if rng.random() < 0.4 else None,
        )
    for s_i in range(2):
        opened = day()
        s = survey(
            organisation,
            user,
            title=f"Survey {seed}-{s_i}",
            status=rng.choice(["open", "closed", "draft"]),
            opened_on=opened,
            closes_on=opened + datetime.timedelta(days=rng.randint(10, 90)),
        )
        for m in made:
            if m.network and rng.random() < 0.6:
                invite(s, m)
                if rng.random() < 0.6:
                    respond(
                        s,
                        m.network,
                        m=None if rng.random() < 0.3 else m,
                        face=rng.choice([None, "Happy", "Okay", "Sad"]),
                        text=rng.choice(["", "Fine"]),
                    )
    for network in networks:
        for _ in range(rng.randint(0, 2)):
            quality_check(
                network,
                user,
                day(),
                status=rng.choice(["done", "planned"]),
                ratings=[
                    rng.choice(["good", "okay", "needs_work"]) for _ in range(rng.randint(0, 3))
                ],
                actions=[rng.choice([None, day()]) for _ in range(rng.randint(0, 2))],
            )
