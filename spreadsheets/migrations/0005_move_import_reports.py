"""Imports checked or applied before the row-by-row report had a table of
its own kept it as two JSON lists on the run (``outcomes``, ``problems``).
This moves each run's lists into ``ImportReportRow`` rows (report 1), a
row of the file to a report row with its problems, and takes the address
of a home out of the record's words into the address column, which only
people who may see addresses are shown. Written by hand: a data migration
Django cannot make. Going back leaves the lists as they are."""

import re

from django.db import migrations

from keyring_net.tenancy import all_organisations

# "Ann Smith (M-1), new home 12 Chapel Street, M19 3AB (postcode not found ...)"
NEW_HOME = ", new home "
# "12 Chapel Street, M19 3AB (H-1) (postcode not found ...)"
HOME_ROW = re.compile(r"^(?P<address>.*?) \((?P<reference>[^()]*)\)(?P<rest>.*)$")


def _split(kind, what):
    """(words without the address, the address)."""
    if kind == "members" and NEW_HOME in what:
        words, address = what.split(NEW_HOME, 1)
        note = ""
        if address.endswith(")") and " (" in address:
            address, note = address.split(" (", 1)
            note = f" ({note}"
        return f"{words}, new home{note}", address
    if kind == "homes" and (found := HOME_ROW.match(what)):
        return f"Home {found['reference']}{found['rest']}", found["address"]
    return what, ""


def move_reports(apps, schema_editor):
    ImportRun = apps.get_model("spreadsheets", "ImportRun")
    ImportReportRow = apps.get_model("spreadsheets", "ImportReportRow")
    with all_organisations():
        runs = ImportRun.objects.exclude(outcomes=[], problems=[]).filter(report_number=0)
        for run in runs.only("pk", "organisation_id", "kind", "outcomes", "problems").iterator():
            by_row = {}
            for problem in run.problems or []:
                by_row.setdefault(problem["row"], []).append(
                    {"column": problem["column"], "message": problem["message"]}
                )
            rows = []
            for outcome in run.outcomes or []:
                what, address = _split(run.kind, outcome.get("what", ""))
                rows.append(
                    ImportReportRow(
                        organisation_id=run.organisation_id,
                        run_id=run.pk,
                        report=1,
                        row=outcome["row"],
                        action=outcome["action"],
                        what=what,
                        address=address,
                        problems=by_row.pop(outcome["row"], []),
                    )
                )
            for number, problems in by_row.items():  # a problem with no outcome
                rows.append(
                    ImportReportRow(
                        organisation_id=run.organisation_id,
                        run_id=run.pk,
                        report=1,
                        row=number,
                        action="problem",
                        problems=problems,
                    )
                )
            ImportReportRow.objects.bulk_create(rows, batch_size=500)
            ImportRun.objects.filter(pk=run.pk).update(report_number=1)


class Migration(migrations.Migration):
    dependencies = [("spreadsheets", "0004_import_report_rows")]

    operations = [migrations.RunPython(move_reports, migrations.RunPython.noop)]
