"""Demo incidents and accidents (called by keyring_net.demo.seed_all): a
fall that was reviewed and has an action under way, a lost key put right
and closed, a near miss waiting for the support manager's review, and a
draft a CLV has still to finish. Made through the services, as the
workers and their support manager would."""

from __future__ import annotations

import datetime

from django.utils import timezone

from casework.selectors import incidents as selectors
from casework.services import incidents as services
from keyring_net.actors import Actor
from keyring_net.models import Organisation
from members.models import Member


def _members(organisation: Organisation, network_id: int) -> list[Member]:
    return list(
        Member.objects.filter(
            organisation=organisation, network_id=network_id, status=Member.Status.ACTIVE
        ).order_by("pk")[:3]
    )


def seed_incidents(organisation: Organisation, staff, today: datetime.date) -> None:
    manager = Actor.for_user(staff.manager, organisation.pk)
    managed = set(selectors.networks_to_choose(manager).values_list("pk", flat=True))
    workers = [(n, clv) for n, clv in sorted(staff.clvs.items()) if n in managed]
    if not workers:
        return
    network_id, clv = workers[0]
    members = _members(organisation, network_id)
    if len(members) < 3:
        return
    now = timezone.now()
    worker = Actor.for_user(clv, organisation.pk)

    def details(days_ago, hour, **written):
        when = timezone.localtime(now - datetime.timedelta(days=days_ago)).replace(
            hour=hour, minute=20, second=0, microsecond=0
        )
        return services.IncidentDetails(happened_at=when, **written)

    fall_member, key_member, hob_member = members
    fall = services.incident_start(
        actor=worker,
        details=details(
            9,
            10,
            kind="fall",
            severity="low",
            place=f"{fall_member.preferred_name or fall_member.full_name}'s kitchen",
            members=[fall_member],
            staff=[clv],
            what_happened=(
                f"{fall_member.full_name} slipped on the wet kitchen floor after mopping it and "
                "landed on their side. They said their hip hurt a little."
            ),
            done_at_once=(
                "Helped them sit up slowly, checked for cuts and bruising, stayed for an hour. "
                "Rang 111 for advice: no need to go to A&E."
            ),
        ),
        record=True,
    )
    services.incident_review(
        actor=manager,
        incident=fall,
        findings=(
            "The floor was mopped with too much water and there is no mat by the sink. "
            "No lasting harm. Talked with them about mopping and about calling if they fall."
        ),
    )
    services.incident_action_add(
        actor=manager,
        incident=fall,
        text="Ask the housing association to fit a non-slip mat by the sink.",
        owner=clv,
        due_on=today + datetime.timedelta(days=7),
    )

    key = services.incident_start(
        actor=worker,
        details=details(
            20,
            17,
            kind="property",
            severity="low",
            place="Between the bus stop and home",
            members=[key_member],
            what_happened=(
                f"{key_member.full_name} lost their front door key on the way home from the shops "
                "and rang the CLV from a neighbour's house."
            ),
            done_at_once="Let them in with the spare from the key safe and checked they were fine.",
        ),
        record=True,
    )
    services.incident_review(
        actor=manager,
        incident=key,
        findings="The key was on a loose ring. A lanyard will help; the lock should be changed.",
    )
    action = services.incident_action_add(
        actor=manager,
        incident=key,
        text="Get the landlord to change the lock and cut two keys.",
        owner=staff.manager,
        due_on=today - datetime.timedelta(days=12),
    )
    services.incident_action_done(actor=manager, action=action)
    services.incident_close(actor=manager, incident=key)

    services.incident_start(
        actor=worker,
        details=details(
            2,
            19,
            kind="near_miss",
            severity="no_harm",
            place=f"{hob_member.preferred_name or hob_member.full_name}'s flat",
            members=[hob_member],
            what_happened=(
                "Arrived to find a pan on the hob with the ring still on and nobody in the "
                "kitchen. Nothing had caught fire."
            ),
            done_at_once="Turned the hob off and talked about setting a timer when cooking.",
        ),
        record=True,
    )
    services.incident_start(
        actor=worker,
        details=details(
            0 if timezone.localtime(now).hour > 9 else 1,
            9,
            kind="medication",
            severity="",
            members=[fall_member],
            what_happened="Morning tablets still in the blister pack at 9.",
        ),
        record=False,
    )
