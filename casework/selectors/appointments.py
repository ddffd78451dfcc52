"""Reads of appointments and planned visits, always within the viewer's
organisation and the members they reach (``policy.member_reach``): a row
about a member out of reach is "not found", like another organisation's."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from casework.models import Appointment, Outcome, PlannedVisit
from keyring_net.access import not_found, require
from keyring_net.actors import Actor
from keyring_net.clock import local_zone
from keyring_net.models import Role, User
from keyring_net.policy import Permission
from members.models import Member
from members.selectors import members_for_viewer, workers_in_reach

# "My visits": today and the next days.
VISIT_DAYS = 7


def _one(rows: QuerySet):
    row = rows.first()
    if row is None:
        raise not_found()
    return row


def _start_of_today(actor: Actor) -> datetime.datetime:
    today = timezone.localdate(timezone=local_zone(actor.organisation))
    return datetime.datetime.combine(today, datetime.time(0), tzinfo=local_zone(actor.organisation))


def appointments_for_viewer(actor: Actor) -> QuerySet[Appointment]:
    """Appointments of members the viewer reaches, soonest first, with the
    member and whoever goes with them (one query, however many rows)."""
    return (
        Appointment.objects.filter(organisation=actor.organisation)
        .filter(member__in=members_for_viewer(actor).values("pk"))
        .select_related("member", "companion")
        .order_by("starts_at", "pk")
    )


def appointments_coming(actor: Actor) -> QuerySet[Appointment]:
    """The staff list: from the start of today on."""
    return appointments_for_viewer(actor).filter(starts_at__gte=_start_of_today(actor))


def appointment_get_for_viewer(*, actor: Actor, appointment_id: int) -> Appointment:
    """One appointment the viewer reaches (404 otherwise), then may record
    (403)."""
    appointment = _one(appointments_for_viewer(actor).filter(pk=appointment_id))
    require(actor, Permission.RECORD_APPOINTMENTS)
    return appointment


def visits_for_viewer(actor: Actor) -> QuerySet[PlannedVisit]:
    """Planned visits to members the viewer reaches, soonest first, with
    the member, the worker and any contact logged (one query)."""
    return (
        PlannedVisit.objects.filter(organisation=actor.organisation)
        .filter(member__in=members_for_viewer(actor).values("pk"))
        .select_related("member", "worker", "contact")
        .order_by("starts_at", "pk")
    )


def visit_get_for_viewer(*, actor: Actor, visit_id: int) -> PlannedVisit:
    visit = _one(visits_for_viewer(actor).filter(pk=visit_id))
    require(actor, Permission.PLAN_VISITS)
    return visit


def visits_week(actor: Actor, *, everyone: bool = False) -> QuerySet[PlannedVisit]:
    """ "My visits": today and the next ``VISIT_DAYS`` days. A worker's own;
    a support manager's whole cluster when ``everyone``."""
    start = _start_of_today(actor)
    rows = visits_for_viewer(actor).filter(
        starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=VISIT_DAYS)
    )
    if everyone and actor.has_role(Role.SUPPORT_MANAGER):
        return rows
    return rows.filter(worker=actor.user)


def visits_due_for(actor: Actor, until: datetime.datetime) -> QuerySet[PlannedVisit]:
    """Visits still planned that start before ``until``, overdue ones
    included (not yet marked attended, missed or cancelled): a worker's
    own; for a support manager, every visit in their cluster. For the
    caseload view."""
    rows = visits_for_viewer(actor).filter(status=Outcome.PLANNED, starts_at__lt=until)
    if actor.has_role(Role.SUPPORT_MANAGER):
        return rows
    return rows.filter(worker=actor.user)


def workers_for_viewer(actor: Actor) -> QuerySet[User]:
    """Who a visit can be planned for, or who can go with a member: the
    care workers in the viewer's networks and the support managers."""
    return workers_in_reach(actor)


def members_to_plan_for(actor: Actor) -> QuerySet[Member]:
    return members_for_viewer(actor).filter(
        status__in=[Member.Status.ACTIVE, Member.Status.ASSESSING]
    )


# --- A member's own ------------------------------------------------------------------


def my_member(actor: Actor) -> Member | None:
    return Member.objects.filter(organisation=actor.organisation, user=actor.user).first()


def my_appointments(actor: Actor, member: Member | None) -> QuerySet[Appointment]:
    """A member's own appointments from a week ago on, cancelled ones left
    out."""
    if member is None:
        return Appointment.objects.none()
    since = _start_of_today(actor) - datetime.timedelta(days=7)
    return (
        Appointment.objects.filter(organisation=actor.organisation, member=member)
        .filter(starts_at__gte=since)
        .exclude(status=Outcome.CANCELLED)
        .select_related("companion")
        .order_by("starts_at", "pk")
    )


def my_visits_coming(actor: Actor, member: Member | None) -> QuerySet[PlannedVisit]:
    """Who is coming to see a member, from today: only the worker and the
    time (``only``: a member never reads staff's notes)."""
    if member is None:
        return PlannedVisit.objects.none()
    return (
        PlannedVisit.objects.filter(
            organisation=actor.organisation,
            member=member,
            status=Outcome.PLANNED,
            starts_at__gte=_start_of_today(actor),
        )
        .select_related("worker")
        .only(
            "pk",
            "organisation_id",
            "starts_at",
            "minutes",
            "worker__full_name",
            "worker__preferred_name",
            "worker__email",
        )
        .order_by("starts_at", "pk")
    )
