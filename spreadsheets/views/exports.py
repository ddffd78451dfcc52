"""The export page: what the person may export, as which kind of file, and
the organisation's exports so far. Only for people with the export
permission; anyone else gets 403, and the refusal is recorded."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from spreadsheets.forms.exports import ExportForm
from spreadsheets.models import ExportRecord
from spreadsheets.selectors.exports import EXPORTABLE, HISTORY_SHOWN, exports_for_viewer
from spreadsheets.services.exports import ExportFile, export_records, require_export

PAGE = ExportRecord.Channel.PAGE


def file_response(made: ExportFile) -> FileResponse:
    """The file as a download, never kept by a browser's or a proxy's cache."""
    response = FileResponse(
        made.file, as_attachment=True, filename=made.name, content_type=made.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def export_page(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    asked = request.POST.get("what", "")
    what = asked if asked in dict(EXPORTABLE) else ExportRecord.What.PAGE
    require_export(actor, what=what, channel=PAGE, format=request.POST.get("format", ""))
    form = ExportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        made = export_records(
            actor=actor,
            what=form.cleaned_data["what"],
            format=form.cleaned_data["format"],
            channel=PAGE,
        )
        return file_response(made)
    history = list(exports_for_viewer(actor)[:HISTORY_SHOWN])
    return render(
        request,
        "spreadsheets/exports/page.html",
        {
            "form": form,
            "exportable": [(ExportRecord.What(w).label, holds) for w, holds in EXPORTABLE],
            "history": history,
            "shown": HISTORY_SHOWN,
        },
    )
