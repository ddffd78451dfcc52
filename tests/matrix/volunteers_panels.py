"""Role matrix entries for values-based recruitment: the organisation's
values, an interview's panel and decision, and a panel member's own pages.

The values and interview pages are for those who reach volunteer records
(support managers and organisation admins); the rest do not find them
(404). A panel member's scoring page is found only by the people who sit on
that panel (the world's member and community enabler): everyone else gets
404, managers included, as for another organisation's interview."""

from __future__ import annotations

import datetime

from tests.routes import STAFF, only

MANAGERS = ("support_manager", "org_admin")
SEATED = ("member", "community_enabler")


def _object(*methods: str) -> dict:
    return {m: only(*MANAGERS, otherwise="not found") for m in methods}


MATRIX = {
    "volunteers_panels:values": {m: only(*MANAGERS) for m in ("GET", "POST")},
    "volunteers_panels:value-edit": _object("GET", "POST"),
    "volunteers_panels:value-switch": _object("POST"),
    "volunteers_panels:interview": _object("GET"),
    "volunteers_panels:panel-add": _object("GET", "POST"),
    "volunteers_panels:panel-remove": _object("POST"),
    "volunteers_panels:decide": _object("GET", "POST"),
    "api-recruitment-value-list": {m: only(*MANAGERS) for m in ("GET", "POST")},
    "api-recruitment-value-detail": _object("GET"),
    "api-panel-view-list": {"GET": only(*MANAGERS)},
    "api-panel-view-detail": _object("GET"),
    "volunteers_panel_member:list": {"GET": only(*STAFF, "member")},
    "volunteers_panel_member:scores": {
        m: only(*SEATED, otherwise="not found") for m in ("GET", "POST")
    },
}


def world_value(world):
    """A value the world's organisation recruits on."""
    from django_scopes import scopes_disabled

    from volunteers.models import RecruitmentValue

    with scopes_disabled():
        value, _ = RecruitmentValue.objects.get_or_create(
            organisation=world.organisation,
            name=f"Respect {world.marker}",
            defaults={
                "meaning": "Treats people as equals.",
                "easy_read": "They treat people well.",
            },
        )
        return value


def world_interview(world):
    """An interview of the world CLV's record, held last week, with the
    world's member and community enabler on its panel (no scores yet)."""
    from django_scopes import scopes_disabled

    from tests.matrix.volunteers_people import world_profile
    from volunteers.models import Interview, PanelSeat

    world_value(world)
    profile = world_profile(world)
    with scopes_disabled():
        interview = Interview.objects.filter(profile=profile).order_by("pk").first()
        if interview is None:
            interview = Interview.objects.create(
                organisation=world.organisation,
                profile=profile,
                held_on=datetime.date(2026, 11, 2),
                panel="",
                notes=f"Interview {world.marker}",
            )
            for role, as_member in (("member", True), ("community_enabler", False)):
                PanelSeat.objects.create(
                    organisation=world.organisation,
                    interview=interview,
                    person=world.users[role],
                    as_member=as_member,
                )
        return interview


def world_seat(world) -> int:
    from django_scopes import scopes_disabled

    interview = world_interview(world)
    with scopes_disabled():
        return interview.seats.order_by("pk").last().pk


OBJECT_KWARGS = {
    "value_id": lambda world: world_value(world).pk,
    "interview_id": lambda world: world_interview(world).pk,
    "seat_id": world_seat,
}
