"""Demo volunteers and enablers: profiles, DBS checks and training, and
recruits at every stage of recruitment (called by keyring_net.demo.seed_all).
The rota and lone-working demos add their parts through ``seed_volunteers``'s
later steps."""

from __future__ import annotations

import datetime
import random

from allauth.account.models import EmailAddress
from dateutil.relativedelta import relativedelta

from keyring_net.models import Organisation, User
from volunteers.clearance import ensure_mandatory_modules
from volunteers.demo.panels import seed_panels
from volunteers.models import (
    DBSCheck,
    Interview,
    Reference,
    TrainingModule,
    TrainingRecord,
    VolunteerProfile,
)

FIXED_DAY = datetime.date(2026, 11, 1)
# The organisation's own courses, beside the four mandatory ones.
FURTHER_MODULES = (
    ("Autism awareness", 36),
    ("Mental health first aid", 36),
    ("Makaton signing", None),
)
RECRUIT_NAMES = (
    "Aisha Begum",
    "Tom Whitaker",
    "Grace Adeyemi",
    "Callum Reid",
    "Priya Nair",
    "Owen Pritchard",
    "Hannah Kowalski",
    "Daniel Okafor",
    "Megan Lloyd",
    "Samir Haddad",
    "Ellie Marsh",
    "Joseph Quinn",
)


def seed_volunteers(organisation: Organisation, rng: random.Random, staff, today) -> dict:
    """A profile for each CLV, the enabler and the connections volunteer,
    each with an enhanced DBS check and the four mandatory courses. One CLV's
    DBS has run out (so the rota shows why they cannot do lone visits); the
    enabler's renewal is due within 60 days; the connections volunteer's
    Lone Working course has run out. Then recruits at every stage."""
    modules = ensure_mandatory_modules(organisation)
    further = [
        TrainingModule.objects.create(
            organisation=organisation, name=name, mandatory=False, valid_for_months=months
        )
        for name, months in FURTHER_MODULES
    ]
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
            else today + datetime.timedelta(days=45)
            if kind == VolunteerProfile.Kind.ENABLER
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
        _further_training(organisation, rng, profile, further, today)
        profiles[user.pk] = profile
    _expire_one_course(organisation, profiles[staff.connections.pk], today)
    recruits = seed_recruits(organisation, rng, staff, today, modules, further)
    seed_panels(organisation, staff, today, recruits)
    return profiles


def _further_training(organisation, rng, profile, further, today) -> None:
    """CLVs have done Autism awareness; the enabler Mental health first aid."""
    wanted = {
        VolunteerProfile.Kind.CLV: "Autism awareness",
        VolunteerProfile.Kind.ENABLER: "Mental health first aid",
    }.get(profile.kind)
    module = next((m for m in further if m.name == wanted), None)
    if module is None:
        return
    done = today - datetime.timedelta(days=rng.randint(60, 700))
    TrainingRecord.objects.create(
        organisation=organisation,
        profile=profile,
        module=module,
        completed_on=done,
        expires_on=done + relativedelta(months=module.valid_for_months),
    )


def _expire_one_course(organisation, profile, today) -> None:
    """The connections volunteer's Lone Working course ran out 12 days ago."""
    record = TrainingRecord.objects.get(
        organisation=organisation, profile=profile, module__name="Lone Working"
    )
    record.expires_on = today - datetime.timedelta(days=12)
    record.completed_on = record.expires_on - relativedelta(months=36)
    record.save(update_fields=["completed_on", "expires_on"])


def _recruit_user(name: str, domain: str) -> User:
    """A recruit's account: no password and no role until they are cleared."""
    email = f"recruit.{name.lower().replace(' ', '.')}@{domain}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, full_name=name)
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    return user


def seed_recruits(organisation, rng, staff, today, modules, further) -> list[VolunteerProfile]:
    """Recruits at every stage, from applying to induction, and one who left.
    Interview panels include members (values-based recruitment: members sit
    on panels with an equal say)."""
    Stage, Kind, Outcome = VolunteerProfile.Stage, VolunteerProfile.Kind, Interview.Outcome
    domain = staff.manager.email.split("@")[1]
    network_ids = sorted(staff.clvs)
    names = rng.sample(RECRUIT_NAMES, 8)
    plan = [
        # (stage, kind, network position or None, days since they applied)
        (Stage.APPLIED, Kind.CLV, None, 4),
        (Stage.APPLIED, Kind.ENABLER, 0, 9),
        (Stage.INTERVIEW, Kind.CLV, 1, 16),
        (Stage.REFERENCES, Kind.CLV, 2, 35),
        (Stage.DBS, Kind.CONNECTIONS, 0, 50),
        (Stage.INDUCTION, Kind.CLV, 1, 70),
        (Stage.INDUCTION, Kind.ENABLER, 2, 80),
        (Stage.LEFT, Kind.CLV, 0, 60),
    ]
    order = list(Stage.values)
    recruits = []
    for name, (stage, kind, position, applied) in zip(names, plan, strict=True):
        network_id = network_ids[position % len(network_ids)] if position is not None else None
        notes = f"Applied on {_day(today - datetime.timedelta(days=applied))}."
        if stage == Stage.LEFT:
            notes += (
                f"\nLeft on {_day(today - datetime.timedelta(days=20))}: "
                "moved away for a new job before the interview."
            )
        profile = VolunteerProfile.objects.create(
            organisation=organisation,
            user=_recruit_user(name, domain),
            kind=kind,
            network_id=network_id,
            stage=stage,
            weekly_commitment_hours=12 if kind == Kind.CLV else rng.choice([6, 8, 16]),
            rent_arrangement=(
                "Rent paid by the organisation in return for 12 hours a week."
                if kind == Kind.CLV and stage == Stage.INDUCTION
                else ""
            ),
            notes=notes,
        )
        recruits.append(profile)
        reached = order.index(stage) if stage != Stage.LEFT else 0
        if stage == Stage.INTERVIEW:
            # The interview is next week: its panel is booked, no outcome yet.
            _interview(organisation, rng, profile, staff, today + datetime.timedelta(days=6))
        elif reached > order.index(Stage.INTERVIEW):
            held = today - datetime.timedelta(days=applied - 7)
            _interview(organisation, rng, profile, staff, held, Outcome.OFFER)
        if reached > order.index(Stage.INTERVIEW):
            back = today - datetime.timedelta(days=max(applied - 20, 3))
            Reference.objects.create(
                organisation=organisation,
                profile=profile,
                referee=f"{rng.choice(REFEREES)} (employer)",
                received_on=back,
                satisfactory=True,
            )
            second_back = reached > order.index(Stage.REFERENCES)
            Reference.objects.create(
                organisation=organisation,
                profile=profile,
                referee=f"{rng.choice(REFEREES)} (personal)",
                received_on=back if second_back else None,
                satisfactory=True if second_back else None,
            )
        if stage == Stage.INDUCTION:
            issued = today - datetime.timedelta(days=rng.randint(5, 15))
            DBSCheck.objects.create(
                organisation=organisation,
                profile=profile,
                level=DBSCheck.Level.ENHANCED_BARRED,
                certificate_number=f"{rng.randint(10**11, 10**12 - 1)}",
                issued_on=issued,
                on_update_service=True,
                renewal_due=issued + relativedelta(years=3),
            )
            # Half-way through induction: two of the four mandatory courses.
            for module in [modules[0], modules[2], further[0]]:
                done = today - datetime.timedelta(days=rng.randint(1, 5))
                TrainingRecord.objects.create(
                    organisation=organisation,
                    profile=profile,
                    module=module,
                    completed_on=done,
                    expires_on=done + relativedelta(months=module.valid_for_months),
                )
    return recruits


REFEREES = (
    "Joan Ashworth",
    "Ravi Patel",
    "Sue Kerrigan",
    "Mark Evans",
    "Linda Osei",
    "Peter Doyle",
)


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _interview(organisation, rng, profile, staff, held_on, outcome=None) -> Interview:
    """A values-based interview: the support manager and one or two members
    of the network (members of another network when they have none yet)."""
    from members.models import Member

    members = Member.objects.filter(status=Member.Status.ACTIVE)
    if profile.network_id:
        members = members.filter(network_id=profile.network_id)
    chosen = list(members.order_by("pk")[:2])[: rng.choice([1, 2])]
    names = [m.preferred_name or m.full_name.split()[0] for m in chosen]
    panel = ", ".join(
        [f"{staff.manager.full_name} (support manager)", *[f"{n} (member)" for n in names]]
    )
    return Interview.objects.create(
        organisation=organisation,
        profile=profile,
        held_on=held_on,
        panel=panel,
        members_on_panel=len(names),
        outcome=outcome or Interview.Outcome.PENDING,
        notes="Talked about being a good neighbour and what they would bring to the network.",
    )
