"""An import from start to end: the file taken in, its columns matched,
the dry run, applying it (every accepted row or none, in one transaction)
and undoing it while its records are untouched.

The uploaded file is kept on the ``ImportRun`` (``file_bytes``, 20 MB at
most, left out of its change history) between the steps and emptied once
it is applied. Each step writes its row-by-row report as
``ImportReportRow`` rows, a batch at a time, and keeps only the counts on
the run. A file of more
than ``BACKGROUND_ROWS`` rows is checked and applied by a background task
(``spreadsheets.tasks``, registered with ``runs_in_background``); its
progress is kept in the cache, so the page can show it while the task's
transaction is still open.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor, audited, save_changes, save_new
from keyring_net.models import User
from keyring_net.policy import Permission
from keyring_net.services import role_end
from keyring_net.tenancy import organisation_scope, people_identifiable, set_database_access
from spreadsheets.models import ImportedRow, ImportReportRow, ImportRun
from spreadsheets.models.imports import MAX_FILE_BYTES, WORDS_MAX
from spreadsheets.services.imports import reading
from spreadsheets.services.imports.columns import check_columns, match_headers
from spreadsheets.services.imports.engine import Kind, Prepared, run_file
from spreadsheets.services.imports.homes_only import HomesImport
from spreadsheets.services.imports.members import MembersImport
from spreadsheets.services.imports.networks import NetworksImport
from spreadsheets.services.imports.staff import StaffImport
from spreadsheets.services.imports.volunteers import VolunteersImport

KINDS: dict[str, type[Kind]] = {
    ImportRun.Kind.MEMBERS: MembersImport,
    ImportRun.Kind.HOMES: HomesImport,
    ImportRun.Kind.NETWORKS: NetworksImport,
    ImportRun.Kind.VOLUNTEERS: VolunteersImport,
    ImportRun.Kind.STAFF: StaffImport,
}
# Records an import made that undo ends rather than removes: a role stays,
# ended, so the people pages show who held it and when.
ENDED_ON_UNDO = {
    "keyring_net.roleassignment": lambda actor, record: role_end(actor=actor, assignment=record),
}
TOO_BIG = "The file is bigger than 20 MB. Split it into smaller files and import each."
# Files with more rows than this are checked and applied in the background.
BACKGROUND_ROWS = 1000
_background: list[Callable[[int, int, int, str], None]] = []


def runs_in_background(enqueue: Callable[[int, int, int, str], None]) -> None:
    """The app's task registers here (``apps.py``): ``enqueue(run_id,
    organisation_id, user_id, step)`` starts a step in the background."""
    _background[:] = [enqueue]


def actor_for(*, user_id: int, organisation) -> Actor:
    """The person who asked for a background step, as they act now (a
    role ended meanwhile stops it)."""
    return Actor.for_user(User.objects.get(pk=user_id), organisation.pk)


def fields_of(kind: str):
    return KINDS[kind].fields


def undo_note(kind: str) -> str:
    """What undoing an import of this kind cannot take back, in plain
    words ("" for most kinds)."""
    return getattr(KINDS[kind], "undo_note", "")


def import_start(*, actor: Actor, kind: str, file_name: str, data: bytes) -> ImportRun:
    """Take in a file: refuse one that is not a spreadsheet, too big,
    empty or without a header row (nothing kept); keep it with its columns
    matched to fields by their headers."""
    require(actor, Permission.IMPORT_RECORDS)
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError({"file": TOO_BIG})
    try:
        headers, rows = reading.read(data, file_name)
        total = sum(1 for _ in rows)
        columns = match_headers(headers, list(fields_of(kind)))
        missing = check_columns(headers, columns, list(fields_of(kind))).get("__all__")
        if missing and all(columns):  # no column left that the person could match
            raise ValidationError(missing)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    if not total:
        raise ValidationError({"file": "The file has a header row but no records below it."})
    return save_new(
        actor,
        ImportRun,
        kind=kind,
        file_name=file_name[:255],
        file_bytes=data,
        file_size=len(data),
        started_by=actor.user,
        headers=headers,
        columns=columns,
        rows_total=total,
    )


def import_match(*, actor: Actor, run: ImportRun, columns: list[str]) -> ImportRun:
    """Keep the person's match of columns to fields, then check the file."""
    require(actor, Permission.IMPORT_RECORDS)
    _must_be(run, ImportRun.State.MATCHING, ImportRun.State.CHECKED, ImportRun.State.FAILED)
    width = len(run.headers)
    columns = [*columns[:width], *[""] * (width - len(columns))]
    errors = check_columns(run.headers, columns, list(fields_of(run.kind)))
    if errors:
        raise ValidationError(
            {f"column_{k}" if k != "__all__" else k: v for k, v in errors.items()}
        )
    run.columns = columns
    run.state = ImportRun.State.CHECKING
    save_changes(run, actor, "columns", "state")
    _go(actor, run, "check")
    return run


def import_apply(*, actor: Actor, run: ImportRun) -> ImportRun:
    """Apply a checked import: every accepted row, or none."""
    require(actor, Permission.IMPORT_RECORDS)
    _must_be(run, ImportRun.State.CHECKED)
    run.state = ImportRun.State.APPLYING
    save_changes(run, actor, "state")
    _go(actor, run, "apply")
    return run


def _must_be(run: ImportRun, *states: str) -> None:
    if run.state not in states:
        raise ValidationError(f"This import is {run.get_state_display().lower()}.")


def _go(actor: Actor, run: ImportRun, step: str) -> None:
    if run.rows_total > BACKGROUND_ROWS and _background:
        enqueue = _background[0]
        transaction.on_commit(
            lambda: enqueue(run.pk, run.organisation_id, actor.user.pk, step), robust=True
        )
        return
    import_step(actor=actor, run=run, step=step)


def progress_key(run_id: int) -> str:
    return f"import-progress:{run_id}"


def progress_of(run: ImportRun) -> int:
    """Rows done so far by the step running now."""
    return int(cache.get(progress_key(run.pk)) or 0)


def import_step(*, actor: Actor, run: ImportRun, step: str) -> ImportRun:
    """Check (``"check"``) or apply (``"apply"``) the file. Applying is one
    transaction: a failure part way writes nothing."""
    write = step == "apply"
    key = progress_key(run.pk)

    def progress(done: int) -> None:
        cache.set(key, done, timeout=3600)

    def keep(written: list[tuple[str, int, str, dict]]) -> None:
        ImportedRow.objects.bulk_create(
            ImportedRow(
                organisation_id=run.organisation_id,
                run_id=run.pk,
                model=model,
                object_id=object_id,
                action=action,
                before=before,
            )
            for model, object_id, action, before in written
        )

    number = run.report_number + 1

    def report(rows: list[Prepared]) -> None:
        ImportReportRow.objects.bulk_create(
            [
                ImportReportRow(
                    organisation_id=run.organisation_id,
                    run_id=run.pk,
                    report=number,
                    row=row.number,
                    action=row.action,
                    what=row.what[:WORDS_MAX],
                    address=row.address[:WORDS_MAX],
                    problems=[{"column": c, "message": m} for c, m in row.problems],
                )
                for row in rows
            ]
        )

    try:
        with transaction.atomic():
            summary, _kind = run_file(
                kind_class=KINDS[run.kind],
                actor=actor,
                data=bytes(run.file_bytes),
                file_name=run.file_name,
                columns=run.columns,
                write=write,
                progress=progress,
                keep=keep if write else None,
                report=report,
            )
            if write:
                _after_commit(actor, run, _kind, keep)
            changed = ["created", "updated", "skipped", "problem_rows"]
            for name in changed:
                setattr(run, name, getattr(summary, name))
            run.report_number = number
            changed.append("report_number")
            run.state = ImportRun.State.APPLIED if write else ImportRun.State.CHECKED
            if write:
                run.applied_at = timezone.now()
                run.file_bytes = None
                changed += ["applied_at", "file_bytes"]
            run.failure = ""
            save_changes(run, actor, "state", "failure", *changed)
    except ValidationError as error:
        _fail(actor, run, write, " ".join(error.messages))
    except IntegrityError:
        _fail(actor, run, write, "some records changed while it ran. Check the file again.")
    cache.delete(key)
    return run


def _after_commit(actor: Actor, run: ImportRun, kind: Kind, keep) -> None:
    """Work a kind does only once the import has committed (the staff
    import's invitations), in the organisation, each record it makes kept
    as the import's own."""
    work = getattr(kind, "after_commit", None)
    if work is None:
        return

    def later() -> None:
        with transaction.atomic(), organisation_scope(run.organisation):
            set_database_access(organisation_id=run.organisation_id, person_id=actor.user.pk)
            keep(work())

    transaction.on_commit(later, robust=True)


def _fail(actor: Actor, run: ImportRun, write: bool, why: str) -> None:
    run.state = ImportRun.State.CHECKED if write else ImportRun.State.FAILED
    run.failure = f"Nothing was imported: {why}"[:500]
    save_changes(run, actor, "state", "failure")


def touched_since(run: ImportRun) -> list[str]:
    """The records this import wrote that have changed since (from their
    change history), as "members.member 12"."""
    touched = []
    by_model: dict[str, list[int]] = {}
    for model, object_id in run.imported_rows.values_list("model", "object_id"):
        by_model.setdefault(model, []).append(object_id)
    for label, ids in by_model.items():
        history = apps.get_model(label).history
        # Records made after the commit (staff invitations) are the
        # import's own: only a later change counts.
        later = history.filter(id__in=ids, history_date__gt=run.applied_at).exclude(
            history_type="+"
        )
        touched += [f"{label} {pk}" for pk in later.values_list("id", flat=True).distinct()]
    return touched


@transaction.atomic
def import_undo(*, actor: Actor, run: ImportRun) -> ImportRun:
    """Undo an applied import: records it created are removed, records it
    changed get their values back. Refused when any of them has changed
    since, or has other records hanging on it."""
    require(actor, Permission.IMPORT_RECORDS)
    _must_be(run, ImportRun.State.APPLIED)
    with people_identifiable():  # a volunteer import's new people's accounts
        _undo_records(actor, run)
    run.state = ImportRun.State.UNDONE
    run.undone_at = timezone.now()
    run.undone_by = actor.user
    save_changes(run, actor, "state", "undone_at", "undone_by")
    return run


def _undo_records(actor: Actor, run: ImportRun) -> None:
    if touched_since(run):
        raise ValidationError(
            "This import cannot be undone: some of its records have been changed since."
        )
    rows = list(run.imported_rows.order_by("-pk"))
    try:
        with transaction.atomic():
            for row in rows:
                model = apps.get_model(row.model)
                record = model.objects.get(pk=row.object_id)
                if row.model in ENDED_ON_UNDO:
                    ENDED_ON_UNDO[row.model](actor, record)
                elif row.action == ImportedRow.Action.CREATED:
                    audited(record, actor).delete()
                else:
                    for name, value in row.before.items():
                        setattr(record, name, value)
                    save_changes(record, actor, *row.before)
    except ProtectedError:
        raise ValidationError(
            "This import cannot be undone: other records have been added to what it brought in."
        ) from None
