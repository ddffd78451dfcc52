"""Demo stars and support plans (called by keyring_net.demo.seed_all).

Two members in each network fill in the star with their worker two to four
times over the last eighteen months; their scores move along the journey
(mostly up, with the odd step back), in their own words, with the worker's
notes and who was there. Their plans are at different stages: one being
written, agreed ones (some with the version before kept), one whose yearly
review is due soon and one being reviewed now. In each organisation one
member has recorded that they disagree with part of their plan and one has
asked to talk about it early.

Everything goes through the services, so their rules hold: the member
agrees their plan, comments and asks for a review in their own login (the
demo gives members with a plan a login, as a login card would). Then the
dates are moved back to tell the story (the services stamp "now").

Readings and plans are dated back from ``today``. The demo draws from its
own generator, seeded from the organisation, so the steps before it are not
changed by it and the same day gives the same rows.
"""

from __future__ import annotations

import datetime
import random

from keyring_net.actors import Actor
from keyring_net.models import Organisation
from members.models import Member
from support_plans.demo.seeder import Seeder
from support_plans.demo.stories import (
    DAY,
    PLAN_MEMBERS_PER_NETWORK,
    ROTATION,
    STORIES,
    Story,
)
from support_plans.models import StarArea, StarReading, SupportPlan
from support_plans.stars import ensure_default_template


def seed_support_plans(organisation: Organisation, staff, today: datetime.date) -> list:
    """Readings and plans for two members in each network. Does nothing when
    the organisation already has readings."""
    if StarReading.objects.filter(organisation=organisation).exists():
        return []
    local = random.Random(f"support-plans:{organisation.slug}")  # noqa: S311 (demo data)
    template = ensure_default_template(organisation)
    areas = list(StarArea.objects.filter(template=template).order_by("position"))
    manager = Actor.for_user(staff.manager, organisation.pk)
    chosen = _members_with_plans(organisation, today)
    demo_login = next((m.pk for m in chosen if m.user_id is not None), None)
    seeder = Seeder(organisation, staff, today, local, template, areas, manager)
    plans = [
        seeder.member(member, story, position)
        for position, (member, story) in enumerate(_stories(chosen, today))
    ]
    agreed = [p for p in plans if p.status == SupportPlan.Status.AGREED]
    if agreed:
        # The member whose login the demo prints disagrees with part of
        # their plan; another member has asked to talk about theirs early.
        disagreeing = next((p for p in agreed if p.member_id == demo_login), agreed[0])
        seeder.disagree(disagreeing)
        others = [p for p in agreed if p is not disagreeing]
        asking = next(
            (p for p in others if p.version == 1 and p.review_due > today + 60 * DAY),
            others[0] if others else disagreeing,
        )
        seeder.ask_for_review(asking)
        pleased = next((p for p in others if p is not asking), None)
        if pleased is not None:
            seeder.comment(pleased)
    return plans


def _members_with_plans(organisation: Organisation, today: datetime.date) -> list[Member]:
    """Two active members in each network: the one with the demo login
    first, then the longest-standing."""
    members = list(
        Member.objects.filter(organisation=organisation, status=Member.Status.ACTIVE)
        .exclude(joined_on__isnull=True)
        .order_by("network_id", "pk")
    )
    by_network: dict[int, list[Member]] = {}
    for member in members:
        by_network.setdefault(member.network_id, []).append(member)
    chosen = []
    for network_members in by_network.values():
        ordered = sorted(network_members, key=lambda m: (m.user_id is None, m.joined_on, m.pk))
        chosen.extend(
            m for m in ordered[:PLAN_MEMBERS_PER_NETWORK] if (today - m.joined_on).days >= 60
        )
    return chosen


def _stories(members: list[Member], today: datetime.date):
    """Each member's story, in turn from ``ROTATION``; a member who has not
    been in the network long enough for theirs gets the next that fits."""
    for index, member in enumerate(members):
        tenure = (today - member.joined_on).days
        for step in range(len(ROTATION)):
            story = STORIES[ROTATION[(index + step) % len(ROTATION)]]
            if tenure >= story.min_tenure:
                yield member, story
                break
        else:
            yield member, Story("short", ((5, None),), (tenure - 10, 4), 0)
