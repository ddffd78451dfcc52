"""Telling people a safeguarding concern was raised: the organisation's
safeguarding leads and the support managers of the member's cluster, at
once, through the notifications layer. The message holds no details ("A
safeguarding concern was raised, open it here"): the concern page, which
asks who may see it, has them. Urgent concerns are their own kind, sent
whatever quiet hours people chose (``notifications.rules.IMMEDIATE_KINDS``)
and by e-mail too whatever channels they chose."""

from __future__ import annotations

from django.urls import reverse

from casework.models import SafeguardingConcern
from casework.selectors.safeguarding import current_leads, support_managers_of
from notifications import producing
from notifications.models import Channel, Kind
from notifications.services.create import create_notifications


def recipients(concern: SafeguardingConcern) -> list[int]:
    """Who is told: the leads and the support managers of the member it is
    about (or of the member who raised it), never the person who raised it."""
    people = list(current_leads(concern.organisation).values_list("person_id", flat=True))
    for member in (concern.member, concern.raised_by_member):
        people += list(support_managers_of(member).values_list("pk", flat=True))
    return [pk for pk in dict.fromkeys(people) if pk != concern.raised_by_id]


def concern_raised(*, concern: SafeguardingConcern) -> int:
    """One message to each person told, once per concern (its key names the
    concern). Returns the deliveries added."""
    urgent = concern.urgency == SafeguardingConcern.Urgency.NOW
    specs = producing.specs_for(
        recipients(concern),
        kind=Kind.SAFEGUARDING_URGENT if urgent else Kind.SAFEGUARDING_CONCERN,
        about=f"casework.safeguardingconcern:{concern.pk}",
        due_at=concern.raised_at,
        link=reverse("safeguarding:detail", kwargs={"concern_id": concern.pk}),
        easy_read=False,
        always_channels=frozenset({Channel.EMAIL}) if urgent else frozenset(),
    )
    return create_notifications(organisation=concern.organisation, specs=specs)
