"""What the volunteers app says is due, and its lone-working alerts:
DBS checks and training running out, visit reminders to members, open
shifts next week. Built as notification specs and handed to
notifications, which creates, sends and records them; the producer is
registered with it in ``apps.py``."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from keyring_net.clock import local_zone
from keyring_net.models import Organisation, User
from networks.models import Network
from notifications import producing
from notifications.models import Channel, Kind
from notifications.selectors import preferences_by_user
from notifications.services.create import Spec, create_notifications
from volunteers.models import DBSCheck, LoneWorkingAlert, PlannedVisit, Shift, TrainingRecord
from volunteers.wording import monday_of

EXPIRY_WARNING_DAYS = (60, 14)
DAY_BEFORE_HOUR = 17  # "tomorrow" visit reminders at 17:00 local the day before


def produce(*, organisation: Organisation, now: datetime.datetime, today: datetime.date) -> int:
    """Everything the volunteers app reminds people of (the beat's producer)."""
    return (
        expiry_warnings(organisation=organisation, today=today)
        + visit_reminders(organisation=organisation, now=now)
        + rota_gaps(organisation=organisation, today=today)
    )


# --- DBS checks and training --------------------------------------------------------


def expiry_warnings(
    *, organisation: Organisation, today: datetime.date, batch: int = producing.BATCH
) -> int:
    """DBS checks and training running out in 60 and 14 days: to the
    volunteer and the support managers of their network's cluster. A check
    or course already renewed (a later one exists) is left alone."""
    managers = producing.managers_by_cluster(organisation)
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
    added = 0
    for rows_of, kind, ends in (
        (checks, Kind.DBS_EXPIRING, "renewal_due"),
        (records, Kind.TRAINING_EXPIRING, "expires_on"),
    ):
        for rows in producing.batches(rows_of, batch):
            specs = []
            for row in rows:
                specs += _expiry_specs(organisation, kind, row, getattr(row, ends), today, managers)
            added += create_notifications(organisation=organisation, specs=specs)
    return added


def _expiry_specs(organisation, kind, row, ends_on, today, managers) -> list[Spec]:
    """To the volunteer and their cluster's support managers, on the day a
    warning stage begins."""
    stage = producing.stage_of((ends_on - today).days, EXPIRY_WARNING_DAYS)
    if stage is None:
        return []
    profile = row.profile
    cluster_id = profile.network.cluster_id if profile.network else None
    context = {"person": profile.user.full_name, "due": producing.day_words(ends_on), "days": stage}
    if kind == Kind.TRAINING_EXPIRING:
        context["module"] = row.module.name
    return producing.specs_for(
        [profile.user_id, *managers.get(cluster_id, [])],
        kind=kind,
        about=f"volunteers.{row._meta.model_name}:{row.pk}",
        due_at=producing.prompt_at(organisation, ends_on - datetime.timedelta(days=stage)),
        context=context,
        easy_read=False,
    )


# --- Visit reminders ----------------------------------------------------------------


def visit_reminders(
    *,
    organisation: Organisation,
    now: datetime.datetime | None = None,
    batch: int = producing.BATCH,
) -> int:
    """Reminders to members of the visits planned for them in the next two
    days: the day before (17:00) and an hour before, as each member chose
    (the day before unless they said otherwise). Easy read."""
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
    for rows in producing.batches(visits, batch):
        choices = preferences_by_user(organisation, {v.member.user_id for v in rows})
        specs = []
        for visit in rows:
            specs += _visit_specs(organisation, visit, choices.get(visit.member.user_id), zone)
        added += create_notifications(organisation=organisation, specs=specs)
    return added


def _visit_specs(organisation, visit, choice, zone) -> list[Spec]:
    starts = visit.shift.starts_at.astimezone(zone)
    context = {
        "worker": visit.shift.worker.get_short_name(),
        "member": visit.member.full_name,
        "time": f"{starts:%H:%M}",
        "day": producing.day_words(starts.date()),
    }
    wanted = []
    if choice is None or choice.remind_day_before:
        day_before = starts.date() - datetime.timedelta(days=1)
        wanted.append(("day", producing.at_local(organisation, day_before, DAY_BEFORE_HOUR)))
    if choice is not None and choice.remind_hour_before:
        wanted.append(("hour", visit.shift.starts_at - datetime.timedelta(hours=1)))
    return [
        Spec(
            recipient_id=visit.member.user_id,
            kind=Kind.VISIT_REMINDER,
            about=f"volunteers.plannedvisit:{visit.pk}:{when}",
            due_at=due_at,
            context={**context, "when": when},
            link=reverse("members:my-home"),
            easy_read=True,
        )
        for when, due_at in wanted
    ]


# --- Rota gaps ----------------------------------------------------------------------


def rota_gaps(*, organisation: Organisation, today: datetime.date) -> int:
    """Open shifts (nobody on them) next week, one notice per network to
    its cluster's support managers, due 09:00 on this week's Monday."""
    monday = monday_of(today)
    next_monday = monday + datetime.timedelta(days=7)
    gaps = (
        Shift.objects.filter(
            organisation=organisation,
            worker__isnull=True,
            status=Shift.Status.PLANNED,
            starts_at__gte=producing.at_local(organisation, next_monday, 0),
            starts_at__lt=producing.at_local(
                organisation, next_monday + datetime.timedelta(days=7), 0
            ),
        )
        .values("network_id")
        .annotate(count=Count("pk"))
        .order_by("network_id")
    )
    counts = {row["network_id"]: row["count"] for row in gaps}
    if not counts:
        return 0
    managers = producing.managers_by_cluster(organisation)
    specs = []
    for network in Network.objects.filter(organisation=organisation, pk__in=counts).only(
        "pk", "name", "cluster_id"
    ):
        specs += producing.specs_for(
            managers.get(network.cluster_id, []),
            kind=Kind.ROTA_GAPS,
            about=f"networks.network:{network.pk}",
            due_at=producing.prompt_at(organisation, monday),
            unique_key=f"{Kind.ROTA_GAPS}:networks.network:{network.pk}:{next_monday}",
            context={
                "count": counts[network.pk],
                "network": network.name,
                "week": producing.day_words(next_monday),
            },
            link=reverse("volunteers_rota:network-rota", args=[network.pk]),
            easy_read=False,
        )
    return create_notifications(organisation=organisation, specs=specs)


# --- Lone working --------------------------------------------------------------------


def lone_working_alert(
    *,
    organisation: Organisation,
    alert: LoneWorkingAlert,
    recipient_emails: list[str],
    context: dict,
) -> int:
    """The lone-working alert, to the addresses the alert names, at once
    and whatever quiet hours anyone chose (``rules.IMMEDIATE_KINDS``).
    Staff with an account here: in their inbox and by e-mail, whatever
    channels they chose, and by text if they chose texts. An address that
    is nobody's account (an out-of-hours inbox): by e-mail, as its own
    delivery. ``context``: the alert's words (``services_today.alert_context``,
    as ``c``). Once per alert and person or address (the alert is the
    object of the key). Returns the deliveries added. One query, plus those
    of ``create_notifications``."""
    people = dict(
        User.objects.filter(email__in=recipient_emails, is_active=True).values_list("pk", "email")
    )
    common = {
        "kind": Kind.LONE_WORKING_OVERDUE,
        "about": f"volunteers.loneworkingalert:{alert.pk}",
        "due_at": alert.raised_at,
        "context": {"c": context},
        "easy_read": False,
    }
    link = reverse("volunteers_today:alerts")
    specs = producing.specs_for(
        people, link=link, always_channels=frozenset({Channel.EMAIL}), **common
    )
    reached = set(people.values())
    for address in dict.fromkeys(e for e in recipient_emails if e not in reached):
        specs.append(Spec(recipient_id=None, address=address, **common))
    return create_notifications(organisation=organisation, specs=specs)


# --- Interview panels ---------------------------------------------------------------


def panel_seat_message(
    *, organisation: Organisation, seat, added_by: str, now: datetime.datetime
) -> int:
    """Tell someone just put on an interview panel: whose interview, when,
    and what to do (easy read for a member), with a link to their
    interviews. Once per person and interview, on the channels they chose."""
    interview = seat.interview
    return create_notifications(
        organisation=organisation,
        specs=[
            Spec(
                recipient_id=seat.person_id,
                kind=Kind.PANEL_SEAT,
                about=f"volunteers.interview:{interview.pk}",
                due_at=now,
                unique_key=f"{Kind.PANEL_SEAT}:volunteers.interview:{interview.pk}",
                easy_read=seat.as_member,
                context={
                    "applicant": interview.profile.user.full_name,
                    "day": producing.day_words(interview.held_on),
                    "added_by": added_by,
                },
                link=reverse("volunteers_panel_member:list"),
            )
        ],
    )
