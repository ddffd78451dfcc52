"""Demo lone working (called by keyring_net.demo.seed_all): staff phone
numbers for the one-tap calls, a week of visits alone checked in and out,
and one visit going on now that is not yet overdue (left alone, the sweep
alerts the support manager about it a little after its expected end)."""

from __future__ import annotations

import datetime
import random
from zoneinfo import ZoneInfo

from django.utils import timezone

from keyring_net.demo_data import demo_mobile
from keyring_net.models import Organisation, User
from members.models import Member
from volunteers.models import LoneWorkingSession


def seed_lone_working(organisation: Organisation, rng: random.Random, staff, today) -> None:
    # Its own generator, seeded from the organisation: drawing from ``rng``
    # would change what every later step of the demo draws.
    local = random.Random(f"lone-working:{organisation.slug}")  # noqa: S311 (demo data)
    people = [staff.manager, *staff.clvs.values(), staff.enabler, staff.connections]
    for person in people:
        if not person.phone:
            person.phone = demo_mobile(local.randint(0, 999))
            User.objects.filter(pk=person.pk, phone="").update(phone=person.phone)
    zone = ZoneInfo(organisation.time_zone or "Europe/London")
    now = timezone.now()
    workers = sorted(staff.clvs.items())
    for position, (network_id, clv) in enumerate(workers):
        members = list(
            Member.objects.filter(
                organisation=organisation, network_id=network_id, status=Member.Status.ACTIVE
            ).order_by("pk")
        )
        if not members:
            continue
        for days_ago in range(1, 7):
            if local.random() < 0.3:
                continue
            start = datetime.datetime.combine(
                today - datetime.timedelta(days=days_ago),
                datetime.time(local.choice([10, 11, 14, 15, 18]), local.choice([0, 10, 20, 40])),
                tzinfo=zone,
            )
            minutes = local.choice([30, 60, 90])
            LoneWorkingSession.objects.create(
                organisation=organisation,
                worker=clv,
                member=local.choice(members),
                started_at=start,
                expected_end_at=start + datetime.timedelta(minutes=minutes),
                checked_out_at=start + datetime.timedelta(minutes=minutes - local.randint(0, 15)),
            )
        if position == 0:
            LoneWorkingSession.objects.create(
                organisation=organisation,
                worker=clv,
                member=members[0],
                started_at=now - datetime.timedelta(minutes=10),
                expected_end_at=now + datetime.timedelta(minutes=50),
            )
