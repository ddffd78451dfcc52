"""What retention tells people: a week before records are anonymised, the
organisation's data protection lead (its admins: there is no separate
role) gets one message a day saying how many members' records will be,
never who. Registered with notifications in ``apps.py``; the beat's
producer runs every 15 minutes, and the day's unique key makes the
second and later runs that day create nothing."""

from __future__ import annotations

import datetime

from django.urls import reverse

from keyring_net.models import Organisation
from notifications import producing
from notifications.models import Kind
from notifications.services.create import create_notifications
from privacy.selectors.retention import data_protection_leads, members_due_on

WARN_DAYS = 7


def produce(*, organisation: Organisation, now: datetime.datetime, today: datetime.date) -> int:
    """The retention warning (the beat's producer)."""
    return retention_warning(organisation=organisation, today=today)


def retention_warning(*, organisation: Organisation, today: datetime.date) -> int:
    """Tell the admins, once today, how many members' records will be
    anonymised ``WARN_DAYS`` from today; nothing when there are none.
    Two queries, plus those of ``create_notifications``."""
    day = today + datetime.timedelta(days=WARN_DAYS)
    count = members_due_on(organisation=organisation, day=day)
    if not count:
        return 0
    people = "1 member" if count == 1 else f"{count} members"
    specs = producing.specs_for(
        data_protection_leads(organisation),
        kind=Kind.GENERAL,
        about=f"privacy.retention:{organisation.pk}",
        due_at=producing.prompt_at(organisation, today),
        unique_key=f"retention_warning:{organisation.pk}:{today.isoformat()}",
        context={
            "title": f"Records of {people} will be anonymised on {producing.day_words(day)}",
            "text": (
                f"The retention periods of some records of {people} end on "
                f"{producing.day_words(day)}. KeyRing Net will then remove their names, "
                "contact details and what was written about them; the numbers for reports "
                "stay. To keep someone's records as they are, put a legal hold on them "
                "before then."
            ),
        },
        link=reverse("privacy:holds"),
    )
    return create_notifications(organisation=organisation, specs=specs)
