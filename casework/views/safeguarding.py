"""Pages for safeguarding concerns: raising one (one short form on a
phone), the list of the concerns a person may see (open first, most urgent
first), a concern's page with the lead's forms, the organisation's leads,
and a member's own easy-read "I am worried".

A concern outside a person's audience is not found (404) on every page
(``concern_get_for_viewer``); each time its page is opened it is logged."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from casework.forms.safeguarding import (
    ActionForm,
    CloseForm,
    LeadForm,
    RaiseForm,
    ReferForm,
    TriageForm,
    WishesForm,
)
from casework.models import SafeguardingConcern, Task
from casework.selectors.safeguarding import (
    concern_actions,
    concern_get_for_viewer,
    concern_views,
    concerns_for_viewer,
    is_lead,
    lead_candidates,
    lead_get_for_viewer,
    leads_for_viewer,
    may_handle,
    members_to_raise_about,
    own_member_record,
)
from casework.selectors.tasks import follow_up_url, follow_ups_of, may_work_on_tasks
from casework.services import safeguarding
from keyring_net.access import requires
from keyring_net.pages import form_page
from keyring_net.policy import Permission
from keyring_net.steps import change_from_button, saved

RAISE = Permission.RAISE_SAFEGUARDING


def _url(concern: SafeguardingConcern) -> str:
    return reverse("safeguarding:detail", kwargs={"concern_id": concern.pk})


@requires(RAISE)
def concern_list(request: HttpRequest) -> HttpResponse:
    """The concerns the person may see: open first, most urgent first."""
    actor = request.actor
    rows = list(concerns_for_viewer(actor))
    return render(
        request,
        "casework/safeguarding/list.html",
        {
            "open": [c for c in rows if c.stage != SafeguardingConcern.Stage.CLOSED],
            "closed": [c for c in rows if c.stage == SafeguardingConcern.Stage.CLOSED],
            "is_lead": is_lead(actor),
        },
    )


@requires(RAISE)
def concern_raise(request: HttpRequest) -> HttpResponse:
    """The short form: who, what happened, what you did, how urgent."""
    actor = request.actor
    form = RaiseForm(request.POST or None, members=members_to_raise_about(actor))
    done = saved(
        request,
        form,
        safeguarding.concern_raise,
        done="Thank you. The concern is saved and the safeguarding leads have been told.",
        to=_url,
    )
    if done:
        return done
    return form_page(
        request,
        form,
        title="Raise a safeguarding concern",
        button="Save and tell the leads",
        back_url=reverse("safeguarding:list"),
        intro="If someone is in danger now, call 999 first.",
    )


@login_required
def concern_detail(request: HttpRequest, concern_id: int) -> HttpResponse:
    actor = request.actor
    concern = concern_get_for_viewer(actor=actor, concern_id=concern_id)
    safeguarding.concern_viewed(actor=actor, concern=concern)
    lead = is_lead(actor)
    handles = may_handle(actor, concern)
    kind = Task.Source.SAFEGUARDING
    return render(
        request,
        "casework/safeguarding/detail.html",
        {
            "concern": concern,
            "actions": list(concern_actions(concern)),
            "views": concern_views(concern) if lead else None,
            "handles": handles,
            "closed": concern.stage == SafeguardingConcern.Stage.CLOSED,
            "action_form": ActionForm(),
            "follow_ups": follow_ups_of(actor, kind, concern.pk),
            "follow_up_url": follow_up_url(
                kind, concern.pk, concern.member_id or concern.raised_by_member_id
            )
            if handles and may_work_on_tasks(actor)
            else "",
        },
    )


def _concern_form(
    request, concern_id, form_class, service, *, title, button, done, initial=None, lead=True
):
    """A form about one concern: 404 outside the audience, 403 for a lead's
    form to someone who only raised it, the service's refusals next to the
    fields, then back to the concern."""
    actor = request.actor
    concern = concern_get_for_viewer(actor=actor, concern_id=concern_id)
    if lead and not may_handle(actor, concern):
        raise PermissionDenied(safeguarding.NOT_HANDLER)
    form = form_class(request.POST or None, initial=initial(concern) if initial else None)
    made = saved(request, form, service, done=done, to=_url(concern), concern=concern)
    if made:
        return made
    return form_page(
        request,
        form,
        title=title,
        button=button,
        back_url=_url(concern),
        caption=f"Safeguarding concern about {concern.about}",
    )


@login_required
def concern_wishes(request: HttpRequest, concern_id: int) -> HttpResponse:
    return _concern_form(
        request,
        concern_id,
        WishesForm,
        safeguarding.concern_wishes,
        title="What the person wants",
        button="Save their wishes",
        done="Their wishes are saved.",
        initial=lambda c: {
            "wishes_asked": c.wishes_asked,
            "wishes": c.wishes,
            "wishes_not_asked_why": c.wishes_not_asked_why,
        },
    )


@login_required
def concern_triage(request: HttpRequest, concern_id: int) -> HttpResponse:
    return _concern_form(
        request,
        concern_id,
        TriageForm,
        safeguarding.concern_triage,
        title="Triage the concern",
        button="Save the decision",
        done="The decision is saved.",
        initial=lambda c: {
            "kind": c.kind,
            "urgency": c.urgency,
            "decision": c.decision,
            "reasons": c.decision_reasons,
        },
    )


@login_required
def concern_refer(request: HttpRequest, concern_id: int) -> HttpResponse:
    return _concern_form(
        request,
        concern_id,
        ReferForm,
        safeguarding.concern_refer,
        title="Referral to the council (section 42)",
        button="Save the referral",
        done="The referral is saved.",
        initial=lambda c: {
            "referred_on": c.referred_on,
            "referred_to": c.referred_to,
            "council_reference": c.council_reference,
            "council_decision": c.council_decision,
        },
    )


@login_required
def concern_action(request: HttpRequest, concern_id: int) -> HttpResponse:
    return _concern_form(
        request,
        concern_id,
        ActionForm,
        safeguarding.concern_action_add,
        title="Add what was done",
        button="Add it",
        done="Added to the timeline.",
        lead=False,
    )


@login_required
def concern_close(request: HttpRequest, concern_id: int) -> HttpResponse:
    return _concern_form(
        request,
        concern_id,
        CloseForm,
        safeguarding.concern_close,
        title="Close the concern",
        button="Close the concern",
        done="The concern is closed.",
    )


# --- Leads --------------------------------------------------------------------------------------


@requires(Permission.MANAGE_SAFEGUARDING_LEADS)
def leads(request: HttpRequest) -> HttpResponse:
    """The organisation's safeguarding leads, and a form to name one."""
    actor = request.actor
    form = LeadForm(request.POST or None, people=lead_candidates(actor))
    made = saved(
        request,
        form,
        safeguarding.lead_add,
        done=lambda lead: f"{lead.person} is a safeguarding lead.",
        to=reverse("safeguarding:leads"),
    )
    if made:
        return made
    rows = list(leads_for_viewer(actor))
    return render(
        request,
        "casework/safeguarding/leads.html",
        {
            "current": [r for r in rows if r.ended_at is None],
            "ended": [r for r in rows if r.ended_at is not None],
            "form": form,
        },
    )


@login_required
@require_POST
def lead_end(request: HttpRequest, lead_id: int) -> HttpResponse:
    actor = request.actor
    lead = lead_get_for_viewer(actor=actor, lead_id=lead_id)
    change_from_button(
        request,
        lambda: safeguarding.lead_end(actor=actor, lead=lead),
        done=f"{lead.person} is no longer a safeguarding lead.",
    )
    return redirect("safeguarding:leads")


# --- A member's "I am worried" ------------------------------------------------------------------


@requires(Permission.SAY_I_AM_WORRIED)
def my_worried(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    member = own_member_record(actor)
    errors: dict[str, str] = {}
    sent = {"about": "", "talk": "", "words": ""}
    if request.method == "POST":
        sent = {key: request.POST.get(key, "") for key in sent}
        try:
            safeguarding.worried_say(
                actor=actor,
                about=sent["about"],
                wants_to_talk=sent["talk"] == "yes",
                words=sent["words"],
            )
        except ValidationError as error:
            errors = {key: texts[0] for key, texts in error.message_dict.items()}
        else:
            return redirect("safeguarding:my-thanks")
    return render(
        request,
        "casework/safeguarding/my_worried.html",
        {"member": member, "errors": errors, "sent": sent},
    )


@requires(Permission.SAY_I_AM_WORRIED)
def my_worried_thanks(request: HttpRequest) -> HttpResponse:
    member = own_member_record(request.actor)
    return render(
        request,
        "casework/safeguarding/my_thanks.html",
        {"member": member, "manager": safeguarding.manager_first_name(member)},
    )
