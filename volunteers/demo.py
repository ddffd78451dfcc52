"""Demo volunteers and enablers: profiles, DBS checks and mandatory training
(called by keyring_net.demo.seed_all). The rota and lone-working demos add
their parts through ``seed_volunteers``'s later steps."""

from __future__ import annotations

import datetime
import random

from keyring_net.models import Organisation
from volunteers.clearance import ensure_mandatory_modules
from volunteers.models import DBSCheck, TrainingRecord, VolunteerProfile

FIXED_DAY = datetime.date(2026, 11, 1)


def seed_volunteers(organisation: Organisation, rng: random.Random, staff, today) -> dict:
    """A profile for each CLV, the enabler and the connections volunteer,
    each with an enhanced DBS check and the four mandatory courses. One CLV's
    DBS has run out (so the rota shows why they cannot do lone visits)."""
    modules = ensure_mandatory_modules(organisation)
    people = [
        (user, VolunteerProfile.Kind.CLV, network_id)
        for network_id, user in sorted(staff.clvs.items())
    ]
    people.append(
        (
            staff.enabler,
            VolunteerProfile.Kind.ENABLER,
            min(staff.enabler_network_ids) if staff.enabler_network_ids else None,
        )
    )
    people.append(
        (staff.connections, VolunteerProfile.Kind.CONNECTIONS, staff.connections_network_id)
    )
    profiles = {}
    for index, (user, kind, network_id) in enumerate(people):
        started = FIXED_DAY - datetime.timedelta(days=rng.randint(200, 1500))
        profile = VolunteerProfile.objects.create(
            organisation=organisation,
            user=user,
            kind=kind,
            network_id=network_id,
            stage=VolunteerProfile.Stage.ACTIVE,
            started_on=started,
            weekly_commitment_hours=12 if kind == VolunteerProfile.Kind.CLV else 16,
            rent_arrangement=(
                "Rent paid by the organisation in return for 12 hours a week of "
                "good-neighbour support."
                if kind == VolunteerProfile.Kind.CLV
                else ""
            ),
        )
        issued = started - datetime.timedelta(days=30)
        # The second CLV's certificate ran out last month and was not renewed.
        renewal = (
            today - datetime.timedelta(days=20)
            if index == 1
            else (
                issued + datetime.timedelta(days=3 * 365)
                if issued + datetime.timedelta(days=3 * 365) > today
                else today + datetime.timedelta(days=rng.randint(90, 700))
            )
        )
        DBSCheck.objects.create(
            organisation=organisation,
            profile=profile,
            level=DBSCheck.Level.ENHANCED_BARRED,
            certificate_number=f"{rng.randint(10**11, 10**12 - 1)}",
            issued_on=issued,
            on_update_service=index != 1,
            renewal_due=renewal,
        )
        TrainingRecord.objects.bulk_create(
            TrainingRecord(
                organisation=organisation,
                profile=profile,
                module=module,
                completed_on=today - datetime.timedelta(days=rng.randint(30, 600)),
                expires_on=today + datetime.timedelta(days=rng.randint(60, 900)),
            )
            for module in modules
        )
        profiles[user.pk] = profile
    return profiles
