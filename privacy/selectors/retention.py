"""Reads for retention: each organisation's periods, when a member's
support ended, the members whose records are past a kind's period, the
legal holds a person may see and set, and the members they may set one on."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from keyring_net.access import require
from keyring_net.actors import Actor
from keyring_net.models import Organisation, Role, RoleAssignment
from keyring_net.organisation_settings import current_values
from keyring_net.policy import Permission, member_reach
from members.models import Member, StatusChange
from privacy.models import Anonymisation, LegalHold, RecordKind


def retention_years(organisation: Organisation) -> dict[str, int]:
    """Years each kind of record is kept after support ends, as the
    organisation set them (or the defaults)."""
    values = current_values(organisation)
    return {kind: int(values[f"retention_{kind}_years"]) for kind in RecordKind.values}


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` earlier (28 February for a 29th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def support_ended_on():
    """When a member's support ended: their leaving date, else the day of
    their last step to "left" in their journey."""
    last_left = (
        StatusChange.objects.filter(member=OuterRef("pk"), to_status=Member.Status.LEFT)
        .order_by("-on")
        .values("on")[:1]
    )
    return Coalesce("left_on", Subquery(last_left))


def _left_members(organisation: Organisation) -> QuerySet[Member]:
    """Members who have left (support over; "moved on" members may still
    take part, so their records are live), with ``support_ended``, and no
    legal hold on them now."""
    held = LegalHold.objects.filter(member=OuterRef("pk"), lifted_at__isnull=True)
    return (
        Member.objects.filter(organisation=organisation, status=Member.Status.LEFT)
        .annotate(support_ended=support_ended_on())
        .exclude(Exists(held))
    )


def members_past_retention(
    *, organisation: Organisation, kind: str, years: int, today: datetime.date
) -> QuerySet[Member]:
    """Members not on hold whose support ended ``years`` or more before
    ``today``: their records of ``kind`` are past their time."""
    return _left_members(organisation).filter(support_ended__lte=years_before(today, years))


def members_to_anonymise(
    *,
    organisation: Organisation,
    kind: str,
    years: int,
    today: datetime.date,
    size: int,
    after: int = 0,
) -> list[tuple[int, datetime.date]]:
    """The next ``size`` members after member id ``after`` (id, when support
    ended) whose records of ``kind`` are past their time and not anonymised
    yet: one query, that starts where the last batch ended."""
    done = Anonymisation.objects.filter(member=OuterRef("pk"), kind=kind)
    return list(
        members_past_retention(organisation=organisation, kind=kind, years=years, today=today)
        .filter(pk__gt=after)
        .exclude(Exists(done))
        .order_by("pk")
        .values_list("pk", "support_ended")[:size]
    )


def members_due_on(*, organisation: Organisation, day: datetime.date) -> int:
    """How many members, not on hold, have records of some kind whose time
    is up on ``day`` exactly (and not before), not anonymised yet: one query."""
    years = retention_years(organisation)
    due = Q(pk__in=[])
    for kind, kept in years.items():
        done = Anonymisation.objects.filter(member=OuterRef("pk"), kind=kind)
        due |= Q(
            ~Exists(done),
            support_ended__lte=years_before(day, kept),
            support_ended__gt=years_before(day - datetime.timedelta(days=1), kept),
        )
    return _left_members(organisation).filter(due).count()


def data_protection_leads(organisation: Organisation) -> list[int]:
    """The people told what retention will anonymise: the organisation's
    admins (there is no separate data protection role)."""
    return list(
        RoleAssignment.objects.filter(
            organisation=organisation, role=Role.ORG_ADMIN, ended_at__isnull=True
        )
        .values_list("user_id", flat=True)
        .distinct()
    )


# --- Legal holds --------------------------------------------------------------------------------


def hold_members_for_viewer(actor: Actor) -> QuerySet[Member]:
    """The members a person may put a legal hold on: every member of the
    organisation for its admin (the data protection lead, who must be able
    to stop retention for anyone), the members they reach for a support
    manager. Holds name the member, so admins see the name and reference
    here, and nothing else of the record."""
    members = Member.objects.filter(organisation=actor.organisation)
    if not actor.has_role(Role.ORG_ADMIN):
        members = members.filter(member_reach(actor))
    return members


def holds_for_viewer(actor: Actor) -> QuerySet[LegalHold]:
    """The legal holds on members the person may hold, current first."""
    require(actor, Permission.MANAGE_LEGAL_HOLDS)
    return (
        LegalHold.objects.filter(
            organisation=actor.organisation, member__in=hold_members_for_viewer(actor)
        )
        .select_related("member", "set_by", "lifted_by")
        .order_by("-set_at", "-pk")
    )


def hold_candidates(actor: Actor) -> QuerySet[Member]:
    """Members with no legal hold now, that the person may put one on."""
    current = LegalHold.objects.filter(member=OuterRef("pk"), lifted_at__isnull=True)
    return (
        hold_members_for_viewer(actor)
        .exclude(Exists(current))
        .only("pk", "full_name", "reference", "organisation_id")
        .order_by("full_name", "pk")
    )


def hold_get_for_viewer(*, actor: Actor, hold_id: int) -> LegalHold:
    """One legal hold: 404 when it is another organisation's or on a member
    out of reach, 403 when the person's role may not manage holds."""
    hold = (
        LegalHold.objects.filter(
            organisation=actor.organisation,
            pk=hold_id,
            member__in=hold_members_for_viewer(actor),
        )
        .select_related("member", "set_by", "lifted_by")
        .first()
    )
    if hold is None:
        raise Http404("No such legal hold.")
    require(actor, Permission.MANAGE_LEGAL_HOLDS)
    return hold
