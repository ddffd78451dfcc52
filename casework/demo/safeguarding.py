"""The demo's safeguarding: the support manager named as the safeguarding
lead, and five concerns at different stages in their cluster (one just
raised and urgent, one being acted on, one referred to the council, one
closed, and one a member raised on their own page). Realistic, not graphic.

Rows are written through ``save_new`` and the services, so each is in the
change history; raising them sends no messages (the demo's inbox is
notifications' own)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from casework.models import ConcernAction, SafeguardingConcern, SafeguardingLead
from casework.services import safeguarding
from keyring_net.actors import Actor, save_new
from keyring_net.models import Organisation, Role, RoleAssignment
from members.models import Member

Concern = SafeguardingConcern


def seed_safeguarding(organisation: Organisation, staff, today: datetime.date) -> None:
    admin_role = (
        RoleAssignment.objects.filter(organisation=organisation, role=Role.ORG_ADMIN)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    manager = Actor.for_user(staff.manager, organisation.pk)
    if admin_role is not None:
        save_new(
            Actor.for_user(admin_role.user, organisation.pk), SafeguardingLead, person=staff.manager
        )
    members = list(
        Member.objects.filter(
            organisation=organisation, status=Member.Status.ACTIVE, network__in=list(staff.clvs)
        )
        .exclude(user__isnull=False)
        .select_related("network")
        .order_by("pk")[:4]
    )
    if len(members) < 4:
        return
    now = timezone.now()

    def raised(member, days_ago, **fields):
        clv = staff.clv_for(member.network) or staff.manager
        return save_new(
            Actor.for_user(clv, organisation.pk),
            SafeguardingConcern,
            member=member,
            raised_by=clv,
            raised_at=now - datetime.timedelta(days=days_ago, hours=2),
            **fields,
        )

    raised(
        members[0],
        0,
        what_happened=(
            "Said a man they met at the bus stop asks to borrow money every day and now "
            "waits outside their flat in the morning."
        ),
        done_at_once="Stayed with them, checked the door was locked, rang the support manager.",
        urgency=Concern.Urgency.NOW,
        where="Outside their flat",
    )

    acting = raised(
        members[1],
        6,
        what_happened=(
            "The fridge was empty and the heating had been off for three days. They said "
            "they could not afford to top up the gas key."
        ),
        done_at_once="Bought bread and milk with them and told the support manager.",
        urgency=Concern.Urgency.TODAY,
    )
    safeguarding.concern_wishes(
        actor=manager,
        concern=acting,
        wishes_asked=Concern.WishesAsked.ASKED,
        wishes="I want to stay in my flat. I want help with my money, not someone taking over.",
    )
    safeguarding.concern_triage(
        actor=manager,
        concern=acting,
        kind=Concern.Kind.SELF_NEGLECT,
        urgency=Concern.Urgency.TODAY,
        decision=Concern.Decision.SUPPORT,
        reasons="They want help and agree to a plan; no one else is involved.",
    )
    for what in (
        "Went with them to top up the gas key and set up a weekly budget.",
        "Asked the benefits adviser at the hub for a check of what they are owed.",
    ):
        save_new(manager, ConcernAction, concern=acting, what=what, done_by=staff.manager)

    referred = raised(
        members[2],
        20,
        what_happened=(
            "Said a relative keeps their bank card and gives them £10 a week. Their "
            "statement shows large cash withdrawals they do not remember."
        ),
        done_at_once="Told the support manager the same day.",
        urgency=Concern.Urgency.TODAY,
    )
    safeguarding.concern_wishes(
        actor=manager,
        concern=referred,
        wishes_asked=Concern.WishesAsked.ASKED,
        wishes="I want my card back. I do not want my nephew to get in trouble.",
    )
    safeguarding.concern_triage(
        actor=manager,
        concern=referred,
        kind=Concern.Kind.FINANCIAL,
        urgency=Concern.Urgency.TODAY,
        decision=Concern.Decision.REFER,
        reasons="Possible financial abuse by a family member; they may lack support to stop it.",
    )
    safeguarding.concern_refer(
        actor=manager,
        concern=referred,
        referred_on=today - datetime.timedelta(days=19),
        referred_to="Adult Safeguarding Team at the council",
        council_reference="S42-2026-0117",
        council_decision="Section 42 enquiry opened; a social worker will visit.",
    )

    closed = raised(
        members[3],
        45,
        what_happened="A neighbour shouts at them on the stairs and calls them names.",
        done_at_once="Listened, and wrote down what they said.",
        urgency=Concern.Urgency.SOON,
    )
    safeguarding.concern_triage(
        actor=manager,
        concern=closed,
        kind=Concern.Kind.PSYCHOLOGICAL,
        urgency=Concern.Urgency.SOON,
        decision=Concern.Decision.SUPPORT,
        reasons="They want it to stop without the police; the landlord can act.",
    )
    save_new(
        manager,
        ConcernAction,
        concern=closed,
        what="Met the housing officer with them; the landlord wrote to the neighbour.",
        done_by=staff.manager,
    )
    safeguarding.concern_close(
        actor=manager,
        concern=closed,
        outcome=Concern.Outcome.RISK_REDUCED,
        reasons="No shouting for four weeks; they say they feel safe on the stairs again.",
    )

    member = Member.objects.filter(organisation=organisation, user__isnull=False).first()
    if member is not None and member.user_id:
        save_new(
            Actor.for_user(member.user, organisation.pk),
            SafeguardingConcern,
            member=member,
            raised_by=member.user,
            raised_by_member=member,
            raised_at=now - datetime.timedelta(hours=5),
            wants_to_talk=True,
            what_happened=(
                f"{member} said on their own page that they are worried about themselves. "
                "They want to talk to someone."
            ),
            urgency=Concern.Urgency.TODAY,
        )
