"""What fires: the producers that turn the organisation's records into
due notifications. Each reads its records a batch at a time (keyset on the
primary key) and hands the batch to ``services.create_notifications``, so
a run costs a fixed number of queries per batch, however many rows: one
read, five or six writes. Running one twice, or two at once, creates
nothing twice (unique keys).

Notifications are created ahead of time with their own ``due_at`` (a visit
reminder an hour before the visit); the dispatcher sends each when due.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from keyring_net.clock import local_zone
from keyring_net.models import Organisation, Role, RoleAssignment
from notifications.models import Kind
from notifications.services import Spec, create_notifications

BATCH = 500
PLAN_PROMPT_DAYS = (30, 7)
EXPIRY_WARNING_DAYS = (60, 14)
# Overdue reviews older than this were escalated long ago: not read again.
OVERDUE_LOOKBACK = datetime.timedelta(days=90)
PROMPT_HOUR = 9  # prompts are due at 09:00 local on their day
DAY_BEFORE_HOUR = 17  # "tomorrow" visit reminders at 17:00 local the day before


def _day(day: datetime.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _at_local(organisation: Organisation, day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=local_zone(organisation))


def batches(queryset: QuerySet, size: int) -> Iterator[list]:
    """The rows of ``queryset`` in primary-key order, ``size`` at a time:
    one query a batch, never an OFFSET that slows as it goes."""
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if rows:
            yield rows
        if len(rows) < size:
            return
        last = rows[-1].pk


def managers_by_cluster(organisation: Organisation) -> dict[int, list[int]]:
    """Support managers' user ids for each cluster (one query a run)."""
    found: dict[int, list[int]] = defaultdict(list)
    for cluster_id, user_id in RoleAssignment.objects.filter(
        organisation=organisation, role=Role.SUPPORT_MANAGER, ended_at__isnull=True
    ).values_list("cluster_id", "user_id"):
        found[cluster_id].append(user_id)
    return found


def stage_of(days_left: int, stages: tuple[int, ...]) -> int | None:
    """The warning stage a record is in: with (30, 7), 30 when 8 to 30 days
    are left, 7 when 0 to 7 are; ``None`` otherwise."""
    chosen = None
    for stage in sorted(stages, reverse=True):
        if 0 <= days_left <= stage:
            chosen = stage
    return chosen


# --- Plan reviews -----------------------------------------------------------------


def plan_review_prompts(
    *, organisation: Organisation, today: datetime.date, batch: int = BATCH
) -> int:
    """Prompts to the worker and the member 30 and 7 days before an agreed
    plan's review date, and an escalation to the support managers once it
    is overdue. Returns the deliveries added."""
    from support_plans.models import SupportPlan

    managers = managers_by_cluster(organisation)
    plans = (
        SupportPlan.objects.filter(
            organisation=organisation,
            status=SupportPlan.Status.AGREED,
            review_due__lte=today + datetime.timedelta(days=max(PLAN_PROMPT_DAYS)),
            review_due__gte=today - OVERDUE_LOOKBACK,
        )
        .select_related("member__network", "worker")
        .only(
            "pk",
            "review_due",
            "worker__full_name",
            "member__full_name",
            "member__user_id",
            "member__network__cluster_id",
        )
    )
    added = 0
    for rows in batches(plans, batch):
        specs = []
        for plan in rows:
            specs.extend(_plan_specs(organisation, plan, today, managers))
        added += create_notifications(organisation=organisation, specs=specs)
    return added


def _plan_specs(organisation, plan, today, managers) -> list[Spec]:
    about = f"support_plans.supportplan:{plan.pk}"
    member_name = plan.member.full_name
    days_left = (plan.review_due - today).days
    context = {
        "member": member_name,
        "due": _day(plan.review_due),
        "worker": plan.worker.full_name,
    }
    if days_left < 0:
        network = plan.member.network
        cluster_id = network.cluster_id if network else None
        due_at = _at_local(organisation, plan.review_due + datetime.timedelta(days=1), PROMPT_HOUR)
        return [
            Spec(
                recipient_id=manager_id,
                kind=Kind.PLAN_REVIEW_OVERDUE,
                about=about,
                due_at=due_at,
                context=context,
                link=reverse("members:detail", args=[plan.member_id]),
                easy_read=False,
            )
            for manager_id in managers.get(cluster_id, [])
        ]
    stage = stage_of(days_left, PLAN_PROMPT_DAYS)
    if stage is None:
        return []
    prompt_day = plan.review_due - datetime.timedelta(days=stage)
    due_at = _at_local(organisation, prompt_day, PROMPT_HOUR)
    context["days"] = stage
    specs = [
        Spec(
            recipient_id=plan.worker_id,
            kind=Kind.PLAN_REVIEW,
            about=about,
            due_at=due_at,
            context=context,
            link=reverse("members:detail", args=[plan.member_id]),
            easy_read=False,
        )
    ]
    if plan.member.user_id:
        specs.append(
            Spec(
                recipient_id=plan.member.user_id,
                kind=Kind.PLAN_REVIEW,
                about=about,
                due_at=due_at,
                context=context,
                link=reverse("plans:my-plan"),
                easy_read=True,
            )
        )
    return specs


# --- DBS checks and training --------------------------------------------------------


def expiry_warnings(*, organisation: Organisation, today: datetime.date, batch: int = BATCH) -> int:
    """DBS checks and training running out in 60 and 14 days: to the
    volunteer and the support managers of their network's cluster. A check
    or course already renewed (a later one exists) is left alone."""
    from volunteers.models import DBSCheck, TrainingRecord

    managers = managers_by_cluster(organisation)
    horizon = today + datetime.timedelta(days=max(EXPIRY_WARNING_DAYS))
    newer_dbs = DBSCheck.objects.filter(
        profile_id=OuterRef("profile_id"), renewal_due__gt=OuterRef("renewal_due")
    )
    checks = (
        DBSCheck.objects.filter(
            organisation=organisation, renewal_due__gte=today, renewal_due__lte=horizon
        )
        .filter(~Exists(newer_dbs))
        .select_related("profile__user", "profile__network")
    )
    added = 0
    for rows in batches(checks, batch):
        specs = []
        for check in rows:
            specs.extend(
                _expiry_specs(
                    organisation,
                    Kind.DBS_EXPIRING,
                    f"volunteers.dbscheck:{check.pk}",
                    check.profile,
                    check.renewal_due,
                    today,
                    managers,
                    {},
                )
            )
        added += create_notifications(organisation=organisation, specs=specs)
    newer_training = TrainingRecord.objects.filter(
        profile_id=OuterRef("profile_id"),
        module_id=OuterRef("module_id"),
        expires_on__gt=OuterRef("expires_on"),
    )
    records = (
        TrainingRecord.objects.filter(
            organisation=organisation, expires_on__gte=today, expires_on__lte=horizon
        )
        .filter(~Exists(newer_training))
        .select_related("profile__user", "profile__network", "module")
    )
    for rows in batches(records, batch):
        specs = []
        for record in rows:
            specs.extend(
                _expiry_specs(
                    organisation,
                    Kind.TRAINING_EXPIRING,
                    f"volunteers.trainingrecord:{record.pk}",
                    record.profile,
                    record.expires_on,
                    today,
                    managers,
                    {"module": record.module.name},
                )
            )
        added += create_notifications(organisation=organisation, specs=specs)
    return added


def _expiry_specs(organisation, kind, about, profile, ends_on, today, managers, extra):
    stage = stage_of((ends_on - today).days, EXPIRY_WARNING_DAYS)
    if stage is None:
        return []
    due_at = _at_local(organisation, ends_on - datetime.timedelta(days=stage), PROMPT_HOUR)
    context = {"person": profile.user.full_name, "due": _day(ends_on), "days": stage, **extra}
    cluster_id = profile.network.cluster_id if profile.network else None
    recipients = [profile.user_id, *managers.get(cluster_id, [])]
    return [
        Spec(
            recipient_id=user_id,
            kind=kind,
            about=about,
            due_at=due_at,
            context=context,
            easy_read=False,
        )
        for user_id in dict.fromkeys(recipients)
    ]


# --- Visit reminders ----------------------------------------------------------------


def visit_reminders(
    *,
    organisation: Organisation,
    now: datetime.datetime | None = None,
    batch: int = BATCH,
) -> int:
    """Reminders to members of the visits planned for them in the next two
    days: the day before (17:00) and an hour before, as each member chose
    (the day before unless they said otherwise). Easy read."""
    from notifications.models import NotificationPreference
    from volunteers.models import PlannedVisit, Shift

    now = now or timezone.now()
    zone = local_zone(organisation)
    visits = PlannedVisit.objects.filter(
        organisation=organisation,
        shift__status=Shift.Status.PLANNED,
        shift__worker__isnull=False,
        shift__starts_at__gt=now,
        shift__starts_at__lte=now + datetime.timedelta(days=2),
        member__user__isnull=False,
    ).select_related("shift__worker", "member")
    added = 0
    for rows in batches(visits, batch):
        choices = {
            p.user_id: p
            for p in NotificationPreference.objects.filter(
                organisation=organisation, user_id__in={v.member.user_id for v in rows}
            )
        }
        specs = []
        for visit in rows:
            choice = choices.get(visit.member.user_id)
            starts = visit.shift.starts_at.astimezone(zone)
            context = {
                "worker": visit.shift.worker.get_short_name(),
                "member": visit.member.full_name,
                "time": f"{starts:%H:%M}",
                "day": _day(starts.date()),
            }
            about = f"volunteers.plannedvisit:{visit.pk}"
            wanted = []
            if choice is None or choice.remind_day_before:
                day_before = _at_local(
                    organisation, starts.date() - datetime.timedelta(days=1), DAY_BEFORE_HOUR
                )
                wanted.append(("day", day_before))
            if choice is not None and choice.remind_hour_before:
                wanted.append(("hour", visit.shift.starts_at - datetime.timedelta(hours=1)))
            for when, due_at in wanted:
                specs.append(
                    Spec(
                        recipient_id=visit.member.user_id,
                        kind=Kind.VISIT_REMINDER,
                        about=f"{about}:{when}",
                        due_at=due_at,
                        context={**context, "when": when},
                        link=reverse("members:my-home"),
                        easy_read=True,
                    )
                )
        added += create_notifications(organisation=organisation, specs=specs)
    return added


# --- Rota gaps ----------------------------------------------------------------------


def rota_gaps(*, organisation: Organisation, today: datetime.date) -> int:
    """Open shifts (nobody on them) next week, one notice per network to
    its cluster's support managers, due 09:00 on this week's Monday."""
    from networks.models import Network
    from volunteers.models import Shift

    zone = local_zone(organisation)
    monday = today - datetime.timedelta(days=today.weekday())
    next_monday = monday + datetime.timedelta(days=7)
    start = datetime.datetime.combine(next_monday, datetime.time(0), tzinfo=zone)
    end = datetime.datetime.combine(
        next_monday + datetime.timedelta(days=7), datetime.time(0), tzinfo=zone
    )
    gaps = (
        Shift.objects.filter(
            organisation=organisation,
            worker__isnull=True,
            status=Shift.Status.PLANNED,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .values("network_id")
        .annotate(count=Count("pk"))
        .order_by("network_id")
    )
    counts = {row["network_id"]: row["count"] for row in gaps}
    if not counts:
        return 0
    managers = managers_by_cluster(organisation)
    specs = []
    for network in Network.objects.filter(organisation=organisation, pk__in=counts).only(
        "pk", "name", "cluster_id"
    ):
        for manager_id in managers.get(network.cluster_id, []):
            specs.append(
                Spec(
                    recipient_id=manager_id,
                    kind=Kind.ROTA_GAPS,
                    about=f"networks.network:{network.pk}",
                    due_at=_at_local(organisation, monday, PROMPT_HOUR),
                    unique_key=f"{Kind.ROTA_GAPS}:networks.network:{network.pk}:{next_monday}",
                    context={
                        "count": counts[network.pk],
                        "network": network.name,
                        "week": _day(next_monday),
                    },
                    link=reverse("volunteers_rota:network-rota", args=[network.pk]),
                    easy_read=False,
                )
            )
    return create_notifications(organisation=organisation, specs=specs)


# --- Lone working --------------------------------------------------------------------


def lone_working_alert(
    *, organisation: Organisation, alert, recipient_emails: list[str], context: dict
) -> set[str]:
    """The lone-working alert, to the staff whose addresses the alert
    names: in their inbox and by e-mail at once, whatever channels and
    quiet hours they chose (``rules.IMMEDIATE_KINDS``), and by text for
    those who chose texts. ``context``: the alert's words
    (``volunteers.services_today.alert_context``, as ``c``). Once per alert
    and person (the alert is the object of the key). Returns the addresses
    that belong to someone here, so the caller can e-mail the others (an
    out-of-hours inbox with no account). One query, plus the five of
    ``create_notifications``."""
    from keyring_net.models import User

    people = dict(
        User.objects.filter(email__in=recipient_emails, is_active=True).values_list("pk", "email")
    )
    if not people:
        return set()
    create_notifications(
        organisation=organisation,
        specs=[
            Spec(
                recipient_id=user_id,
                kind=Kind.LONE_WORKING_OVERDUE,
                about=f"volunteers.loneworkingalert:{alert.pk}",
                due_at=alert.raised_at,
                context={"c": context},
                link=reverse("volunteers_today:alerts"),
                easy_read=False,
                always_channels=frozenset({"email"}),
            )
            for user_id in people
        ],
    )
    return set(people.values())


# --- Surveys and reports -------------------------------------------------------------


SURVEY_REMINDER_DAYS = 3  # a reminder this many days before a survey closes


def survey_invitations(*, organisation: Organisation, survey, now: datetime.datetime) -> int:
    """Tell each invited member with a login that the survey is waiting for
    them, at once (easy read). Called when the survey is sent; once per
    member and survey. Two queries, plus those of ``create_notifications``."""
    from outcomes.models import SurveyInvitation

    user_ids = SurveyInvitation.objects.filter(
        organisation=organisation, survey=survey, member__user__isnull=False
    ).values_list("member__user_id", flat=True)
    link = reverse("surveys:my-answer", args=[survey.pk])
    return create_notifications(
        organisation=organisation,
        specs=[
            Spec(
                recipient_id=user_id,
                kind=Kind.SURVEY_INVITATION,
                about=f"outcomes.survey:{survey.pk}",
                due_at=now,
                unique_key=f"{Kind.SURVEY_INVITATION}:outcomes.survey:{survey.pk}",
                context={"survey": survey.easy_read_title or survey.title},
                link=link,
            )
            for user_id in user_ids
        ],
    )


def survey_reminders(
    *, organisation: Organisation, today: datetime.date, batch: int = BATCH
) -> int:
    """A reminder to members who have not answered an open survey, due at
    09:00 three days before it closes. Once per member and survey. One
    query a batch of invitations, plus those of ``create_notifications``."""
    from outcomes.models import Survey, SurveyInvitation

    closing = today + datetime.timedelta(days=SURVEY_REMINDER_DAYS)
    waiting = SurveyInvitation.objects.filter(
        organisation=organisation,
        survey__status=Survey.Status.OPEN,
        survey__closes_on=closing,
        answered_at__isnull=True,
        member__user__isnull=False,
    ).select_related("survey", "member")
    made = 0
    for rows in batches(waiting, batch):
        specs = [
            Spec(
                recipient_id=invitation.member.user_id,
                kind=Kind.SURVEY_REMINDER,
                about=f"outcomes.survey:{invitation.survey_id}",
                due_at=_at_local(organisation, today, PROMPT_HOUR),
                unique_key=f"{Kind.SURVEY_REMINDER}:outcomes.survey:{invitation.survey_id}",
                context={
                    "survey": invitation.survey.easy_read_title or invitation.survey.title,
                    "closes": _day(closing),
                },
                link=reverse("surveys:my-answer", args=[invitation.survey_id]),
            )
            for invitation in rows
        ]
        made += create_notifications(organisation=organisation, specs=specs)
    return made


def report_ready(*, organisation: Organisation, report, user_ids: list[int]) -> int:
    """Tell a council's commissioners that a commissioner report is ready:
    in their inbox, and always by e-mail (whatever channels they chose), as
    the report's e-mail has always gone. Called from
    ``outcomes.services.reports.report_ready_notify``. Once per report and
    person. Plain words only: no figures, nobody named."""
    contract = report.contract
    return create_notifications(
        organisation=organisation,
        specs=[
            Spec(
                recipient_id=user_id,
                kind=Kind.REPORT_READY,
                about=f"outcomes.commissionerreport:{report.pk}",
                due_at=report.finished_at or timezone.now(),
                unique_key=f"{Kind.REPORT_READY}:outcomes.commissionerreport:{report.pk}",
                context={
                    "contract": contract.name,
                    "start": report.period_start,
                    "end": report.period_end,
                },
                link=reverse("reports:detail", args=[report.pk]),
                easy_read=False,
                always_channels=frozenset({"email"}),
            )
            for user_id in user_ids
        ],
    )


def produce_all(*, organisation: Organisation, now: datetime.datetime | None = None) -> int:
    """Every producer, for one organisation."""
    now = now or timezone.now()
    today = now.astimezone(local_zone(organisation)).date()
    return (
        plan_review_prompts(organisation=organisation, today=today)
        + expiry_warnings(organisation=organisation, today=today)
        + visit_reminders(organisation=organisation, now=now)
        + rota_gaps(organisation=organisation, today=today)
        + survey_reminders(organisation=organisation, today=today)
    )
