"""State changes for quality checks. Each takes the acting person.

Quality checkers with lived experience visit a network with a checklist.
What they find about each item is rated (good, okay, needs to get better)
with a note; actions to put things right have an owner and a due day, and
are followed up: done, with what was done.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor, audited, save_changes, save_new
from keyring_net.models import Organisation, Role, RoleAssignment, User
from keyring_net.policy import Permission, network_reach
from keyring_net.rows import rows_from
from networks.models import Network
from outcomes.models import (
    ChecklistItem,
    QualityAction,
    QualityCheck,
    QualityChecklist,
    QualityFinding,
)

DEFAULT_CHECKLIST = "Our quality checklist"
# (what checkers look at, in plain words; its picture)
DEFAULT_ITEMS: tuple[tuple[str, str], ...] = (
    ("Members feel listened to", "listen"),
    ("Members know who to call", "phone"),
    ("The Community Living Volunteer is easy to reach", "handshake"),
    ("Members get to choose their goals", "star"),
    ("Homes feel safe", "safe"),
    ("People help each other", "people"),
)


@transaction.atomic
def ensure_default_checklist(organisation: Organisation) -> QualityChecklist:
    """The organisation's first checklist, in plain words, made the first
    time anyone looks. Later calls return the oldest active checklist."""
    existing = (
        QualityChecklist.objects.filter(organisation=organisation, is_active=True)
        .order_by("created_at", "pk")
        .first()
    )
    if existing is not None:
        return existing
    checklist = QualityChecklist.objects.create(organisation=organisation, name=DEFAULT_CHECKLIST)
    ChecklistItem.objects.bulk_create(
        rows_from(
            ChecklistItem,
            "text easy_read_text pictogram",
            ((text, text + ".", picture) for text, picture in DEFAULT_ITEMS),
            numbered="position",
            organisation=organisation,
            checklist=checklist,
        )
    )
    return checklist


@transaction.atomic
def checklist_create(*, actor: Actor, name: str) -> QualityChecklist:
    require(actor, Permission.RECORD_QUALITY_CHECKS)
    if not name.strip():
        raise ValidationError({"name": "Enter a name for the checklist."})
    return save_new(actor, QualityChecklist, name=name.strip())


@transaction.atomic
def checklist_item_add(
    *, actor: Actor, checklist: QualityChecklist, text: str, pictogram: str = "look"
) -> ChecklistItem:
    require(actor, Permission.RECORD_QUALITY_CHECKS)
    if not text.strip():
        raise ValidationError({"text": "Enter what the checkers look at."})
    last = checklist.items.order_by("-position").values_list("position", flat=True).first()
    return save_new(
        actor,
        ChecklistItem,
        checklist=checklist,
        position=(last or 0) + 1,
        text=text.strip(),
        easy_read_text=text.strip(),
        pictogram=pictogram or "look",
    )


def quality_checkers(organisation) -> list[User]:
    """People who hold an active quality checker role in the organisation."""
    user_ids = RoleAssignment.objects.filter(
        organisation=organisation, role=Role.QUALITY_CHECKER, ended_at__isnull=True
    ).values("user_id")
    return list(User.objects.filter(pk__in=user_ids).order_by("full_name", "pk"))


@transaction.atomic
def check_plan(
    *,
    actor: Actor,
    network: Network,
    checklist: QualityChecklist,
    visit_on: datetime.date,
    checkers=(),
    other_checkers: str = "",
) -> QualityCheck:
    """Plan a visit to a network in the actor's reach. Checkers with a login
    must be the organisation's quality checkers; others are named in words."""
    require(actor, Permission.RECORD_QUALITY_CHECKS)
    reached = Network.objects.filter(organisation=actor.organisation, pk=network.pk).filter(
        network_reach(actor)
    )
    errors = {}
    if network.organisation_id != actor.organisation.pk or not reached.exists():
        errors["network"] = "Choose a network you work with."
    if checklist.organisation_id != actor.organisation.pk or not checklist.is_active:
        errors["checklist"] = "Choose one of your checklists."
    allowed = {u.pk for u in quality_checkers(actor.organisation)}
    if any(user.pk not in allowed for user in checkers):
        errors["checkers"] = "Choose checkers from your organisation's quality checkers."
    if not checkers and not other_checkers.strip():
        errors["checkers"] = "Choose who is visiting, or write their names."
    if errors:
        raise ValidationError(errors)
    check = save_new(
        actor,
        QualityCheck,
        network=network,
        checklist=checklist,
        visit_on=visit_on,
        other_checkers=other_checkers.strip(),
        created_by=actor.user,
    )
    check.checkers.set(checkers)
    return check


@dataclass(frozen=True)
class FindingInput:
    item_id: int
    rating: str
    note: str = ""


@transaction.atomic
def check_record(
    *, actor: Actor, check: QualityCheck, findings: list[FindingInput], summary: str = ""
) -> QualityCheck:
    """Record what the checkers found: a rating (and a note) for the items
    they looked at, and a summary. The visit is then done. Recording again
    changes the ratings given (each change kept in the history)."""
    require(actor, Permission.RECORD_QUALITY_CHECKS)
    items = {item.pk: item for item in check.checklist.items.all()}
    errors = {}
    for finding in findings:
        if finding.item_id not in items:
            errors["findings"] = "Every rating must be for an item of this checklist."
        elif finding.rating not in QualityFinding.Rating.values:
            errors[f"item_{finding.item_id}_rating"] = "Choose good, okay or needs to get better."
    if not findings and not summary.strip():
        errors["summary"] = "Rate at least one thing on the checklist, or write what you found."
    if check.visit_on > timezone.localdate():
        errors["summary"] = "The visit is on a later day. Record what you found after it."
    if errors:
        raise ValidationError(errors)
    existing = {f.item_id: f for f in check.findings.all() if f.item_id is not None}
    for finding in findings:
        row = existing.get(finding.item_id)
        note = finding.note.strip()
        if row is None:
            save_new(
                actor,
                QualityFinding,
                visit=check,
                item_id=finding.item_id,
                rating=finding.rating,
                note=note,
            )
        elif (row.rating, row.note) != (finding.rating, note):
            row.rating, row.note = finding.rating, note
            save_changes(row, actor, "rating", "note")
    check.summary = summary.strip()
    check.status = QualityCheck.Status.DONE
    audited(check, actor).save(update_fields=["summary", "status"])
    return check


@transaction.atomic
def action_add(
    *,
    actor: Actor,
    check: QualityCheck,
    text: str,
    owner: User | None = None,
    due_on: datetime.date | None = None,
    finding: QualityFinding | None = None,
) -> QualityAction:
    require(actor, Permission.RECORD_QUALITY_CHECKS)
    errors = {}
    if not text.strip():
        errors["text"] = "Write what needs to be done."
    if finding is not None and finding.visit_id != check.pk:
        errors["finding"] = "Choose a finding of this visit."
    if errors:
        raise ValidationError(errors)
    return save_new(
        actor,
        QualityAction,
        visit=check,
        finding=finding,
        text=text.strip(),
        owner=owner,
        due_on=due_on,
    )


@transaction.atomic
def action_done(
    *,
    actor: Actor,
    action: QualityAction,
    follow_up: str,
    done_on: datetime.date | None = None,
) -> QualityAction:
    """Mark an action done, with what was done and what changed."""
    require(actor, Permission.RECORD_QUALITY_CHECKS)
    done_on = done_on or timezone.localdate()
    errors = {}
    if not follow_up.strip():
        errors["follow_up"] = "Write what was done, and what changed."
    if done_on > timezone.localdate():
        errors["done_on"] = "The day it was done cannot be in the future."
    if action.done_on is not None:
        errors["follow_up"] = "This action is already done."
    if errors:
        raise ValidationError(errors)
    action.done_on = done_on
    action.follow_up = follow_up.strip()
    audited(action, actor).save(update_fields=["done_on", "follow_up"])
    return action
