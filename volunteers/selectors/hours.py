"""Hours given against commitment, week by week, for a worker's own page or
their support manager's.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import TruncWeek

from keyring_net.access import not_found
from keyring_net.actors import Actor
from keyring_net.clock import LONDON, day_text, local
from keyring_net.models import Organisation, User
from keyring_net.policy import Permission, can
from volunteers.models import (
    Shift,
    VolunteerProfile,
)
from volunteers.selectors.rota import workers_for_viewer
from volunteers.wording import at_local, hours_text, monday_of, number_text

HOURS_WEEKS = 8


def person_get_for_hours(*, actor: Actor, person_id: int) -> User:
    """Your own hours, or, for a support manager, the hours of someone who
    works in their networks. Anyone else is "not found"."""
    if actor.user is not None and actor.user.pk == person_id:
        return actor.user
    if can(actor, Permission.MANAGE_ROTA):
        person = workers_for_viewer(actor).filter(pk=person_id).first()
        if person is not None:
            return person
    raise not_found()


# --- Hours -------------------------------------------------------------------------------------


@dataclass
class HoursWeek:
    monday: datetime.date
    contact_minutes: int
    shift_minutes: int
    commitment: Decimal | None
    this_week: bool = False

    @property
    def minutes(self) -> int:
        return self.contact_minutes + self.shift_minutes

    @property
    def met(self) -> bool | None:
        if self.commitment is None:
            return None
        return Decimal(self.minutes) >= self.commitment * 60

    @property
    def meter_max(self) -> int:
        """The bar's full length in minutes: the commitment, or the hours
        given when they are more."""
        agreed = int(self.commitment * 60) if self.commitment else 0
        return max(agreed, self.minutes, 1)

    @property
    def label(self) -> str:
        text = f"Week of {day_text(self.monday)} {self.monday.year}"
        return f"{text} (this week so far)" if self.this_week else text

    @property
    def total_text(self) -> str:
        return hours_text(self.minutes)

    @property
    def contact_text(self) -> str:
        return hours_text(self.contact_minutes)

    @property
    def shift_text(self) -> str:
        return hours_text(self.shift_minutes)

    @property
    def summary(self) -> str:
        """The bar's words: what it shows, for people who cannot see it."""
        if self.commitment is None:
            return f"{hours_text(self.minutes)}."
        agreed = number_text(self.commitment)
        return f"{hours_text(self.minutes)} of the {agreed} hours agreed."


@dataclass
class HoursReport:
    person: User
    commitment: Decimal | None
    weeks: list[HoursWeek]


def hours_report(
    *, organisation: Organisation, person: User, today: datetime.date, weeks: int = HOURS_WEEKS
) -> HoursReport:
    """Hours given, week by week (Monday to Sunday, Europe/London), for the
    last ``weeks`` weeks including this one, newest first.

    Hours are support logged as contacts (``Contact.minutes``) plus shifts
    marked worked. A contact logged during a shift they worked is part of
    that shift's time, so it is not counted twice. Three queries.
    """
    from members.models import Contact

    this_monday = monday_of(today)
    first = this_monday - datetime.timedelta(weeks=weeks - 1)
    start = at_local(first, datetime.time(0))
    end = at_local(this_monday + datetime.timedelta(days=7), datetime.time(0))
    worked = list(
        Shift.objects.filter(
            organisation=organisation,
            worker=person,
            status=Shift.Status.WORKED,
            starts_at__lt=end,
            starts_at__gte=start,
        ).values_list("starts_at", "ends_at")
    )
    contacts = Contact.objects.filter(
        organisation=organisation, worker=person, happened_at__gte=start, happened_at__lt=end
    )
    for shift_start, shift_end in worked:
        contacts = contacts.exclude(happened_at__gte=shift_start, happened_at__lt=shift_end)
    by_week = dict(
        contacts.order_by()
        .annotate(week=TruncWeek("happened_at", tzinfo=LONDON))
        .values("week")
        .annotate(total=Sum("minutes"))
        .values_list("week", "total")
    )
    contact_minutes = {_as_date(week): total or 0 for week, total in by_week.items()}
    shift_minutes: dict[datetime.date, int] = defaultdict(int)
    for shift_start, shift_end in worked:
        monday = monday_of(local(shift_start).date())
        shift_minutes[monday] += int((shift_end - shift_start).total_seconds() // 60)
    commitment = (
        VolunteerProfile.objects.filter(organisation=organisation, user=person)
        .exclude(stage=VolunteerProfile.Stage.LEFT)
        .order_by("kind")  # "clv" sorts first: a CLV's commitment is the one that counts
        .values_list("weekly_commitment_hours", flat=True)
        .first()
    )
    rows = []
    for offset in range(weeks):
        monday = this_monday - datetime.timedelta(weeks=offset)
        rows.append(
            HoursWeek(
                monday=monday,
                contact_minutes=int(contact_minutes.get(monday, 0)),
                shift_minutes=shift_minutes.get(monday, 0),
                commitment=commitment,
                this_week=offset == 0,
            )
        )
    return HoursReport(person=person, commitment=commitment, weeks=rows)


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return local(value).date() if value.tzinfo else value.date()
    return value
