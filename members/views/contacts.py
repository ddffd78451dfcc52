"""The contact log (quick on a phone), corrections after 24 hours, and the
support manager's out-of-hours handover."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from keyring_net.access import requires
from keyring_net.policy import Permission
from keyring_net.steps import change_from_form, saved
from members import looked, selectors
from members.forms import ContactForm, CorrectionForm
from members.models import Contact, RecordAccess
from members.services import record, support


def _active_members(actor):
    return selectors.members_for_viewer(actor).filter(status__in=selectors.CURRENT)


def _when(form, otherwise) -> dict:
    """The contact as the form gives it: when it happened, if left blank,
    is ``otherwise``."""
    data = form.cleaned_data
    return {**data, "happened_at": data["happened_at"] or otherwise}


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
    made = change_from_form(
        request,
        form,
        lambda: support.contact_record(actor=actor, **_when(form, timezone.now())),
        done=lambda contact: f"Saved: {contact.minutes} minutes with {contact.member}.",
    )
    if made.made:
        return redirect(_next(request, f"/members/{made.result.member_id}/"))
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
    looked.page_about(request, contact.member)
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
    made = change_from_form(
        request,
        form,
        lambda: support.contact_edit(
            actor=actor, contact=contact, **_when(form, contact.happened_at)
        ),
        done="Contact changed.",
    )
    if made.made:
        return redirect("members:detail", member_id=contact.member_id)
    return render(
        request, "members/contact_form.html", {"form": form, "editing": contact, "next": ""}
    )


@login_required
def contact_correct(request: HttpRequest, contact_id: int) -> HttpResponse:
    actor = request.actor
    contact = selectors.contact_get_for_viewer(actor=actor, contact_id=contact_id)
    form = CorrectionForm(request.POST or None)
    back = reverse("members:detail", args=[contact.member_id])
    looked.page_about(request, contact.member)
    said = "Correction added beside the original."
    return saved(
        request, form, support.contact_correct, done=said, to=back, contact=contact
    ) or render(request, "members/contact_correct.html", {"form": form, "contact": contact})


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
