"""Retention: anonymising what is past its time, and legal holds.

``anonymise_past_retention`` is the nightly sweep (``privacy.tasks``). It
works a batch of members at a time, for one kind of record, set-based: one
read of the batch, then one ``UPDATE ... WHERE`` per table (and one per
change-history table, so the old values do not live on there), then one
insert of the ``Anonymisation`` rows that record it. The number of queries
a batch does not depend on its size. Members already anonymised for a kind
are left out of the read, so a second run reads and changes nothing.

What goes and what stays is ``privacy/records.py``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Subquery
from django.utils import timezone

from documents.models import Document
from documents.storage import storage
from keyring_net.access import require
from keyring_net.actors import Actor, save_changes, save_new
from keyring_net.models import Organisation
from keyring_net.policy import Permission
from members.models import Member
from privacy.models import Anonymisation, LegalHold, RecordKind
from privacy.records import ANONYMISED_NAME, FILES, REMOVED, TARGETS, Files, Target
from privacy.selectors.retention import (
    hold_candidates,
    members_past_retention,
    members_to_anonymise,
    retention_years,
)

BATCH = 500  # members a batch


def anonymise_past_retention(
    *, organisation: Organisation, today: datetime.date, size: int = BATCH
) -> dict[str, int]:
    """Anonymise every kind of every member's records past its retention
    period in ``organisation`` (inside its scope), a batch at a time.
    Returns how many members were anonymised for each kind (none the
    second time: then it runs one read a kind and writes nothing)."""
    years = retention_years(organisation)
    done = dict.fromkeys(RecordKind.values, 0)
    for kind in RecordKind.values:
        after = 0
        while batch := anonymise_batch(
            organisation=organisation,
            kind=kind,
            years=years[kind],
            today=today,
            size=size,
            after=after,
        ):
            done[kind] += len(batch)
            after = batch[-1]
    return done


@transaction.atomic
def anonymise_batch(
    *,
    organisation: Organisation,
    kind: str,
    years: int,
    today: datetime.date,
    size: int = BATCH,
    after: int = 0,
) -> list[int]:
    """Anonymise the records of ``kind`` of up to ``size`` members past
    their time, the next after member id ``after`` (members are taken in id
    order, so each read starts where the last ended). Returns their ids,
    empty when none is left. A constant number of queries, whatever
    ``size``: one read, one UPDATE a table and history table, the
    documents' names and tombstones, one insert of the audit rows."""
    due = members_to_anonymise(
        organisation=organisation, kind=kind, years=years, today=today, size=size, after=after
    )
    if due:
        _anonymise(organisation, kind, years, today, due)
    return [member_id for member_id, _ in due]


def _anonymise(
    organisation: Organisation,
    kind: str,
    years: int,
    today: datetime.date,
    due: list[tuple[int, datetime.date]],
) -> None:
    ids = [member_id for member_id, _ in due]
    # Rows about several members wait until none of them is kept any longer.
    still_kept = Member.objects.filter(organisation=organisation).exclude(
        pk__in=members_past_retention(
            organisation=organisation, kind=kind, years=years, today=today
        ).values("pk")
    )
    for target in TARGETS[kind]:
        _clear(organisation, target, ids, still_kept)
    for files in FILES[kind]:
        _remove_files(organisation, files, ids, still_kept)
    Anonymisation.objects.bulk_create(
        Anonymisation(
            organisation=organisation,
            member_id=member_id,
            kind=kind,
            support_ended_on=ended,
            kept_years=years,
        )
        for member_id, ended in due
    )


def _rows(organisation, model, path: str, ids, still_kept, all_members_due: bool):
    rows = model.objects.filter(organisation=organisation, **{f"{path}__in": ids})
    if all_members_due:
        rows = rows.exclude(**{f"{path}__in": still_kept.values("pk")})
    return rows


def cleared(field: models.Field) -> object:
    """What a field holds once the person is gone from it."""
    if isinstance(field, models.JSONField):
        return []
    if field.null:
        return None
    if field.blank:
        return ""
    return REMOVED[: field.max_length] if field.max_length else REMOVED


def _clear(organisation, target: Target, ids: list[int], still_kept) -> None:
    model = apps.get_model(target.model)
    values = {name: cleared(model._meta.get_field(name)) for name in target.fields}
    if model is Member:
        values["full_name"] = ANONYMISED_NAME
    rows = _rows(organisation, model, target.member_path, ids, still_kept, target.all_members_due)
    _clear_history(organisation, model, rows, values)
    rows.update(**values)


def _clear_history(organisation, model, rows, values: dict) -> None:
    """The change history keeps every old version: the person goes from
    those too (one UPDATE), or anonymising would undo nothing."""
    history = getattr(model, "history", None)
    if history is None:
        return
    history.model._default_manager.filter(
        organisation_id=organisation.pk, id__in=Subquery(rows.values("pk"))
    ).update(**values)


def _remove_files(organisation, files: Files, ids: list[int], still_kept) -> None:
    """Documents attached to the batch's rows lose their file (after the
    commit, so a rolled-back batch loses nothing); each row stays as a
    withdrawn tombstone saying why."""
    if files.model:
        model = apps.get_model(files.model)
        attached = _rows(
            organisation, model, files.member_path, ids, still_kept, files.all_members_due
        ).values("pk")
    else:
        attached = ids
    documents = Document.objects.filter(
        organisation=organisation, attached_kind=files.attached_kind, attached_id__in=attached
    ).exclude(withdrawn_reason=REMOVED)
    stored = list(documents.values_list("stored_name", flat=True))
    if not stored:
        return
    now = timezone.now()
    values = {"title": REMOVED, "original_name": "removed.txt", "withdrawn_reason": REMOVED}
    _clear_history(organisation, Document, documents, values)
    documents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
    documents.update(**values)
    transaction.on_commit(lambda: _delete_files(stored))


def _delete_files(names: Iterable[str]) -> None:
    kept = storage()
    for name in names:
        kept.delete(name)


# --- Legal holds --------------------------------------------------------------------------------


def _reason(text: str | None, field: str, words: str) -> str:
    reason = (text or "").strip()
    if not reason:
        raise ValidationError({field: words})
    return reason


@transaction.atomic
def hold_set(*, actor: Actor, member: Member, reason: str) -> LegalHold:
    """Put a legal hold on a member's records: retention leaves them as
    they are until it is lifted. The reason is required and kept."""
    require(actor, Permission.MANAGE_LEGAL_HOLDS)
    reason = _reason(reason, "reason", "Say why the records must be kept.")
    if not hold_candidates(actor).filter(pk=member.pk).exists():
        raise ValidationError(
            {"member": "Their records are on hold already, or you cannot hold them."}
        )
    return save_new(actor, LegalHold, member=member, reason=reason, set_by=actor.user)


@transaction.atomic
def hold_lift(*, actor: Actor, hold: LegalHold, reason: str) -> LegalHold:
    """Lift a legal hold, saying why. The hold stays on record; retention
    may then anonymise the member's records that are past their time."""
    require(actor, Permission.MANAGE_LEGAL_HOLDS)
    if hold.lifted_at is not None:
        raise ValidationError("This hold was lifted already.")
    hold.lift_reason = _reason(reason, "reason", "Say why the hold can be lifted.")
    hold.lifted_at = timezone.now()
    hold.lifted_by = actor.user
    save_changes(hold, actor, "lift_reason", "lifted_at", "lifted_by")
    return hold
