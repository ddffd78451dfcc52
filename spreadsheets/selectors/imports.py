"""Reads of imports, for the organisation's admins: the runs, and each
run's row-by-row report, read a page at a time."""

from __future__ import annotations

from django.db.models import QuerySet

from keyring_net.access import not_found, require
from keyring_net.actors import Actor
from keyring_net.policy import Permission, may_see_field
from spreadsheets.models import ImportReportRow, ImportRun

# The rule (``policy.FIELD_RULES``) for the address of a row of a report.
ADDRESS_RULE = "spreadsheets.ImportReportRow.address"


def imports_of_organisation(actor: Actor) -> QuerySet[ImportRun]:
    """Every import, newest first, for the organisation's admins (403 for
    anyone else)."""
    require(actor, Permission.IMPORT_RECORDS)
    return import_runs(actor)


def import_runs(actor: Actor) -> QuerySet[ImportRun]:
    """The organisation's imports, without the kept files. The API's rows:
    its base answers 404 before 403, so this asks no permission itself."""
    return (
        ImportRun.objects.filter(organisation=actor.organisation)
        .defer("file_bytes")
        .select_related("started_by")
    )


def import_get_for_admin(*, actor: Actor, run_id: int) -> ImportRun:
    """404 for another organisation's import; 403 for anyone but its admins."""
    run = import_runs(actor).filter(pk=run_id).first()
    if run is None:
        raise not_found()
    require(actor, Permission.IMPORT_RECORDS)
    return run


def report_rows(run: ImportRun) -> QuerySet[ImportReportRow]:
    """The run's report now (its latest check or apply), a row of the file
    each, in the file's order. Page through it or stream it: a file may
    have 100,000 rows."""
    return ImportReportRow.objects.filter(
        organisation_id=run.organisation_id, run=run, report=run.report_number
    ).order_by("row", "pk")


def problem_rows(run: ImportRun) -> QuerySet[ImportReportRow]:
    """The rows of the run's report that have problems, in the file's order."""
    return report_rows(run).filter(action=ImportReportRow.Action.PROBLEM)


def may_see_addresses(actor: Actor) -> bool:
    """Whether the report may show this person the addresses in the file:
    an organisation admin may not, unless they also hold a role that sees
    addresses (``policy.FIELD_RULES``, as ``Permission.VIEW_ADDRESSES``)."""
    return may_see_field(actor, ADDRESS_RULE)
