"""Values-based recruitment in the demo: the values the organisation
recruits on, a decided interview whose panel (the support manager, a CLV
and a member who signs in) scored every value, and next week's interview
with the same member booked on its panel."""

from __future__ import annotations

import datetime

from django.utils import timezone

from volunteers.models import Interview, PanelScore, PanelSeat, RecruitmentValue, VolunteerProfile

VALUES = (
    # (name, what it means, the easy-read line, picture)
    (
        "Respect",
        "Treats members as equals and as the experts in their own lives.",
        "They treat people as equals.",
        "handshake",
    ),
    (
        "Listening",
        "Hears what people want, and does not decide for them.",
        "They listen to what you want.",
        "listen",
    ),
    (
        "Being a good neighbour",
        "Gives time freely, is around, and helps people meet their neighbours.",
        "They are a good neighbour.",
        "home",
    ),
    (
        "Believing in people",
        "Expects members to grow, learn and do more for themselves.",
        "They believe you can do things.",
        "star",
    ),
    (
        "Reliability",
        "Turns up when they said they would, and says so when they cannot.",
        "They come when they say they will.",
        "clock",
    ),
)

# Each panel member's scores, value by value, and their note.
VIEWS = (
    ((4, 3, 3, 4, 3), "Warm with members. Gave good examples of being a neighbour."),
    ((3, 3, 4, 3, 4), "Already knows people on the street. Steady and reliable."),
    ((4, 4, 3, 4, 3), "She listened to me. I would like her in our network."),
)


def seed_panels(organisation, staff, today, recruits: list[VolunteerProfile]) -> None:
    """Values, and panels on the recruits' interviews (see the module)."""
    from members.models import Member

    values = [
        RecruitmentValue.objects.create(
            organisation=organisation,
            name=name,
            meaning=meaning,
            easy_read=easy_read,
            pictogram=picture,
            order=order,
        )
        for order, (name, meaning, easy_read, picture) in enumerate(VALUES, start=1)
    ]
    member = (
        Member.objects.filter(status=Member.Status.ACTIVE, user__isnull=False)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    Stage = VolunteerProfile.Stage
    decided = next((p for p in recruits if p.stage == Stage.REFERENCES), None)
    booked = next((p for p in recruits if p.stage == Stage.INTERVIEW), None)
    if member is None or decided is None or booked is None:
        return
    clv = staff.clvs.get(decided.network_id) or next(iter(staff.clvs.values()))
    interview = Interview.objects.filter(profile=decided).order_by("pk").first()
    panel = [(staff.manager, False), (clv, False), (member.user, True)]
    scored_at = timezone.now() - datetime.timedelta(days=8)
    for (person, as_member), (scores, note) in zip(panel, VIEWS, strict=True):
        seat = PanelSeat.objects.create(
            organisation=organisation,
            interview=interview,
            person=person,
            as_member=as_member,
            note=note,
            scored_at=scored_at,
        )
        PanelScore.objects.bulk_create(
            PanelScore(
                organisation=organisation, seat=seat, value=value, score=score, scored_at=scored_at
            )
            for value, score in zip(values, scores, strict=True)
        )
    interview.decision_reasons = (
        "Every panel member scored her Yes or Very much on every value. The member on the "
        "panel said she listened, and she already knows people on the street."
    )
    interview.decided_by, interview.decided_at = staff.manager, scored_at
    interview.save(update_fields=["decision_reasons", "decided_by", "decided_at"])
    upcoming = Interview.objects.filter(profile=booked).order_by("pk").first()
    for person, as_member in ((staff.manager, False), (member.user, True)):
        PanelSeat.objects.create(
            organisation=organisation, interview=upcoming, person=person, as_member=as_member
        )
