"""Incidents and accidents: record one on a phone (a draft first if need
be), the incident's page with its review and actions, and the list for
managers, filtered by state, type and severity."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from casework.forms.incidents import ActionForm, FilterForm, IncidentForm, ReviewForm, initial_of
from casework.models import Task
from casework.selectors import incidents as selectors
from casework.selectors.tasks import follow_up_url, follow_ups_of, may_work_on_tasks
from casework.services import incidents as services
from keyring_net.access import require, requires
from keyring_net.models import Role
from keyring_net.pages import form_page
from keyring_net.policy import Permission, can
from keyring_net.steps import change_from_button, change_from_form, saved
from members.models import RecordAccess
from members.services.record import record_members_access


def _log_members(actor, incidents) -> None:
    """Each member an incident page shows is logged as a look at their
    record (one insert)."""
    record_members_access(
        actor=actor,
        members=[m.pk for incident in incidents for m in incident.members.all()],
        channel=RecordAccess.Channel.PAGE,
    )


@requires(Permission.VIEW_INCIDENTS)
def incident_list(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    filters = FilterForm(request.GET or None)
    incidents = list(selectors.incidents_for_viewer(actor, **filters.chosen()))
    _log_members(actor, incidents)
    return render(
        request,
        "casework/incidents/list.html",
        {
            "incidents": incidents,
            "filters": filters,
            "records": can(actor, Permission.RECORD_INCIDENTS),
            "card": selectors.incident_card(actor) if _oversees(actor) else None,
        },
    )


def _oversees(actor) -> bool:
    """Support managers and admins see the counts card above the list."""
    return can(actor, Permission.REVIEW_INCIDENTS) or actor.has_role(Role.ORG_ADMIN)


def _incident_form(request, actor, **kwargs) -> IncidentForm:
    return IncidentForm(
        request.POST if request.method == "POST" else None,
        members=selectors.members_to_name(actor),
        staff=selectors.staff_to_name(actor),
        networks=selectors.networks_to_choose(actor),
        **kwargs,
    )


def _writing_page(request, form, *, title: str, back_url: str, caption: str = "") -> HttpResponse:
    return render(
        request,
        "casework/incidents/write.html",
        {"form": form, "title": title, "back_url": back_url, "caption": caption},
    )


def _said(incident) -> str:
    if incident.state == incident.State.DRAFT:
        return "Saved as a draft. Record it when it is finished."
    return "The incident is recorded. Your support manager will review it."


@requires(Permission.RECORD_INCIDENTS)
def incident_add(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    form = _incident_form(request, actor)
    made = change_from_form(
        request,
        form,
        lambda: services.incident_start(
            actor=actor, details=form.details(), record="record" in request.POST
        ),
        done=_said,
    )
    if made.made:
        return redirect("incidents:detail", incident_id=made.result.pk)
    return _writing_page(
        request, form, title="Record an incident", back_url=reverse("incidents:list")
    )


@login_required
def incident_detail(request: HttpRequest, incident_id: int) -> HttpResponse:
    actor = request.actor
    incident = selectors.incident_get_for_viewer(actor=actor, incident_id=incident_id)
    _log_members(actor, [incident])
    reviews = can(actor, Permission.REVIEW_INCIDENTS)
    actions = list(incident.actions.all())
    members = list(incident.members.all())
    kind = Task.Source.INCIDENT
    return render(
        request,
        "casework/incidents/detail.html",
        {
            "incident": incident,
            "actions": actions,
            "reviews": reviews,
            "may_change": services.may_change(actor, incident),
            "follow_ups": follow_ups_of(actor, kind, incident.pk),
            "follow_up_url": follow_up_url(
                kind, incident.pk, members[0].pk if len(members) == 1 else None
            )
            if may_work_on_tasks(actor)
            else "",
        },
    )


@login_required
def incident_edit(request: HttpRequest, incident_id: int) -> HttpResponse:
    actor = request.actor
    incident = selectors.incident_get_for_viewer(
        actor=actor, incident_id=incident_id, permission=Permission.RECORD_INCIDENTS
    )
    here = reverse("incidents:detail", args=[incident.pk])
    if not services.may_change(actor, incident):
        raise PermissionDenied(
            "Only the person who started this draft, or a manager, can change it."
        )
    if request.method == "GET":
        _log_members(actor, [incident])
    form = _incident_form(request, actor, initial=initial_of(incident))
    made = change_from_form(
        request,
        form,
        lambda: services.incident_change(
            actor=actor, incident=incident, details=form.details(), record="record" in request.POST
        ),
        done=_said,
    )
    if made.made:
        return redirect(here)
    return _writing_page(
        request, form, title="Finish the incident", back_url=here, caption=str(incident)
    )


@login_required
def incident_review(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident = selectors.incident_get_for_viewer(
        actor=request.actor, incident_id=incident_id, permission=Permission.REVIEW_INCIDENTS
    )
    here = reverse("incidents:detail", args=[incident.pk])
    form = ReviewForm(request.POST or None, initial={"findings": incident.review_findings})
    return saved(
        request,
        form,
        services.incident_review,
        done="The review is saved.",
        to=here,
        incident=incident,
    ) or form_page(
        request,
        form,
        title="Review the incident",
        caption=str(incident),
        button="Save the review",
        back_url=here,
    )


@login_required
def action_add(request: HttpRequest, incident_id: int) -> HttpResponse:
    actor = request.actor
    incident = selectors.incident_get_for_viewer(
        actor=actor, incident_id=incident_id, permission=Permission.REVIEW_INCIDENTS
    )
    here = reverse("incidents:detail", args=[incident.pk])
    form = ActionForm(request.POST or None, owners=selectors.staff_to_name(actor))
    return saved(
        request,
        form,
        services.incident_action_add,
        done="The action is added.",
        to=here,
        incident=incident,
    ) or form_page(
        request,
        form,
        title="Add an action",
        caption=str(incident),
        button="Add the action",
        back_url=here,
    )


@login_required
@require_POST
def action_done(request: HttpRequest, incident_action_id: int) -> HttpResponse:
    actor = request.actor
    action = selectors.incident_action_get_for_viewer(actor=actor, action_id=incident_action_id)
    change_from_button(
        request,
        lambda: services.incident_action_done(actor=actor, action=action),
        done="The action is marked done.",
    )
    return redirect("incidents:detail", incident_id=action.incident_id)


@login_required
@require_POST
def incident_close(request: HttpRequest, incident_id: int) -> HttpResponse:
    actor = request.actor
    incident = selectors.incident_get_for_viewer(
        actor=actor, incident_id=incident_id, permission=Permission.REVIEW_INCIDENTS
    )
    require(actor, Permission.REVIEW_INCIDENTS)
    change_from_button(
        request,
        lambda: services.incident_close(actor=actor, incident=incident),
        done="The incident is closed.",
    )
    return redirect("incidents:detail", incident_id=incident.pk)
