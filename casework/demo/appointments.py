"""Demo appointments and planned visits (called by keyring_net.demo.seed_all):
for the first members of each CLV's network (a member with a login first,
so their easy-read page has something to show), appointments in the past
two weeks (attended, one missed with a reason) and in the next weeks (a GP,
the housing officer, a benefits review, a fortnightly job-centre meeting),
and the CLV's visits: last week's marked, this week's coming. Dated from
today, so "my visits" always looks like a real week. Made through the
services, as the CLV."""

from __future__ import annotations

import datetime
import random
from zoneinfo import ZoneInfo

from casework.services import appointments as services
from keyring_net.actors import Actor
from keyring_net.models import Organisation
from members.models import Member

# (days from today, hour, kind, with whom, where, a worker goes, outcome, reason)
APPOINTMENTS = [
    (-12, 10, "gp", "Dr Patel", "Riverside Surgery", False, "attended", ""),
    (
        -5,
        14,
        "benefits",
        "DWP work capability assessor",
        "Civic Centre",
        True,
        "missed",
        "Bus did not come; rebooked by phone",
    ),
    (2, 9, "dentist", "Mr Hughes", "High Street Dental", False, "", ""),
    (4, 11, "housing", "Ms Okafor, housing officer", "Council offices, Room 3", True, "", ""),
    (9, 15, "hospital", "Audiology clinic", "General Hospital, outpatients", False, "", ""),
]
# (days from today, hour, minutes, purpose, outcome, reason)
VISITS = [
    (-6, 11, 60, "Going through the council tax letter", "attended", ""),
    (-4, 15, 60, "Weekly shop and budgeting", "missed", "Not at home; texted and rebooked"),
    (-2, 10, 30, "Checking in after the GP appointment", "attended", ""),
    (0, 16, 60, "Help filling in the PIP form", "", ""),
    (1, 11, 45, "Practising the bus route to the hub", "", ""),
    (3, 14, 60, "Weekly shop and budgeting", "", ""),
]


def seed_appointments(organisation: Organisation, staff, today: datetime.date) -> None:
    local = random.Random(f"appointments:{organisation.slug}")  # noqa: S311 (demo data)
    zone = ZoneInfo(organisation.time_zone or "Europe/London")

    def at(days: int, hour: int) -> datetime.datetime:
        minute = local.choice([0, 15, 30, 45])
        day = today + datetime.timedelta(days=days)
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)

    for network_id, clv in sorted(staff.clvs.items()):
        actor = Actor.for_user(clv, organisation.pk)
        members = list(
            Member.objects.filter(
                organisation=organisation, network_id=network_id, status=Member.Status.ACTIVE
            ).order_by("user_id", "pk")[:3]
        )
        members.sort(key=lambda m: m.user_id is None)
        for position, member in enumerate(members):
            for days, hour, kind, who, where, goes, outcome, reason in APPOINTMENTS:
                if local.random() < 0.3 * position:
                    continue
                (row,) = services.appointment_add(
                    actor=actor,
                    member=member,
                    kind=kind,
                    starts_at=at(days, hour),
                    ends_at=None,
                    with_whom=who,
                    place=where,
                    companion=clv if goes else None,
                    notes="Bring your appointment letter." if kind == "hospital" else "",
                )
                if outcome:
                    services.appointment_mark(
                        actor=actor, appointment=row, status=outcome, reason=reason
                    )
            for days, hour, minutes, purpose, outcome, reason in VISITS:
                if local.random() < 0.4 * position:
                    continue
                visit = services.visit_plan(
                    actor=actor,
                    member=member,
                    worker=clv,
                    starts_at=at(days, hour),
                    minutes=minutes,
                    purpose=purpose,
                )
                if outcome:
                    services.visit_mark(actor=actor, visit=visit, status=outcome, reason=reason)
        if members:
            services.appointment_add(
                actor=actor,
                member=members[0],
                kind="other",
                starts_at=at(1, 10),
                with_whom="Job centre work coach",
                place="Jobcentre Plus, Market Street",
                companion_name="Their sister, Jo",
                repeat="fortnightly",
                repeat_until=today + datetime.timedelta(days=60),
            )
