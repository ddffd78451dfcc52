"""Staff pages for documents: a record's documents, adding one, one
document (with who downloaded it), the download, and withdrawing one.

Each page finds the record the document is attached to through its app's
own reach (``selectors.attached_get_for_viewer``), so a document is "not
found" to anyone who cannot see the record, exactly like the record."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from documents import selectors, services
from documents.forms import UploadForm, WithdrawForm
from documents.uploads import receive_on
from keyring_net.pages import form_page
from keyring_net.steps import change_from_form

PAGE = "page"


@login_required
def attached_list(request: HttpRequest, kind: str, **ids: int) -> HttpResponse:
    actor = request.actor
    entry, row = selectors.attached_get_for_viewer(
        actor=actor, kind=kind, object_id=next(iter(ids.values()))
    )
    documents = list(selectors.documents_of(actor=actor, entry=entry, row=row))
    if entry.looked_at is not None:
        entry.looked_at(actor, row, PAGE)
    return render(
        request,
        "documents/list.html",
        {
            "entry": entry,
            "row": row,
            "row_name": entry.name(row),
            "row_url": entry.link(row),
            "documents": documents,
            "add_url": reverse(f"documents:{kind}-add", kwargs=ids)
            if selectors.may_attach(actor, entry)
            else "",
        },
    )


@csrf_exempt
@login_required
def attached_add(request: HttpRequest, kind: str, **ids: int) -> HttpResponse:
    """Reads the file its own way (``documents.uploads``) before the form is
    read, so the CSRF check runs inside, in ``_attached_add``."""
    received = receive_on(request)
    return _attached_add(request, kind, received, **ids)


@csrf_protect
def _attached_add(request, kind, received, **ids) -> HttpResponse:
    actor = request.actor
    entry, row = selectors.attached_get_for_viewer(
        actor=actor, kind=kind, object_id=next(iter(ids.values())), attach=True
    )
    posted = request.method == "POST"
    if not posted and entry.looked_at is not None:
        entry.looked_at(actor, row, PAGE)
    form = UploadForm(request.POST, request.FILES) if posted else UploadForm()
    made = change_from_form(
        request,
        form,
        lambda: services.document_upload(
            actor=actor,
            entry=entry,
            row=row,
            title=form.cleaned_data["title"],
            category=form.cleaned_data["category"],
            received=received,
        ),
        done=lambda document: f"“{document.title}” is kept with the record.",
    )
    if made.made:
        return redirect(entry.link(row) + "#documents")
    if posted and "file" not in form.errors:
        # The title or category was missing: check the file as well, so
        # every problem shows at once.
        try:
            services.check_received(received)
        except ValidationError as error:
            form.add_error("file", error.message_dict["file"][0])
    return form_page(
        request,
        form,
        title="Add a document",
        caption=f"{entry.label.capitalize()}: {entry.name(row)}",
        button="Keep this document",
        back_url=entry.link(row),
    )


@login_required
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    actor = request.actor
    document = selectors.document_get_for_viewer(actor=actor, document_id=document_id)
    services.document_looked_at(actor=actor, document=document, channel=PAGE)
    entry = document.entry
    return render(
        request,
        "documents/detail.html",
        {
            "document": document,
            "entry": entry,
            "row": document.attached,
            "row_name": entry.name(document.attached),
            "row_url": entry.link(document.attached),
            "downloads": list(selectors.downloads_of(actor=actor, document=document)[:20]),
            "may_withdraw": selectors.may_attach(actor, entry) and not document.withdrawn_at,
        },
    )


@login_required
def document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    actor = request.actor
    document = selectors.document_get_for_viewer(actor=actor, document_id=document_id)
    services.document_downloaded(actor=actor, document=document, channel=PAGE)
    return file_response(document)


def file_response(document) -> FileResponse:
    """The file as a download, never shown in the browser: its checked
    type, ``nosniff``, a safe name, and not kept in any cache."""
    response = FileResponse(
        services.open_file(document),
        as_attachment=True,
        filename=services.safe_download_name(document),
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # Nothing in a downloaded file may run, be framed or load anything, even
    # if a browser opens it in place of saving it.
    response["Content-Security-Policy"] = (
        "default-src 'none'; script-src 'none'; object-src 'none'; frame-ancestors 'none'; sandbox"
    )
    return response


@login_required
def document_withdraw(request: HttpRequest, document_id: int) -> HttpResponse:
    actor = request.actor
    document = selectors.document_get_for_viewer(actor=actor, document_id=document_id, attach=True)
    if request.method == "GET":
        services.document_looked_at(actor=actor, document=document, channel=PAGE)
    form = WithdrawForm(request.POST or None)
    made = change_from_form(
        request,
        form,
        lambda: services.document_withdraw(
            actor=actor, document=document, reason=form.cleaned_data["reason"]
        ),
        done=f"“{document.title}” is withdrawn. It is kept for the record, but no longer listed.",
    )
    if made.made:
        return redirect(document.entry.link(document.attached) + "#documents")
    return form_page(
        request,
        form,
        title=f"Withdraw “{document.title}”",
        caption=f"{document.entry.label.capitalize()}: {document.entry.name(document.attached)}",
        intro="Withdraw a document added by mistake. It stays in the records, with who "
        "withdrew it and why, but no longer shows in lists.",
        button="Withdraw this document",
        back_url=reverse("documents:detail", args=[document.pk]),
        show_form=document.withdrawn_at is None,
    )
