"""Quality checks: plan a visit, record what the checkers found on their
phone, add actions and follow them up, and see every open action."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from keyring_net.access import require, requires
from keyring_net.pages import form_page
from keyring_net.policy import Permission, can
from keyring_net.steps import change_from_form, saved
from networks.selectors import networks_for_viewer
from outcomes.forms.quality import (
    ActionDoneForm,
    ActionForm,
    CheckForm,
    ChecklistForm,
    ChecklistItemForm,
    FindingsForm,
    checkers_of,
    staff_of,
)
from outcomes.selectors import quality as selectors
from outcomes.services import quality as services


@requires(Permission.VIEW_QUALITY_CHECKS)
def check_list(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    return render(
        request,
        "outcomes/quality/list.html",
        {
            "checks": list(selectors.checks_for_viewer(actor)),
            "records": can(actor, Permission.RECORD_QUALITY_CHECKS),
        },
    )


@requires(Permission.RECORD_QUALITY_CHECKS)
def check_add(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    default = services.ensure_default_checklist(actor.organisation)
    form = CheckForm(
        request.POST or None,
        initial={"checklist": default},
        networks=networks_for_viewer(actor),
        checklists=selectors.active_checklists(actor.organisation),
        checkers=checkers_of(actor.organisation),
    )
    return saved(
        request,
        form,
        services.check_plan,
        done=lambda check: f"The visit to {check.network.name} is planned.",
        to=lambda check: reverse("quality:check", args=[check.pk]),
    ) or form_page(
        request,
        form,
        title="Plan a quality check",
        button="Plan the visit",
        back_url=reverse("quality:list"),
    )


@login_required
def check_detail(request: HttpRequest, quality_check_id: int) -> HttpResponse:
    """The check: what was found (recorded here, item by item), and its
    actions."""
    actor = request.actor
    check = selectors.check_get_for_viewer(actor=actor, check_id=quality_check_id)
    records = can(actor, Permission.RECORD_QUALITY_CHECKS)
    form = FindingsForm(request.POST if request.method == "POST" else None, check=check)
    if request.method == "POST":
        require(actor, Permission.RECORD_QUALITY_CHECKS)
        made = change_from_form(
            request,
            form,
            lambda: services.check_record(
                actor=actor,
                check=check,
                findings=form.findings(),
                summary=form.cleaned_data["summary"],
            ),
            done="What you found is saved.",
        )
        if made.made:
            return redirect("quality:check", quality_check_id=check.pk)
    return render(
        request,
        "outcomes/quality/check.html",
        {"check": check, "form": form, "records": records},
    )


def _check_form(request, form, check_id: int, service, done: str, page: dict, **given):
    """A form page about one check: a valid form goes to ``service``, then
    back to the check. ``page``: its title, caption and button."""
    back_url = reverse("quality:check", args=[check_id])
    return saved(request, form, service, done=done, to=back_url, **given) or form_page(
        request, form, back_url=back_url, **page
    )


@login_required
def action_add(request: HttpRequest, quality_check_id: int) -> HttpResponse:
    actor = request.actor
    check = selectors.check_get_for_viewer(
        actor=actor, check_id=quality_check_id, permission=Permission.RECORD_QUALITY_CHECKS
    )
    form = ActionForm(request.POST or None, check=check, owners=staff_of(actor.organisation))
    page = {"title": "Add an action", "caption": str(check), "button": "Add the action"}
    said = "The action is added."
    return _check_form(request, form, check.pk, services.action_add, said, page, check=check)


@login_required
def action_done(request: HttpRequest, quality_action_id: int) -> HttpResponse:
    action = selectors.action_get_for_viewer(actor=request.actor, action_id=quality_action_id)
    form = ActionDoneForm(request.POST or None)
    page = {"title": "Mark the action done", "caption": action.text, "button": "Mark it done"}
    said = "The action is marked done."
    return _check_form(
        request, form, action.visit_id, services.action_done, said, page, action=action
    )


@requires(Permission.VIEW_QUALITY_CHECKS)
def actions_open(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "outcomes/quality/actions.html",
        {
            "actions": selectors.open_actions(request.actor),
            "today": timezone.localdate(),
            "records": can(request.actor, Permission.RECORD_QUALITY_CHECKS),
        },
    )


@requires(Permission.RECORD_QUALITY_CHECKS)
def checklists(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    services.ensure_default_checklist(actor.organisation)
    form = ChecklistForm(request.POST or None)
    done = saved(
        request,
        form,
        services.checklist_create,
        done=lambda checklist: f"{checklist.name} is made. Now add what to look at.",
        to=lambda checklist: reverse("quality:checklist", args=[checklist.pk]),
    )
    if done:
        return done
    return render(
        request,
        "outcomes/quality/checklists.html",
        {"checklists": list(selectors.checklists_for_viewer(actor)), "form": form},
    )


@login_required
def checklist_detail(request: HttpRequest, checklist_id: int) -> HttpResponse:
    actor = request.actor
    checklist = selectors.checklist_get_for_viewer(actor=actor, checklist_id=checklist_id)
    form = ChecklistItemForm(request.POST or None)
    here = reverse("quality:checklist", args=[checklist.pk])
    said = "The item is added."
    return saved(
        request, form, services.checklist_item_add, done=said, to=here, checklist=checklist
    ) or render(
        request,
        "outcomes/quality/checklist.html",
        {"checklist": checklist, "items": list(checklist.items.all()), "form": form},
    )
