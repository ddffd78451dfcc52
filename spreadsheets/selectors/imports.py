"""Reads of imports, for the organisation's admins."""

from __future__ import annotations

from django.db.models import QuerySet

from keyring_net.access import not_found, require
from keyring_net.actors import Actor
from keyring_net.policy import Permission
from spreadsheets.models import ImportRun


def imports_of_organisation(actor: Actor, *, with_report: bool = False) -> QuerySet[ImportRun]:
    """Every import, newest first, for the organisation's admins (403 for
    anyone else)."""
    require(actor, Permission.IMPORT_RECORDS)
    return import_runs(actor, with_report=with_report)


def import_runs(actor: Actor, *, with_report: bool = False) -> QuerySet[ImportRun]:
    """The organisation's imports, without the kept files (nor, unless
    ``with_report``, each row's outcome and problems). The API's rows: its
    base answers 404 before 403, so this asks no permission itself."""
    left_out = ["file_bytes"] if with_report else ["file_bytes", "problems", "outcomes"]
    return (
        ImportRun.objects.filter(organisation=actor.organisation)
        .defer(*left_out)
        .select_related("started_by")
    )


def import_get_for_admin(*, actor: Actor, run_id: int) -> ImportRun:
    """404 for another organisation's import; 403 for anyone but its admins."""
    run = ImportRun.objects.filter(organisation=actor.organisation, pk=run_id).first()
    if run is None:
        raise not_found()
    require(actor, Permission.IMPORT_RECORDS)
    return run
