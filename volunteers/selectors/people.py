"""Reads of volunteer and enabler profiles, their recruitment, DBS checks and
training, always within the viewer's organisation and reach.

Reach: support managers reach profiles whose network is in their clusters,
and profiles with no network yet (someone has to pick up a new applicant);
organisation admins reach every profile of the organisation. Nobody else
reaches any, so for them a profile is "not found" (as with referrals).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from keyring_net.access import not_found
from keyring_net.actors import Actor
from keyring_net.models import RoleAssignment, User
from keyring_net.policy import STAFF_ROLES, Permission, can, network_reach
from networks.models import Home, Network
from networks.selectors import homes_for_viewer, networks_for_viewer
from volunteers.clearance import MANDATORY_MODULES, blockers_for
from volunteers.models import (
    DBSCheck,
    Interview,
    Reference,
    TrainingModule,
    TrainingRecord,
    VolunteerProfile,
)
from volunteers.selectors.found import found_in_reach

Stage = VolunteerProfile.Stage

# The recruitment pipeline, in order. "Left" is shown apart from it.
PIPELINE = [
    Stage.APPLIED,
    Stage.INTERVIEW,
    Stage.REFERENCES,
    Stage.DBS,
    Stage.INDUCTION,
    Stage.ACTIVE,
]
MANDATORY_NAMES = frozenset(name for name, _ in MANDATORY_MODULES)
# A DBS renewal this close is shown as "due soon".
RENEWAL_WARNING_DAYS = 60


def next_stage(stage: str) -> str | None:
    """The stage after ``stage`` in the pipeline (None after active or left)."""
    if stage not in PIPELINE or stage == Stage.ACTIVE:
        return None
    return PIPELINE[PIPELINE.index(stage) + 1]


def stage_name(stage: str) -> str:
    """A stage as it reads mid-sentence: "interview", "DBS check"."""
    label = str(Stage(stage).label)
    return label if label.startswith("DBS") else label.lower()


def previous_stage(stage: str) -> str | None:
    """The stage before ``stage`` in the pipeline (None at applied or left):
    where a support manager can go back to, to put a mistake right."""
    if stage not in PIPELINE or stage == Stage.APPLIED:
        return None
    return PIPELINE[PIPELINE.index(stage) - 1]


def _date_text(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def missing_to_move_on(
    stage: str,
    *,
    interviews: list[Interview],
    references: list[Reference],
    dbs_checks: list[DBSCheck],
    clearance_reasons: list[str],
    on: datetime.date,
) -> list[str]:
    """What someone at ``stage`` still needs before they move on to the next
    stage, in plain words (empty when they may). Each stage is done when its
    record is there: an interview that ended in an offer, a satisfactory
    reference, an in-date DBS check; and nobody is active without clearance
    for lone visits (``clearance_reasons``)."""
    if stage == Stage.INTERVIEW:
        if not any(i.outcome == Interview.Outcome.OFFER for i in interviews):
            return ["They need an interview that ended in an offer. Record it first."]
    elif stage == Stage.REFERENCES:
        if not any(r.satisfactory for r in references):
            return ["They need a reference that came back satisfactory. Record it first."]
    elif stage == Stage.DBS:
        if not dbs_checks:
            return ["They need a DBS check. Record it first."]
        latest = max(c.renewal_due for c in dbs_checks)
        if latest < on:
            return [f"Their DBS check ran out on {_date_text(latest)}. Record the new one first."]
    elif stage == Stage.INDUCTION:
        return list(clearance_reasons)
    return []


def _latest_dbs_renewal():
    return Subquery(
        DBSCheck.objects.filter(profile=OuterRef("pk"))
        .order_by("-renewal_due")
        .values("renewal_due")[:1]
    )


def profiles_for_viewer(actor: Actor) -> QuerySet[VolunteerProfile]:
    """Profiles the viewer reaches, with their person, network and home, and
    ``latest_dbs_renewal_due`` (the latest renewal date of their DBS checks,
    or None). Empty for roles without ``VIEW_VOLUNTEERS``."""
    if not can(actor, Permission.VIEW_VOLUNTEERS):
        return VolunteerProfile.objects.none()
    networks = Network.objects.filter(organisation=actor.organisation).filter(network_reach(actor))
    return (
        VolunteerProfile.objects.filter(organisation=actor.organisation)
        .filter(Q(network__isnull=True) | Q(network__in=networks.values("pk")))
        .select_related("user", "network", "home")
        .annotate(latest_dbs_renewal_due=_latest_dbs_renewal())
        .order_by("user__full_name", "pk")
    )


def profile_get_for_viewer(
    *, actor: Actor, profile_id: int, permission: Permission = Permission.VIEW_VOLUNTEERS
) -> VolunteerProfile:
    """One profile the viewer reaches and may act on.

    404 when it does not exist, belongs to another organisation or is out of
    reach (all alike, and for every role without ``VIEW_VOLUNTEERS``); 403
    when in reach but the role does not hold ``permission``.
    """
    return found_in_reach(profiles_for_viewer(actor), profile_id, actor, permission)


def clearance_of(actor: Actor, profiles, on: datetime.date | None = None) -> dict[int, list[str]]:
    """Why each profile's person may not do lone visits (an empty list when
    they may), by profile id. Four queries, however many profiles."""
    profiles = list(profiles)
    on = on or timezone.localdate()
    by_user = blockers_for(actor.organisation, sorted({p.user_id for p in profiles}), on)
    return {p.pk: by_user[p.user_id] for p in profiles}


@dataclass
class PipelineCard:
    profile: VolunteerProfile
    reasons: list[str]
    renewal_due_soon: datetime.date | None = None


@dataclass
class Pipeline:
    columns: list[tuple[str, str, list[PipelineCard]]] = field(default_factory=list)
    left: list[PipelineCard] = field(default_factory=list)
    total: int = 0


def recruitment_pipeline(
    actor: Actor, *, kind: str = "", network_id: str | int | None = None
) -> Pipeline:
    """Profiles by stage (applied to active; "left" apart), each with its
    clearance for lone visits and any DBS renewal due within 60 days.
    Five queries, however many profiles."""
    today = timezone.localdate()
    rows = profiles_for_viewer(actor)
    if kind in VolunteerProfile.Kind.values:
        rows = rows.filter(kind=kind)
    if network_id:
        rows = rows.filter(network_id=network_id) if str(network_id).isdigit() else rows.none()
    rows = list(rows)
    current = [p for p in rows if p.stage != Stage.LEFT]
    reasons = clearance_of(actor, current, today)
    soon = today + datetime.timedelta(days=RENEWAL_WARNING_DAYS)
    by_stage: dict[str, list[PipelineCard]] = {stage: [] for stage in PIPELINE}
    pipeline = Pipeline(total=len(rows))
    for profile in rows:
        if profile.stage == Stage.LEFT:
            pipeline.left.append(PipelineCard(profile, []))
            continue
        due = profile.latest_dbs_renewal_due
        by_stage[profile.stage].append(
            PipelineCard(
                profile, reasons[profile.pk], due if due and today <= due <= soon else None
            )
        )
    pipeline.columns = [(stage, Stage(stage).label, by_stage[stage]) for stage in PIPELINE]
    return pipeline


@dataclass
class ProfilePage:
    profile: VolunteerProfile
    interviews: list[Interview]
    references: list[Reference]
    dbs_checks: list[DBSCheck]
    training: list[TrainingRecord]
    reasons: list[str]
    next_stage: str | None
    renewal_due_soon: bool
    # What they still need before moving on to ``next_stage`` (plain words).
    missing: list[str] = field(default_factory=list)


def profile_page(*, actor: Actor, profile: VolunteerProfile) -> ProfilePage:
    """Everything the profile page shows. Eight queries."""
    today = timezone.localdate()
    organisation = actor.organisation
    due = getattr(profile, "latest_dbs_renewal_due", None)
    interviews = list(Interview.objects.filter(organisation=organisation, profile=profile))
    references = list(Reference.objects.filter(organisation=organisation, profile=profile))
    dbs_checks = list(DBSCheck.objects.filter(organisation=organisation, profile=profile))
    reasons = (
        [] if profile.stage == Stage.LEFT else clearance_of(actor, [profile], today)[profile.pk]
    )
    return ProfilePage(
        profile=profile,
        interviews=interviews,
        references=references,
        dbs_checks=dbs_checks,
        training=list(
            TrainingRecord.objects.filter(organisation=organisation, profile=profile)
            .select_related("module")
            .order_by("-module__mandatory", "module__name", "-completed_on")
        ),
        reasons=reasons,
        next_stage=next_stage(profile.stage),
        renewal_due_soon=bool(
            due and today <= due <= today + datetime.timedelta(days=RENEWAL_WARNING_DAYS)
        ),
        missing=missing_to_move_on(
            profile.stage,
            interviews=interviews,
            references=references,
            dbs_checks=dbs_checks,
            clearance_reasons=reasons,
            on=today,
        ),
    )


# --- Choices for the forms and the API's incoming ids ---------------------------------------


def recruitable_people(actor: Actor) -> QuerySet[User]:
    """People of the organisation who can be given a volunteer or enabler
    record: those with a current staff role here, and those who already have
    a record here (a connections volunteer applying to be a CLV)."""
    staff = RoleAssignment.objects.filter(
        organisation=actor.organisation, ended_at__isnull=True, role__in=STAFF_ROLES
    ).values("user_id")
    recruits = VolunteerProfile.objects.filter(organisation=actor.organisation).values("user_id")
    return (
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=staff) | Q(pk__in=recruits))
        .order_by("full_name", "pk")
    )


def recruit_networks(actor: Actor) -> QuerySet[Network]:
    """Networks a recruit can be given: those in the viewer's reach."""
    return networks_for_viewer(actor)


def recruit_homes(actor: Actor) -> QuerySet[Home]:
    """Homes a CLV can be given: in the viewer's networks, for people who may
    see addresses (others cannot choose one)."""
    return homes_for_viewer(actor).order_by("network__name", "address_line_1", "pk")


def training_modules(actor: Actor) -> QuerySet[TrainingModule]:
    """The organisation's courses, mandatory first, each with how many
    training records use it (``records_count``)."""
    return (
        TrainingModule.objects.filter(organisation=actor.organisation)
        .annotate(records_count=Count("records"))
        .order_by("-mandatory", "name", "pk")
    )


def module_get_for_viewer(
    *, actor: Actor, module_id: int, permission: Permission = Permission.MANAGE_VOLUNTEERS
) -> TrainingModule:
    """One of the organisation's courses. 404 for roles without
    ``VIEW_VOLUNTEERS`` (as for profiles), then 403 without ``permission``."""
    if not can(actor, Permission.VIEW_VOLUNTEERS):
        raise not_found()
    return found_in_reach(training_modules(actor), module_id, actor, permission)


def modules_for_viewer(actor: Actor) -> QuerySet[TrainingModule]:
    """The organisation's courses, for people who reach volunteer records."""
    if not can(actor, Permission.VIEW_VOLUNTEERS):
        return TrainingModule.objects.none()
    return TrainingModule.objects.filter(organisation=actor.organisation).order_by(
        "-mandatory", "name", "pk"
    )


def dbs_checks_for_viewer(actor: Actor) -> QuerySet[DBSCheck]:
    """DBS checks of the profiles the viewer reaches, newest first."""
    return _on_reached_profiles(DBSCheck, actor, newest="issued_on")


def training_records_for_viewer(actor: Actor) -> QuerySet[TrainingRecord]:
    """Training records of the profiles the viewer reaches."""
    return _on_reached_profiles(TrainingRecord, actor, "module", newest="completed_on")


def _on_reached_profiles(model, actor: Actor, *related: str, newest: str) -> QuerySet:
    """Records kept on the profiles the viewer reaches (with the profile and
    its person), newest first by ``newest``."""
    return (
        model.objects.filter(organisation=actor.organisation)
        .filter(profile__in=profiles_for_viewer(actor).values("pk"))
        .select_related("profile", "profile__user", *related)
        .order_by(f"-{newest}", "-pk")
    )
