"""Role matrix entries for volunteer and enabler profiles, recruitment, DBS
checks and training (pages and API).

Only support managers and organisation admins reach these records: the rest
are refused lists (403) and do not find records at all (404), as with
referrals."""

from __future__ import annotations

import datetime

from tests.routes import only

MANAGERS = ("support_manager", "org_admin")


def _list(*methods: str) -> dict:
    return {m: only(*MANAGERS) for m in methods}


def _object(*methods: str) -> dict:
    return {m: only(*MANAGERS, otherwise="not found") for m in methods}


MATRIX = {
    # Pages
    "volunteers_people:pipeline": _list("GET"),
    "volunteers_people:add": _list("GET", "POST"),
    "volunteers_people:training": _list("GET", "POST"),
    "volunteers_people:module-edit": _object("GET", "POST"),
    "volunteers_people:module-delete": _object("POST"),
    "volunteers_people:detail": _object("GET"),
    "volunteers_people:edit": _object("GET", "POST"),
    "volunteers_people:stage": _object("GET", "POST"),
    "volunteers_people:interview-add": _object("GET", "POST"),
    "volunteers_people:reference-add": _object("GET", "POST"),
    "volunteers_people:dbs-add": _object("GET", "POST"),
    "volunteers_people:training-add": _object("GET", "POST"),
    # API
    "api-volunteer-list": _list("GET", "POST"),
    "api-volunteer-detail": _object("GET", "PUT", "PATCH"),
    "api-volunteer-move": _object("POST"),
    "api-training-record-list": _list("GET", "POST"),
    "api-training-record-detail": _object("GET"),
    "api-dbs-check-list": _list("GET", "POST"),
    "api-dbs-check-detail": _object("GET"),
}


def world_profile(world):
    """The world CLV's volunteer record (with a DBS check and one course),
    made on first use: a record in every world would change what other
    tests count."""
    from django_scopes import scopes_disabled

    from volunteers.clearance import ensure_mandatory_modules
    from volunteers.models import DBSCheck, TrainingRecord, VolunteerProfile

    with scopes_disabled():
        profile, created = VolunteerProfile.objects.get_or_create(
            organisation=world.organisation,
            user=world.clv,
            kind=VolunteerProfile.Kind.CLV,
            defaults={"network": world.network, "notes": f"Profile {world.marker}"},
        )
        if created:
            issued = datetime.date(2025, 1, 10)
            DBSCheck.objects.create(
                organisation=world.organisation,
                profile=profile,
                level=DBSCheck.Level.ENHANCED_BARRED,
                certificate_number="001234567890",
                issued_on=issued,
                renewal_due=issued.replace(year=2028),
            )
            module = ensure_mandatory_modules(world.organisation)[0]
            TrainingRecord.objects.create(
                organisation=world.organisation,
                profile=profile,
                module=module,
                completed_on=issued,
                expires_on=issued.replace(year=2028),
            )
        return profile


def world_module(world):
    """A further course of the world's organisation, nobody trained in it."""
    from django_scopes import scopes_disabled

    from volunteers.models import TrainingModule

    with scopes_disabled():
        module, _ = TrainingModule.objects.get_or_create(
            organisation=world.organisation,
            name=f"Autism awareness {world.marker}",
            defaults={"valid_for_months": 36},
        )
        return module


def _first(world, related: str) -> int:
    from django_scopes import scopes_disabled

    profile = world_profile(world)
    with scopes_disabled():
        return getattr(profile, related).order_by("pk").first().pk


OBJECT_KWARGS = {
    "profile_id": lambda world: world_profile(world).pk,
    "module_id": lambda world: world_module(world).pk,
    "dbs_check_id": lambda world: _first(world, "dbs_checks"),
    "training_record_id": lambda world: _first(world, "training"),
}
