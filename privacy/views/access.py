"""Subject access pages: staff's list of open requests, logging one, a
request's review (what the copy holds, removing what is about someone
else) and release; the member's own easy-read pages (ask, see how it is
going, download)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from keyring_net.access import not_found, require, requires
from keyring_net.forms import apply_service_errors
from keyring_net.models import Role
from keyring_net.pages import form_page
from keyring_net.policy import Permission
from keyring_net.steps import change_from_button, saved
from members.selectors import own_member_record
from privacy.forms.access import RedactionForm, RequestForm
from privacy.selectors.access import (
    members_for_requests,
    open_requests_for_viewer,
    own_request_get,
    own_requests,
    release_of,
    released_requests_for_viewer,
    request_get_for_viewer,
)
from privacy.services import access as services

HANDLE = Permission.HANDLE_SUBJECT_ACCESS
# Kinds of record a reviewer goes through item by item: where other
# people's names and words are most likely.
REVIEWED = (
    "members.Contact",
    "casework.SafeguardingConcern",
    "casework.ConcernAction",
    "casework.Incident",
    "casework.IncidentAction",
    "documents.Document",
)


@requires(HANDLE)
def request_list(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    return render(
        request,
        "privacy/list.html",
        {
            "open": list(open_requests_for_viewer(actor)),
            "released": list(released_requests_for_viewer(actor)),
            "today": timezone.localdate(),
        },
    )


@requires(HANDLE)
def request_new(request: HttpRequest) -> HttpResponse:
    form = RequestForm(
        request.POST if request.method == "POST" else None,
        members=members_for_requests(request.actor),
        initial={"received_on": timezone.localdate()},
    )
    done = saved(
        request,
        form,
        services.request_log,
        done=lambda made: f"Request logged. The copy is due by {made.due_on:%-d %B %Y}.",
        to=lambda made: reverse("privacy:detail", args=[made.pk]),
    )
    return done or form_page(
        request,
        form,
        title="Log a request for a copy of records",
        button="Log the request",
        back_url=reverse("privacy:list"),
        intro="When a member asks for a copy of their records, in any way, log it here.",
    )


def _review_page(request, access, *, failed=None, status=200) -> HttpResponse:
    """The request's page: what the copy holds, the kinds a reviewer goes
    through item by item, and a failed removal's form with its errors."""
    collection = services.review(actor=request.actor, request=access)
    reviewed = [s for s in collection.sections if s.key in REVIEWED and s.items]
    return render(
        request,
        "privacy/detail.html",
        {
            "access": access,
            "collection": collection,
            "reviewed": reviewed,
            "failed": failed,
            "failed_at": f"{failed.data.get('section')}:{failed.data.get('item_id')}"
            if failed
            else "",
            "removed": sum(len(i.removed) for s in collection.sections for i in s.items),
            "release": release_of(access) if access.status == access.Status.RELEASED else None,
        },
        status=status,
    )


@login_required
def request_detail(request: HttpRequest, access_request_id: int) -> HttpResponse:
    access = request_get_for_viewer(actor=request.actor, request_id=access_request_id)
    return _review_page(request, access)


@require_POST
@login_required
def request_redact(request: HttpRequest, access_request_id: int) -> HttpResponse:
    access = request_get_for_viewer(actor=request.actor, request_id=access_request_id)
    form = RedactionForm(request.POST)
    if form.is_valid():
        try:
            services.redaction_add(actor=request.actor, request=access, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            item = form.cleaned_data["item_id"]
            return redirect(reverse("privacy:detail", args=[access.pk]) + f"#item-{item}")
    return _review_page(request, access, failed=form, status=400)


@require_POST
@login_required
def request_release(request: HttpRequest, access_request_id: int) -> HttpResponse:
    access = request_get_for_viewer(actor=request.actor, request_id=access_request_id)
    change_from_button(
        request,
        lambda: services.request_release(actor=request.actor, request=access),
        done="Released. The member has been told their copy is ready.",
    )
    return redirect("privacy:detail", access.pk)


def _archive(release) -> HttpResponse:
    if release is None:
        raise not_found()
    response = HttpResponse(bytes(release.archive), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{release.file_name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def request_download(request: HttpRequest, access_request_id: int) -> HttpResponse:
    access = request_get_for_viewer(actor=request.actor, request_id=access_request_id)
    release = release_of(access)
    services.copy_downloaded(actor=request.actor, request=access)
    return _archive(release)


def notice(request: HttpRequest) -> HttpResponse:
    """The privacy notice in easy read: what is kept, why, who sees it,
    for how long, and the member's rights. Anyone may read it (a member
    before they sign in, a supporter); a member reaches it from every page
    of theirs. It names the organisation of whoever is signed in."""
    actor = request.actor
    member = own_member_record(actor) if actor.has_role(Role.MEMBER) else None
    return render(
        request,
        "privacy/notice.html",
        {"organisation": actor.organisation, "member": member},
    )


@requires(Permission.ASK_FOR_OWN_RECORDS)
def my_records(request: HttpRequest) -> HttpResponse:
    member = own_member_record(request.actor)
    return render(
        request,
        "privacy/my_records.html",
        {"member": member, "requests": list(own_requests(request.actor)[:10])},
    )


@requires(Permission.ASK_FOR_OWN_RECORDS)
def my_ask(request: HttpRequest) -> HttpResponse:
    member = own_member_record(request.actor)
    if request.method == "POST":
        services.request_ask_own(actor=request.actor)
        return redirect("privacy:my")
    return render(request, "privacy/my_ask.html", {"member": member})


@login_required
def my_download(request: HttpRequest, access_request_id: int) -> HttpResponse:
    # Found first: a request that is not the person's own is "not found",
    # whoever asks (staff download through the request's own page).
    access = own_request_get(actor=request.actor, request_id=access_request_id)
    require(request.actor, Permission.ASK_FOR_OWN_RECORDS)
    return _archive(release_of(access))
