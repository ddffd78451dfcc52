"""Role matrix for appointments and planned visits (casework).

The care roles (support managers, CLVs, enablers) record members'
appointments and plan visits for the members they reach; a connections
volunteer and the member reach the world's member, so they are refused
(403) on its rows, and everyone else does not reach them (404). A member
sees their own appointments on their easy-read page.
"""

from __future__ import annotations

import datetime

from tests.routes import CARE, member_object, only

PAGES = "casework_appointments"

MATRIX: dict[str, dict[str, dict[str, str]]] = {
    f"{PAGES}:appointments": {"GET": only(*CARE)},
    f"{PAGES}:appointment-add": {m: only(*CARE) for m in ("GET", "POST")},
    f"{PAGES}:appointment": {m: member_object(CARE) for m in ("GET", "POST")},
    f"{PAGES}:appointment-change": {m: member_object(CARE) for m in ("GET", "POST")},
    f"{PAGES}:visits": {"GET": only(*CARE)},
    f"{PAGES}:visit-add": {m: only(*CARE) for m in ("GET", "POST")},
    f"{PAGES}:visit": {m: member_object(CARE) for m in ("GET", "POST")},
    f"{PAGES}:visit-change": {m: member_object(CARE) for m in ("GET", "POST")},
    f"{PAGES}:visit-log-contact": {"POST": member_object(CARE)},
    f"{PAGES}:my": {"GET": only("member")},
    "api-appointment-list": {m: only(*CARE) for m in ("GET", "POST")},
    "api-appointment-detail": {m: member_object(CARE) for m in ("GET", "PUT", "PATCH")},
    "api-appointment-mark": {"POST": member_object(CARE)},
    "api-planned-visit-list": {m: only(*CARE) for m in ("GET", "POST")},
    "api-planned-visit-detail": {m: member_object(CARE) for m in ("GET", "PUT", "PATCH")},
    "api-planned-visit-mark": {"POST": member_object(CARE)},
    "api-planned-visit-log-contact": {"POST": member_object(CARE)},
}


def world_appointment(world):
    """The world member's GP appointment yesterday, with the CLV, made on
    first use (one in every world would change what other tests count)."""
    from django.utils import timezone

    from casework.models import Appointment
    from keyring_net.tenancy import organisation_scope

    with organisation_scope(world.organisation):
        row, _ = Appointment.objects.get_or_create(
            organisation=world.organisation,
            member=world.member,
            with_whom=f"Dr {world.marker}",
            defaults={
                "kind": "gp",
                "starts_at": timezone.now() - datetime.timedelta(days=1),
                "companion": world.clv,
                "created_by": world.clv,
            },
        )
    return row


def world_visit(world):
    """The CLV's visit to the world member two hours ago, made on first use."""
    from django.utils import timezone

    from casework.models import PlannedVisit
    from keyring_net.tenancy import organisation_scope

    with organisation_scope(world.organisation):
        row, _ = PlannedVisit.objects.get_or_create(
            organisation=world.organisation,
            member=world.member,
            purpose=f"Visit {world.marker}",
            defaults={
                "worker": world.clv,
                "starts_at": timezone.now() - datetime.timedelta(hours=2),
                "created_by": world.clv,
            },
        )
    return row


OBJECT_KWARGS = {
    "appointment_id": lambda world: world_appointment(world).pk,
    "visit_id": lambda world: world_visit(world).pk,
}
