"""Who may be put on a rota that involves lone visits, and if not, why.

Someone needs an in-date DBS check and in-date training in the four
mandatory modules: Health and Safety, Lone Working, Safeguarding, and
Supporting Equality and Diversity. The support manager sees the reasons in
plain words wherever a person is refused.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import IntegrityError, transaction

from keyring_net.actors import Actor, audited
from keyring_net.models import Organisation
from volunteers.models import DBSCheck, TrainingModule, TrainingRecord, VolunteerProfile

MANDATORY_MODULES = (
    ("Health and Safety", 36),
    ("Lone Working", 36),
    ("Safeguarding", 36),
    ("Supporting Equality and Diversity", 36),
)


def ensure_mandatory_modules(
    organisation: Organisation, actor: Actor | None = None
) -> list[TrainingModule]:
    """The organisation's four mandatory modules, made if missing (valid for
    three years by default; an admin can change that). One query once they
    exist; ``actor``, when given, is named in the history of any made."""
    existing = {
        m.name: m
        for m in TrainingModule.objects.filter(
            organisation=organisation, name__in=[name for name, _ in MANDATORY_MODULES]
        )
    }
    modules = []
    for name, months in MANDATORY_MODULES:
        module = existing.get(name)
        if module is None:
            module = TrainingModule(
                organisation=organisation, name=name, mandatory=True, valid_for_months=months
            )
            if actor is not None:
                audited(module, actor)
            try:
                with transaction.atomic():
                    module.save()
            except IntegrityError:  # made at the same moment by someone else
                module = TrainingModule.objects.get(organisation=organisation, name=name)
        modules.append(module)
    return modules


def _date_text(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def blockers_on_days(
    organisation: Organisation, user_ids: list[int], days
) -> dict[datetime.date, dict[int, list[str]]]:
    """For each day and each person, why they may not do lone visits that
    day (an empty list when they may). Four queries, whatever the number of
    people or days: the records are read once and judged day by day."""
    profiles = {
        p.user_id: p
        for p in VolunteerProfile.objects.filter(
            organisation=organisation, user_id__in=user_ids
        ).exclude(stage=VolunteerProfile.Stage.LEFT)
    }
    dbs: dict[int, list[DBSCheck]] = defaultdict(list)
    for check in DBSCheck.objects.filter(
        organisation=organisation, profile__user_id__in=user_ids
    ).select_related("profile"):
        dbs[check.profile.user_id].append(check)
    mandatory = list(TrainingModule.objects.filter(organisation=organisation, mandatory=True))
    training: dict[int, dict[int, TrainingRecord]] = defaultdict(dict)
    for record in (
        TrainingRecord.objects.filter(
            organisation=organisation, profile__user_id__in=user_ids, module__mandatory=True
        )
        .select_related("profile")
        .order_by("completed_on")
    ):
        training[record.profile.user_id][record.module_id] = record  # latest wins

    def reasons_on(user_id: int, on: datetime.date) -> list[str]:
        reasons = []
        if user_id not in profiles:
            reasons.append("No volunteer or enabler record.")
        checks = dbs.get(user_id, [])
        if not checks:
            reasons.append("No DBS check recorded.")
        elif all(c.renewal_due < on for c in checks):
            latest = max(c.renewal_due for c in checks)
            reasons.append(f"DBS check ran out on {_date_text(latest)}.")
        for module in mandatory:
            record = training[user_id].get(module.pk)
            if record is None:
                reasons.append(f"{module.name} training not done.")
            elif record.expires_on and record.expires_on < on:
                reasons.append(
                    f"{module.name} training ran out on {_date_text(record.expires_on)}."
                )
        return reasons

    return {day: {user_id: reasons_on(user_id, day) for user_id in user_ids} for day in days}


def blockers_for(
    organisation: Organisation, user_ids: list[int], on: datetime.date
) -> dict[int, list[str]]:
    """For each person, why they may not do lone visits on ``on`` (an empty
    list when they may). Four queries, whatever the number of people."""
    return blockers_on_days(organisation, user_ids, [on])[on]


def blockers(organisation: Organisation, user_id: int, on: datetime.date) -> list[str]:
    return blockers_for(organisation, [user_id], on)[user_id]
