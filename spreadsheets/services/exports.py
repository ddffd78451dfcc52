"""Exporting records as a CSV or Excel (.xlsx) file, for people with the
export permission only (``Permission.EXPORT_RECORDS``, kept apart from
administering the organisation).

Every export is recorded (``ExportRecord``: who, what, format, how many
rows, when), and so is every refused try. A file that shows members'
records also adds a line per member to their "who has looked at my
record" (channel "Export"), in one statement whatever the number.

The file is written inside the request's transaction, row by row to a
temporary file, so the rows read are the ones the person reaches under
row-level security, and memory does not grow with the number of rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from django.core.exceptions import PermissionDenied

from keyring_net.actors import Actor, save_new
from keyring_net.policy import Permission, can
from members.models import RecordAccess
from members.services.record import record_members_access_matching
from spreadsheets.exports_writing import CONTENT_TYPES, write_csv, write_xlsx
from spreadsheets.models import ExportRecord
from spreadsheets.selectors.exports import export_sheet, file_name

REFUSED = "Your role does not allow you to export records."


@dataclass(frozen=True)
class ExportFile:
    file: IO[bytes]
    name: str
    content_type: str
    record: ExportRecord


def require_export(actor: Actor, *, what: str, channel: str, format: str = "") -> None:
    """Go on only if ``actor`` may export records. Otherwise the refusal is
    recorded (when they are someone in this organisation) and it is a 403."""
    if can(actor, Permission.EXPORT_RECORDS):
        return
    if actor.user is not None and actor.organisation is not None:
        save_new(
            actor,
            ExportRecord,
            person=actor.user,
            what=what,
            format=format if format in ExportRecord.Format.values else "",
            outcome=ExportRecord.Outcome.REFUSED,
            channel=channel,
        )
    raise PermissionDenied(REFUSED)


def export_records(*, actor: Actor, what: str, format: str, channel: str) -> ExportFile:
    """The records of kind ``what`` that ``actor`` reaches, as a file in
    ``format`` (``csv`` or ``xlsx``), recorded. A constant number of
    queries, however many rows."""
    require_export(actor, what=what, channel=channel, format=format)
    what = ExportRecord.What(what)
    format = ExportRecord.Format(format)
    sheet = export_sheet(actor, what)
    if format == ExportRecord.Format.XLSX:
        file, rows = write_xlsx(sheet.title, sheet.headings, sheet.rows)
    else:
        file, rows = write_csv(sheet.headings, sheet.rows)
    record = save_new(
        actor,
        ExportRecord,
        person=actor.user,
        what=what,
        format=format,
        outcome=ExportRecord.Outcome.EXPORTED,
        channel=channel,
        rows=rows,
    )
    if sheet.members is not None and rows:
        record_members_access_matching(
            actor=actor, members=sheet.members, channel=RecordAccess.Channel.EXPORT
        )
    return ExportFile(file, file_name(what, format), CONTENT_TYPES[format], record)
