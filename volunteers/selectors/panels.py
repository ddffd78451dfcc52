"""Reads for values-based recruitment: the organisation's values, an
interview's panel and scores, and the interviews a person sits on.

Reach: the values and every interview page are reached by those who reach
volunteer records (``profiles_for_viewer``); anyone else does not find them
(404). A panel member, staff or member, reaches only the interviews they sit
on, through their own seat, and sees of the applicant only their name.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from keyring_net.access import not_found
from keyring_net.actors import Actor
from keyring_net.models import Role, RoleAssignment, User
from keyring_net.policy import STAFF_ROLES, Permission, can
from members.selectors import members_for_viewer
from volunteers.models import Interview, PanelScore, PanelSeat, RecruitmentValue
from volunteers.selectors.found import found_in_reach
from volunteers.selectors.people import profiles_for_viewer

PANEL_ROLES = STAFF_ROLES | {Role.MEMBER}


# --- Values -------------------------------------------------------------------------------------


def values_for_viewer(actor: Actor) -> QuerySet[RecruitmentValue]:
    """The organisation's values in order, each with how many scores use it
    (``scores_count``); empty for roles that do not reach volunteer records."""
    if not can(actor, Permission.VIEW_VOLUNTEERS):
        return RecruitmentValue.objects.none()
    return (
        RecruitmentValue.objects.filter(organisation=actor.organisation)
        .annotate(scores_count=Count("scores"))
        .order_by("order", "name", "pk")
    )


def value_get_for_viewer(
    *, actor: Actor, value_id: int, permission: Permission = Permission.MANAGE_VOLUNTEERS
) -> RecruitmentValue:
    """One of the organisation's values: 404 for roles that do not reach
    volunteer records, then 403 without ``permission``."""
    return found_in_reach(values_for_viewer(actor), value_id, actor, permission)


def active_values(organisation) -> QuerySet[RecruitmentValue]:
    """The values panels score now, in order."""
    return RecruitmentValue.objects.filter(organisation=organisation, active=True).order_by(
        "order", "name", "pk"
    )


# --- Interviews and their panels -------------------------------------------------------------


def interviews_for_viewer(actor: Actor) -> QuerySet[Interview]:
    """Interviews of the volunteer records the viewer reaches."""
    return (
        Interview.objects.filter(organisation=actor.organisation)
        .filter(profile__in=profiles_for_viewer(actor).values("pk"))
        .select_related("profile", "profile__user", "decided_by")
    )


def interview_get_for_viewer(
    *, actor: Actor, interview_id: int, permission: Permission = Permission.VIEW_VOLUNTEERS
) -> Interview:
    """One interview the viewer reaches (404 otherwise), then 403 without
    ``permission``."""
    return found_in_reach(interviews_for_viewer(actor), interview_id, actor, permission)


def panel_views_for_viewer(actor: Actor) -> QuerySet[PanelSeat]:
    """Every seat on the interviews the viewer reaches, with its scores."""
    return (
        PanelSeat.objects.filter(organisation=actor.organisation)
        .filter(interview__in=interviews_for_viewer(actor).values("pk"))
        .select_related("person")
        .prefetch_related(Prefetch("scores", queryset=PanelScore.objects.select_related("value")))
        .order_by("interview_id", "-as_member", "person__full_name", "pk")
    )


def seat_get_for_viewer(*, actor: Actor, interview: Interview, seat_id: int) -> PanelSeat:
    """One seat on an interview the viewer has already reached."""
    seat = PanelSeat.objects.filter(
        organisation=actor.organisation, interview=interview, pk=seat_id
    ).first()
    if seat is None:
        raise not_found()
    return seat


@dataclass
class PanelView:
    """One panel member's view: their scores by value id, and their note."""

    seat: PanelSeat
    scores: dict[int, int]

    @property
    def sent(self) -> bool:
        return self.seat.scored_at is not None


@dataclass
class ValueRow:
    """One value, with each panel member's score in the panel's order, as
    (number, words), or None where they gave none."""

    value: RecruitmentValue
    scores: list[tuple[int, str] | None]


def _in_words(score: int | None) -> tuple[int, str] | None:
    return None if score is None else (score, str(PanelScore.Score(score).label))


@dataclass
class InterviewPage:
    interview: Interview
    views: list[PanelView]
    rows: list[ValueRow]
    waiting_for: list[PanelSeat]


def interview_page(*, actor: Actor, interview: Interview) -> InterviewPage:
    """The panel side by side: a row per value (the active ones, and any
    retired one a panel member scored), a column per panel member. Three
    queries, however big the panel."""
    seats = list(
        PanelSeat.objects.filter(organisation=actor.organisation, interview=interview)
        .select_related("person")
        .order_by("-as_member", "person__full_name", "pk")
    )
    scores = PanelScore.objects.filter(
        organisation=actor.organisation, seat__interview=interview
    ).values_list("seat_id", "value_id", "score")
    by_seat: dict[int, dict[int, int]] = {seat.pk: {} for seat in seats}
    for seat_id, value_id, score in scores:
        by_seat[seat_id][value_id] = score
    scored = {value_id for given in by_seat.values() for value_id in given}
    values = RecruitmentValue.objects.filter(organisation=actor.organisation).filter(
        Q(active=True) | Q(pk__in=scored)
    )
    views = [PanelView(seat, by_seat[seat.pk]) for seat in seats]
    rows = [
        ValueRow(value, [_in_words(view.scores.get(value.pk)) for view in views])
        for value in values.order_by("order", "name", "pk")
    ]
    return InterviewPage(
        interview=interview,
        views=views,
        rows=rows,
        waiting_for=[view.seat for view in views if not view.sent],
    )


def panel_candidates(actor: Actor, interview: Interview) -> QuerySet[User]:
    """People who may join this interview's panel: the organisation's staff
    and members with a current role, not the applicant, not already on it."""
    current = RoleAssignment.objects.filter(
        organisation=actor.organisation, ended_at__isnull=True, role__in=PANEL_ROLES
    ).values("user_id")
    seated = PanelSeat.objects.filter(organisation=actor.organisation, interview=interview).values(
        "person_id"
    )
    return (
        User.objects.filter(is_active=True, pk__in=current)
        .exclude(pk__in=seated)
        .exclude(pk=interview.profile.user_id)
        .order_by("full_name", "pk")
    )


def is_member_here(actor: Actor, person: User) -> bool:
    """True when ``person`` holds a current member role in the organisation."""
    return RoleAssignment.objects.filter(
        organisation=actor.organisation, user=person, role=Role.MEMBER, ended_at__isnull=True
    ).exists()


# --- A panel member's own interviews ---------------------------------------------------------


def my_seats(actor: Actor) -> QuerySet[PanelSeat]:
    """The interviews the signed-in person sits on, soonest first, with the
    applicant's name (and nothing else of their record)."""
    if not can(actor, Permission.SIT_ON_PANELS):
        return PanelSeat.objects.none()
    return (
        PanelSeat.objects.filter(organisation=actor.organisation, person=actor.user)
        .select_related("interview", "interview__profile__user")
        .order_by("-interview__held_on", "pk")
    )


def my_seat_get(*, actor: Actor, interview_id: int) -> PanelSeat:
    """The signed-in person's own seat on one interview: 404 for anyone not
    on its panel (whatever their role), as for another organisation's."""
    seat = my_seats(actor).filter(interview_id=interview_id).first()
    if seat is None:
        raise not_found()
    return seat


def my_scores(seat: PanelSeat) -> dict[int, int]:
    """The scores this panel member has sent, by value id."""
    return dict(
        PanelScore.objects.filter(organisation=seat.organisation_id, seat=seat).values_list(
            "value_id", "score"
        )
    )


def panel_member_record(actor: Actor):
    """The signed-in person's own member record, for the easy-read page's
    communication needs (large print, read aloud); None for staff."""
    if not actor.has_role(Role.MEMBER):
        return None
    return members_for_viewer(actor).filter(user=actor.user).first()
