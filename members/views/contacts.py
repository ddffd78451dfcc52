"""The contact log (quick on a phone), corrections after 24 hours, and the
support manager's out-of-hours handover."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from keyring_net.access import requires
from keyring_net.policy import Permission
from members import selectors
from members.forms import ContactForm, CorrectionForm
from members.models import Contact, RecordAccess
from members.services import record, support
from members.views.saving import saved


def _active_members(actor):
    return selectors.members_for_viewer(actor).filter(status__in=selectors.CURRENT)


def _next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return default
    return target


@requires(Permission.RECORD_CONTACTS)
def contact_add(request: HttpRequest) -> HttpResponse:
    """Log a contact in under 30 seconds: member, how, how long, Save."""
    actor = request.actor
    members = _active_members(actor)
    initial = {"member": request.GET.get("member"), "method": Contact.Method.VISIT, "minutes": 30}
    form = ContactForm(request.POST or None, initial=initial, members=members)
    if request.method == "POST" and form.is_valid():
        data = {
            **form.cleaned_data,
            "happened_at": form.cleaned_data["happened_at"] or timezone.now(),
        }
        contact = saved(form, lambda: support.contact_record(actor=actor, **data))
        if contact is not None:
            messages.success(request, f"Saved: {contact.minutes} minutes with {contact.member}.")
            return redirect(_next(request, f"/members/{contact.member_id}/"))
    return render(
        request,
        "members/contact_form.html",
        {"form": form, "editing": None, "next": _next(request, "")},
    )


@login_required
def contact_edit(request: HttpRequest, contact_id: int) -> HttpResponse:
    actor = request.actor
    contact = selectors.contact_get_for_viewer(actor=actor, contact_id=contact_id)
    if not support.contact_is_editable(actor=actor, contact=contact):
        messages.info(
            request,
            "This contact can no longer be changed. Add a correction "
            "instead: the original stays as it was written.",
        )
        return redirect("members:contact-correct", contact_id=contact.pk)
    initial = {
        "member": contact.member,
        "method": contact.method,
        "minutes": contact.minutes,
        "topics": contact.topics,
        "notes": contact.notes,
        "peer": contact.peer,
        "happened_at": timezone.localtime(contact.happened_at),
    }
    form = ContactForm(request.POST or None, initial=initial, members=_active_members(actor))
    if request.method == "POST" and form.is_valid():
        data = {
            **form.cleaned_data,
            "happened_at": form.cleaned_data["happened_at"] or contact.happened_at,
        }
        if saved(form, lambda: support.contact_edit(actor=actor, contact=contact, **data)):
            messages.success(request, "Contact changed.")
            return redirect("members:detail", member_id=contact.member_id)
    return render(
        request, "members/contact_form.html", {"form": form, "editing": contact, "next": ""}
    )


@login_required
def contact_correct(request: HttpRequest, contact_id: int) -> HttpResponse:
    actor = request.actor
    contact = selectors.contact_get_for_viewer(actor=actor, contact_id=contact_id)
    form = CorrectionForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(
            form,
            lambda: support.contact_correct(actor=actor, contact=contact, **form.cleaned_data),
        )
    ):
        messages.success(request, "Correction added beside the original.")
        return redirect("members:detail", member_id=contact.member_id)
    return render(request, "members/contact_correct.html", {"form": form, "contact": contact})


@requires(Permission.VIEW_DASHBOARD)
def handover(request: HttpRequest) -> HttpResponse:
    """Out-of-hours calls since the last handover, each with the member's
    crisis plan a tap away. The calls' notes are shown, so each member on
    the list is logged on their record."""
    actor = request.actor
    calls = selectors.handover_list(actor)
    record.record_members_access(
        actor=actor, members=[call.member_id for call in calls], channel=RecordAccess.Channel.PAGE
    )
    return render(request, "members/handover.html", {"calls": calls})


@login_required
@require_POST
def handover_done(request: HttpRequest, contact_id: int) -> HttpResponse:
    actor = request.actor
    contact = selectors.contact_get_for_viewer(actor=actor, contact_id=contact_id)
    support.handover_done(actor=actor, contact=contact)
    messages.success(request, f"Handed over: the call with {contact.member}.")
    return redirect("members:handover")
