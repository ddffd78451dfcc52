"""The organisation admin's import pages: the file, the match of its
columns, the dry run, applying it, the history of imports, the error
report as a CSV file, and undoing an import."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from keyring_net.access import requires
from keyring_net.pages import form_page
from keyring_net.policy import Permission
from keyring_net.steps import change_from_button, change_from_form
from spreadsheets.exports_writing import write_csv
from spreadsheets.forms.imports import MatchForm, UploadForm
from spreadsheets.models import ImportRun
from spreadsheets.selectors.imports import (
    import_get_for_admin,
    imports_of_organisation,
    may_see_addresses,
    problem_rows,
    report_rows,
)
from spreadsheets.services.imports import runs
from spreadsheets.services.imports.engine import problem_text

# The report shows this many rows of the file a page; the problems list
# shows the first rows with problems, and the download has them all.
ROWS_A_PAGE = 100
PROBLEM_ROWS_SHOWN = 100


@requires(Permission.IMPORT_RECORDS)
def import_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "spreadsheets/imports/list.html",
        {"runs": imports_of_organisation(request.actor)},
    )


@requires(Permission.IMPORT_RECORDS)
def import_start(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)

    def start():
        upload = form.cleaned_data["file"]
        return runs.import_start(
            actor=request.actor,
            kind=form.cleaned_data["kind"],
            file_name=upload.name,
            data=upload.read(runs.MAX_FILE_BYTES + 1),
        )

    made = change_from_form(
        request, form, start, done="We have read the file. Check how its columns are matched."
    )
    if made.made:
        return redirect("imports:detail", run_id=made.result.pk)
    return form_page(
        request,
        form,
        title="Import records",
        button="Read the file",
        back_url=reverse("imports:list"),
        intro="Nothing is written until you have seen what the import would do.",
    )


@login_required
def import_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = import_get_for_admin(actor=request.actor, run_id=run_id)
    fields = runs.fields_of(run.kind)
    form = None
    if run.state in (ImportRun.State.MATCHING, ImportRun.State.FAILED):
        form = MatchForm(request.POST or None, run=run, fields=fields)
        match = partial(runs.import_match, actor=request.actor, run=run)
        made = change_from_form(
            request,
            form,
            lambda: match(columns=form.columns()),
            done="The file has been checked. Nothing is written yet.",
        )
        if made.made:
            return redirect("imports:detail", run_id=run.pk)
    context = {
        "run": run,
        "form": form,
        "done": runs.progress_of(run) if run.is_busy else 0,
        "addresses": may_see_addresses(request.actor),
        "undo_note": runs.undo_note(run.kind),
    }
    if run.report_number and not run.is_busy and form is None:
        shown = list(problem_rows(run).only("row", "problems")[:PROBLEM_ROWS_SHOWN])
        context["problems"] = [
            problem_text({"row": row.row, **problem}) for row in shown for problem in row.problems
        ]
        context["more_problems"] = max(0, run.problem_rows - len(shown))
        context["page"] = Paginator(report_rows(run), ROWS_A_PAGE).get_page(request.GET.get("page"))
        context["query"] = request.GET.copy()
    return render(request, "spreadsheets/imports/detail.html", context)


@login_required
def import_progress(request: HttpRequest, run_id: int) -> HttpResponse:
    """The progress bar, polled by htmx; the whole page again once done."""
    run = import_get_for_admin(actor=request.actor, run_id=run_id)
    if not run.is_busy:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("imports:detail", kwargs={"run_id": run.pk})
        return response
    return render(
        request,
        "spreadsheets/imports/progress.html",
        {"run": run, "done": runs.progress_of(run)},
    )


@login_required
@require_POST
def import_apply(request: HttpRequest, run_id: int) -> HttpResponse:
    run = import_get_for_admin(actor=request.actor, run_id=run_id)
    change_from_button(
        request,
        partial(runs.import_apply, actor=request.actor, run=run),
        done=lambda done: (
            "The import is being applied."
            if done.is_busy
            else f"Imported: {done.created} created, {done.updated} updated."
        ),
    )
    return redirect("imports:detail", run_id=run.pk)


@login_required
@require_POST
def import_undo(request: HttpRequest, run_id: int) -> HttpResponse:
    run = import_get_for_admin(actor=request.actor, run_id=run_id)
    change_from_button(
        request,
        partial(runs.import_undo, actor=request.actor, run=run),
        done="The import has been undone.",
    )
    return redirect("imports:detail", run_id=run.pk)


@login_required
def import_report(request: HttpRequest, run_id: int) -> FileResponse:
    """Every problem the import found, as a CSV file: written a row at a
    time to a file on disk and sent from there, so a large report is never
    held in memory. It holds no addresses."""
    run = import_get_for_admin(actor=request.actor, run_id=run_id)
    rows = problem_rows(run).only("row", "problems").iterator(chunk_size=1000)
    out, _count = write_csv(
        ["Row", "Column", "Problem"],
        ([row.row, p["column"], p["message"]] for row in rows for p in row.problems),
    )
    response = FileResponse(
        out,
        as_attachment=True,
        filename=f"import-{run.pk}-problems.csv",
        content_type="text/csv; charset=utf-8",
    )
    response["Cache-Control"] = "private, no-store"
    return response
