"""Role matrix for imports: the organisation's admins only. Another role
gets 403 for a list or an import of its own organisation; another
organisation's import is not found."""

from __future__ import annotations

from tests.routes import only

ADMIN = only("org_admin")

MATRIX: dict[str, dict[str, dict[str, str]]] = {
    "imports:list": {"GET": ADMIN},
    "imports:start": {"GET": ADMIN, "POST": ADMIN},
    "imports:detail": {"GET": ADMIN, "POST": ADMIN},
    "imports:progress": {"GET": ADMIN},
    "imports:apply": {"POST": ADMIN},
    "imports:undo": {"POST": ADMIN},
    "imports:report": {"GET": ADMIN},
    "api-import-list": {"GET": ADMIN, "POST": ADMIN},
    "api-import-detail": {"GET": ADMIN},
    "api-import-rows": {"GET": ADMIN},
    "api-import-apply": {"POST": ADMIN},
    "api-import-undo": {"POST": ADMIN},
}


def world_import(world):
    """An import waiting for its columns to be matched, made on first use."""
    from keyring_net.tenancy import scopes_disabled
    from spreadsheets.models import ImportReportRow, ImportRun

    with scopes_disabled():
        run = ImportRun.objects.filter(organisation=world.organisation).first()
        if run is None:
            run = ImportRun.objects.create(
                organisation=world.organisation,
                kind=ImportRun.Kind.MEMBERS,
                file_name=f"members {world.marker}.csv",
                file_bytes=b"Reference,Full name,Network\nM-1,Ann Smith,Nowhere\n",
                started_by=world.admin,
                headers=["Reference", "Full name", "Network"],
                columns=["reference", "full_name", "network"],
                rows_total=1,
                problem_rows=1,
                report_number=1,
            )
            ImportReportRow.objects.create(
                organisation=world.organisation,
                run=run,
                report=1,
                row=2,
                action=ImportReportRow.Action.PROBLEM,
                what=f"Ann Smith {world.marker}",
                problems=[{"column": "Network", "message": world.marker}],
            )
    return run


OBJECT_KWARGS = {"run_id": lambda world: world_import(world).pk}
