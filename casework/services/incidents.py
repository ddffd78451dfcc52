"""State changes for incidents and accidents. Each takes the acting person.

A worker writes what happened (a draft they can come back to), then
records it; the support manager reviews it (findings), adds actions (what,
who, by when) and marks them done, and closes it. A lone-working alert
resolved as real opens a draft by itself (``incident_draft_from_alert``).
Nothing is deleted; every change is in the incident's history."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from casework.models import Incident, IncidentAction
from casework.selectors import incidents as selectors
from keyring_net.access import require
from keyring_net.actors import Actor, audited, save_changes, save_new
from keyring_net.clock import clock
from keyring_net.policy import Permission, can

FACTS = ("kind", "severity", "happened_at", "place", "others_involved")
WRITTEN = ("what_happened", "done_at_once")


@dataclass
class IncidentDetails:
    """What a worker says about an incident. ``network`` is needed only
    when no member is named (a member's network is the incident's)."""

    happened_at: datetime.datetime | None
    kind: str = ""
    severity: str = ""
    place: str = ""
    members: list = field(default_factory=list)
    staff: list = field(default_factory=list)
    others_involved: str = ""
    what_happened: str = ""
    done_at_once: str = ""
    network: object = None


def _problems(actor: Actor, details: IncidentDetails, *, recording: bool) -> dict[str, str]:
    errors = {}
    now = timezone.now()
    if details.happened_at is None:
        errors["happened_at"] = "Enter when it happened."
    elif details.happened_at > now + datetime.timedelta(minutes=5):
        errors["happened_at"] = "When it happened cannot be in the future."
    reached_members = set(selectors.members_to_name(actor).values_list("pk", flat=True))
    if any(m.pk not in reached_members for m in details.members):
        errors["members"] = "Choose members from the list."
    reached_staff = set(selectors.staff_to_name(actor).values_list("pk", flat=True))
    if any(u.pk not in reached_staff for u in details.staff):
        errors["staff"] = "Choose staff from the list."
    if details.network is not None and not (
        selectors.networks_to_choose(actor).filter(pk=details.network.pk).exists()
    ):
        errors["network"] = "Choose a network from the list."
    if not details.members and details.network is None:
        errors["network"] = "Choose the network where it happened, or the members involved."
    if recording:
        if details.kind not in Incident.Kind.values:
            errors["kind"] = "Choose what kind of incident it was."
        if details.severity not in Incident.Severity.values:
            errors["severity"] = "Choose how bad it was."
        if not details.what_happened.strip():
            errors["what_happened"] = "Say what happened."
    return errors


def _network(details: IncidentDetails):
    if details.members:
        return sorted(details.members, key=lambda m: (m.full_name, m.pk))[0].network
    return details.network


def _write(incident: Incident, details: IncidentDetails) -> None:
    incident.kind = details.kind
    incident.severity = details.severity
    incident.happened_at = details.happened_at
    incident.place = details.place.strip()
    incident.others_involved = details.others_involved.strip()
    incident.what_happened = details.what_happened.strip()
    incident.done_at_once = details.done_at_once.strip()
    incident.network = _network(details)


@transaction.atomic
def incident_start(*, actor: Actor, details: IncidentDetails, record: bool = False) -> Incident:
    """Write a new incident: a draft, or recorded at once (``record``)."""
    require(actor, Permission.RECORD_INCIDENTS)
    errors = _problems(actor, details, recording=record)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    incident = Incident(organisation=actor.organisation, started_by=actor.user, started_at=now)
    _write(incident, details)
    if record:
        incident.state = Incident.State.RECORDED
        incident.recorded_by, incident.recorded_at = actor.user, now
    audited(incident, actor).save(force_insert=True)
    incident.members.set(details.members)
    incident.staff.set(details.staff)
    return incident


def may_change(actor: Actor, incident: Incident) -> bool:
    """A draft is changed by the person who started it, or by a support
    manager who reaches it (a draft a lone-working alert opened has no
    author: it is the manager's to finish)."""
    if incident.state != Incident.State.DRAFT:
        return False
    if can(actor, Permission.REVIEW_INCIDENTS):
        return True
    return can(actor, Permission.RECORD_INCIDENTS) and incident.started_by_id == actor.user.pk


@transaction.atomic
def incident_change(
    *, actor: Actor, incident: Incident, details: IncidentDetails, record: bool = False
) -> Incident:
    """Change a draft, and record it when ``record``. A recorded incident
    is not changed: its review says what was learned."""
    require(actor, Permission.RECORD_INCIDENTS)
    locked = Incident.objects.select_for_update().get(
        organisation=actor.organisation, pk=incident.pk
    )
    if locked.state != Incident.State.DRAFT:
        raise ValidationError("This incident is already recorded, so it cannot be changed.")
    if not may_change(actor, locked):
        raise PermissionDenied(
            "Only the person who started this draft, or a manager, can change it."
        )
    errors = _problems(actor, details, recording=record)
    if errors:
        raise ValidationError(errors)
    _write(locked, details)
    fields = [*FACTS, *WRITTEN, "network"]
    if record:
        locked.state = Incident.State.RECORDED
        locked.recorded_by, locked.recorded_at = actor.user, timezone.now()
        fields += ["state", "recorded_by", "recorded_at"]
    save_changes(locked, actor, *fields)
    locked.members.set(details.members)
    locked.staff.set(details.staff)
    return locked


@transaction.atomic
def incident_review(*, actor: Actor, incident: Incident, findings: str) -> Incident:
    """The support manager's review: what they found and learned. Given
    again, it replaces the findings (the old ones stay in the history)."""
    require(actor, Permission.REVIEW_INCIDENTS)
    if incident.state == Incident.State.DRAFT:
        raise ValidationError("Record the incident before reviewing it.")
    if incident.state == Incident.State.CLOSED:
        raise ValidationError("This incident is closed.")
    if not findings.strip():
        raise ValidationError({"findings": "Write what the review found."})
    incident.review_findings = findings.strip()
    incident.reviewed_by, incident.reviewed_at = actor.user, timezone.now()
    incident.state = Incident.State.REVIEWED
    save_changes(incident, actor, "review_findings", "reviewed_by", "reviewed_at", "state")
    return incident


@transaction.atomic
def incident_action_add(
    *,
    actor: Actor,
    incident: Incident,
    text: str,
    owner=None,
    due_on: datetime.date | None = None,
) -> IncidentAction:
    """Something to do after the incident: what, who, by when."""
    require(actor, Permission.REVIEW_INCIDENTS)
    errors = {}
    if incident.state == Incident.State.DRAFT:
        errors["text"] = "Record the incident before adding actions."
    elif incident.state == Incident.State.CLOSED:
        errors["text"] = "This incident is closed."
    elif not text.strip():
        errors["text"] = "Write what needs to be done."
    if owner is not None and not selectors.staff_to_name(actor).filter(pk=owner.pk).exists():
        errors["owner"] = "Choose who will do it from the list."
    if errors:
        raise ValidationError(errors)
    return save_new(
        actor,
        IncidentAction,
        incident=incident,
        text=text.strip(),
        owner=owner,
        due_on=due_on,
        added_by=actor.user,
    )


@transaction.atomic
def incident_action_done(*, actor: Actor, action: IncidentAction) -> IncidentAction:
    """Mark an action done (once: a second tap changes nothing)."""
    require(actor, Permission.REVIEW_INCIDENTS)
    if action.done_at is not None:
        return action
    action.done_at, action.done_by = timezone.now(), actor.user
    save_changes(action, actor, "done_at", "done_by")
    return action


@transaction.atomic
def incident_close(*, actor: Actor, incident: Incident) -> Incident:
    """Close a reviewed incident whose actions are all done."""
    require(actor, Permission.REVIEW_INCIDENTS)
    if incident.state != Incident.State.REVIEWED:
        raise ValidationError("Review the incident before closing it.")
    open_actions = incident.actions.filter(done_at__isnull=True).count()
    if open_actions:
        raise ValidationError(
            f"{open_actions} action{'s are' if open_actions > 1 else ' is'} not done yet. "
            "Mark them done first."
        )
    incident.state = Incident.State.CLOSED
    incident.closed_by, incident.closed_at = actor.user, timezone.now()
    save_changes(incident, actor, "state", "closed_by", "closed_at")
    return incident


# --- A lone-working alert that was real ------------------------------------------------


def incident_draft_from_alert(*, alert, actor: Actor) -> Incident:
    """Open an incident draft for a lone-working alert resolved as real,
    with the worker, the member, the place and the times filled in, for the
    support manager to finish. At most one for each alert: the unique
    source alert refuses a second (resolved twice, a task retried), and the
    one already there is returned. Registered with volunteers in
    ``casework/apps.py``."""
    session = alert.session
    organisation = actor.organisation
    worker = session.worker
    member = session.member
    network = member.network if member is not None else None
    network = network or selectors.network_of_worker(organisation, worker)
    if network is None:  # nowhere to file it: the alerts page still says it was real
        return None
    where = f" at {session.place}" if session.place else ""
    visiting = f" to visit {member.full_name}" if member is not None else ""
    told = clock(alert.raised_at, organisation)
    what = (
        f"{worker.full_name} checked in{visiting}{where} at "
        f"{clock(session.started_at, organisation)}, expecting to finish by "
        f"{clock(session.expected_end_at, organisation)}, and did not check out in time. "
        f"The support manager was alerted at {told}."
    )
    if alert.outcome_note:
        what += f" What happened: {alert.outcome_note}"
    try:
        with transaction.atomic():  # a savepoint: a second draft is refused, the first kept
            incident = Incident(
                organisation=organisation,
                network=network,
                kind=Incident.Kind.LONE_WORKING,
                happened_at=session.expected_end_at,
                place=session.place or (member.full_name + "'s home" if member else ""),
                what_happened=what,
                source_alert=alert,
            )
            audited(incident, actor).save(force_insert=True)
    except IntegrityError:
        return selectors.incident_from_alert(organisation, alert.pk)
    incident.staff.set([worker])
    if member is not None:
        incident.members.set([member])
    return incident
