"""The organisation admin's import pages: the file, the match of its
columns, the dry run, applying it, the history of imports, the error
report as a CSV file, and undoing an import."""

from __future__ import annotations

import csv
from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from keyring_net.access import requires
from keyring_net.pages import form_page
from keyring_net.policy import Permission
from keyring_net.steps import change_from_button, change_from_form
from spreadsheets.forms.imports import MatchForm, UploadForm
from spreadsheets.models import ImportRun
from spreadsheets.selectors.imports import import_get_for_admin, imports_of_organisation
from spreadsheets.services.imports import runs
from spreadsheets.services.imports.engine import problem_text

# The dry run shows this many rows on the page; the report has them all.
ROWS_SHOWN = 500


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
    problems = [problem_text(p) for p in run.problems[:ROWS_SHOWN]]
    return render(
        request,
        "spreadsheets/imports/detail.html",
        {
            "run": run,
            "form": form,
            "problems": problems,
            "outcomes": run.outcomes[:ROWS_SHOWN],
            "more_rows": max(0, len(run.outcomes) - ROWS_SHOWN),
            "more_problems": max(0, len(run.problems) - ROWS_SHOWN),
            "done": runs.progress_of(run) if run.is_busy else 0,
            "undo_note": runs.undo_note(run.kind),
        },
    )


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


def _safe(cell) -> str:
    """A cell a spreadsheet program will show, never work out."""
    text = str(cell)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def import_report(request: HttpRequest, run_id: int) -> HttpResponse:
    """Every problem the import found, as a CSV file."""
    run = import_get_for_admin(actor=request.actor, run_id=run_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-problems.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["Row", "Column", "Problem"])
    for problem in run.problems:
        writer.writerow([problem["row"], _safe(problem["column"]), _safe(problem["message"])])
    return response
