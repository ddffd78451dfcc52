"""Demo satisfaction surveys and quality checks (called by
keyring_net.demo.seed_all).

Each organisation has sent its usual survey twice: once last spring (closed
six months before the fixed day, 1 November 2026) and again now (open).
Most members of each network answered: some on their own, some with
someone helping, some without their name kept, a few in their own words.
Scores are a little better this time than last.

The surveys are written and sent through the services (so the invitations
are the services' own). The answers are written directly: most demo
members have no login to answer in, and the rows are what the service
would write (anonymous answers keep no member and only the day).

Two or three quality checks in each organisation: one done in the summer
with its actions done, one done this autumn with an overdue action, and one
planned. Deterministic (a generator seeded from the organisation) and
idempotent (nothing is made when the organisation already has surveys).
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from keyring_net.actors import Actor
from keyring_net.models import Organisation, Role, RoleAssignment
from networks.models import Network
from outcomes.models import (
    QualityCheck,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from outcomes.services import quality as services_quality
from outcomes.services import surveys as services_surveys

FIXED_DAY = datetime.date(2026, 11, 1)
DAY = datetime.timedelta(days=1)

HELPERS = ("my sister", "Dawn (my CLV)", "my key worker", "my mum", "a friend from the hub")
WORDS = (
    "I like the hub on Thursdays.",
    "I would like more trips out.",
    "Sometimes I cannot get hold of anyone at the weekend.",
    "My CLV helped me sort my bills. Thank you.",
    "I feel less lonely since I joined.",
    "The stairs in my block are dark at night.",
)


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _person(organisation: Organisation, role: Role):
    assignment = (
        RoleAssignment.objects.filter(organisation=organisation, role=role, ended_at__isnull=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return assignment.user if assignment else None


def seed_surveys_and_checks(organisation: Organisation, staff, today: datetime.date) -> None:
    """Two runs of the usual survey and the quality checks. Does nothing
    when the organisation already has surveys."""
    if Survey.objects.filter(organisation=organisation).exists():
        return
    rng = random.Random(f"surveys:{organisation.slug}")  # noqa: S311 (demo data, not secrets)
    admin = _person(organisation, Role.ORG_ADMIN)
    actor = Actor.for_user(admin or staff.manager, organisation.pk)
    networks = list(Network.objects.filter(organisation=organisation).order_by("pk"))
    _survey_run(
        actor,
        networks,
        rng,
        opened=FIXED_DAY - 213 * DAY,
        closed=FIXED_DAY - 183 * DAY,
        answering=0.8,
        lift=0,
    )
    _survey_run(
        actor, networks, rng, opened=FIXED_DAY - 7 * DAY, closed=None, answering=0.6, lift=1
    )
    checker = _person(organisation, Role.QUALITY_CHECKER)
    if checker is not None:
        _quality_checks(organisation, checker, staff, networks, today)


def _survey_run(actor, networks, rng, *, opened, closed, answering, lift) -> Survey:
    organisation = actor.organisation
    survey = services_surveys.usual_survey_create(actor=actor, networks=networks)
    survey = services_surveys.survey_open(actor=actor, survey=survey)
    Survey.objects.filter(pk=survey.pk).update(
        opened_at=_at(opened, 9),
        created_at=_at(opened - 3 * DAY, 14),
        status=Survey.Status.CLOSED if closed else Survey.Status.OPEN,
        closed_at=_at(closed, 17) if closed else None,
        closes_on=closed,
    )
    questions = list(
        SurveyQuestion.objects.filter(survey=survey)
        .order_by("position")
        .prefetch_related("choices")
    )
    invitations = list(
        SurveyInvitation.objects.filter(survey=survey).select_related("member").order_by("pk")
    )
    SurveyInvitation.objects.filter(survey=survey).update(invited_at=_at(opened, 9))
    last_day = (closed or FIXED_DAY) - opened
    answers: list[SurveyAnswer] = []
    answered: list[tuple[int, datetime.date]] = []
    for invitation in invitations:
        if rng.random() > answering:
            continue
        day = opened + rng.randint(0, max(last_day.days, 1)) * DAY
        roll = rng.random()
        mode = (
            SurveyResponse.Mode.ANONYMOUS
            if roll < 0.15
            else SurveyResponse.Mode.WITH_SUPPORTER
            if roll < 0.4
            else SurveyResponse.Mode.OWN
        )
        anonymous = mode == SurveyResponse.Mode.ANONYMOUS
        response = SurveyResponse.objects.create(
            organisation=organisation,
            survey=survey,
            network_id=invitation.network_id,
            member=None if anonymous else invitation.member,
            mode=mode,
            supporter_name=rng.choice(HELPERS)
            if mode == SurveyResponse.Mode.WITH_SUPPORTER
            else "",
            submitted_at=_midnight(day) if anonymous else _at(day, rng.randint(9, 19)),
        )
        answered.append((invitation.pk, day))
        for question in questions:
            if question.kind == SurveyQuestion.Kind.TEXT:
                if rng.random() < 0.2:
                    answers.append(
                        SurveyAnswer(
                            organisation=organisation,
                            response=response,
                            question=question,
                            text=rng.choice(WORDS),
                        )
                    )
                continue
            if not question.required and rng.random() < 0.1:
                continue
            score = min(5, max(1, round(rng.gauss(3.4 + 0.4 * lift, 1.0))))
            choice = next(c for c in question.choices.all() if c.score == score)
            answers.append(
                SurveyAnswer(
                    organisation=organisation, response=response, question=question, choice=choice
                )
            )
    SurveyAnswer.objects.bulk_create(answers)
    for invitation_id, day in answered:
        SurveyInvitation.objects.filter(pk=invitation_id).update(answered_at=_midnight(day))
    return survey


def _quality_checks(organisation, checker, staff, networks, today) -> None:
    actor = Actor.for_user(checker, organisation.pk)
    checklist = services_quality.ensure_default_checklist(organisation)
    items = list(checklist.items.order_by("position"))

    def visit(network, on, summary, notes):
        check = services_quality.check_plan(
            actor=actor,
            network=network,
            checklist=checklist,
            visit_on=on,
            checkers=[checker],
            other_checkers="Pat Okafor (visiting checker)",
        )
        services_quality.check_record(
            actor=actor,
            check=check,
            findings=[
                services_quality.FindingInput(item.pk, rating, note)
                for item, (rating, note) in zip(items, notes, strict=False)
            ],
            summary=summary,
        )
        QualityCheck.objects.filter(pk=check.pk).update(created_at=_at(on - 14 * DAY, 10))
        return check

    summer = visit(
        networks[0],
        FIXED_DAY - 120 * DAY,
        "A warm visit. Members told us the hub makes a difference.",
        (
            ("good", "Members said staff listen and come back to them."),
            ("okay", "Most knew the out-of-hours number. Two did not."),
            ("good", ""),
            ("good", "Goals were in members' own words."),
            ("needs_work", "One front door does not lock properly."),
            ("good", "Neighbours do shopping for each other."),
        ),
    )
    lock = services_quality.action_add(
        actor=actor,
        check=summer,
        text="Ask the landlord to mend the front door lock.",
        owner=staff.manager,
        due_on=FIXED_DAY - 100 * DAY,
        finding=summer.findings.filter(item=items[4]).first(),
    )
    services_quality.action_done(
        actor=actor,
        action=lock,
        follow_up="The landlord mended the lock. The member says she feels safer.",
        done_on=FIXED_DAY - 104 * DAY,
    )
    autumn_network = networks[1] if len(networks) > 1 else networks[0]
    autumn = visit(
        autumn_network,
        FIXED_DAY - 30 * DAY,
        "Good support, but members find the CLV hard to reach on Fridays.",
        (
            ("good", "Members felt heard at the monthly meeting."),
            ("okay", ""),
            ("needs_work", "The CLV is away most Fridays. Members did not know who to ask."),
            ("good", ""),
            ("okay", ""),
            ("good", "People share lifts to the hub."),
        ),
    )
    services_quality.action_add(
        actor=actor,
        check=autumn,
        text="Give every member a card with who to call when the CLV is away.",
        owner=staff.manager,
        due_on=FIXED_DAY - 10 * DAY,  # overdue
        finding=autumn.findings.filter(item=items[2]).first(),
    )
    services_quality.action_add(
        actor=actor,
        check=autumn,
        text="Talk about Friday cover at the next team meeting.",
        owner=staff.manager,
        due_on=today + 21 * DAY,
    )
    services_quality.check_plan(
        actor=actor,
        network=networks[-1],
        checklist=checklist,
        visit_on=today + 14 * DAY,
        checkers=[checker],
    )
