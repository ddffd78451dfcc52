"""Staff pages for plans: plan versions written with the member, their
parts, and the worker's agreement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from keyring_net.pages import form_page
from keyring_net.policy import Permission, can
from keyring_net.steps import saved
from members import looked
from support_plans.forms import plans as plan_forms
from support_plans.selectors import reach
from support_plans.selectors.plans import plan_page
from support_plans.services import parts
from support_plans.services.plans import plan_agree, plan_changes, plan_start
from support_plans.stars import ensure_default_template


@login_required
def plan(request: HttpRequest, member_id: int) -> HttpResponse:
    actor = request.actor
    member = reach.member_get_for_plans(actor=actor, member_id=member_id)
    if request.method == "POST" and request.POST.get("action") == "start":
        if not can(actor, Permission.WRITE_PLANS):
            raise PermissionDenied("Your role does not allow this.")
        plan_start(actor=actor, member=member)
        messages.success(request, "A new version is open to write together.")
        return redirect("plans:plan", member_id=member.pk)
    return _plan_page(request, member)


@login_required
def plan_version(request: HttpRequest, plan_id: int) -> HttpResponse:
    version = reach.plan_get_for_viewer(actor=request.actor, plan_id=plan_id)
    return _plan_page(request, version.member, version)


def _goal_ids(goal_id: int) -> str:
    return f"id_goal{goal_id}_%s"


def _plan_page(request, member, version=None, forms=None):
    actor = request.actor
    looked.page_about(request, member)
    page = plan_page(actor=actor, member=member, plan=version)
    template = ensure_default_template(actor.organisation)
    diff = plan_changes(page.plan) if page.plan is not None else []
    forms = forms or {}
    for goal in page.goals:
        # Each goal has its own action form, with its own field ids; the
        # one that failed keeps what was typed and its messages.
        failed = forms.get("goal_id") == goal.pk
        goal.action_form = (
            forms["action"] if failed else plan_forms.ActionForm(auto_id=_goal_ids(goal.pk))
        )
    return render(
        request,
        "support_plans/plan.html",
        {
            "member": member,
            "page": page,
            "diff": diff,
            "can_write": can(actor, Permission.WRITE_PLANS),
            "goal_form": forms.get("goal") or plan_forms.GoalForm(areas=template.areas.all()),
            "progress_form": plan_forms.ProgressForm(),
            "risk_form": forms.get("risk") or plan_forms.RiskForm(),
            "failed_goal": forms.get("goal_id"),
        },
    )


def _version_to_write(request, plan_id: int):
    return reach.plan_get_for_viewer(
        actor=request.actor, plan_id=plan_id, permission=Permission.WRITE_PLANS
    )


def _plan_url(plan) -> str:
    return reverse("plans:plan", kwargs={"member_id": plan.member_id})


@login_required
@require_POST
def goal_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    version = _version_to_write(request, plan_id)
    areas = ensure_default_template(request.actor.organisation).areas.all()
    form = plan_forms.GoalForm(request.POST, areas=areas)
    done = saved(
        request, form, parts.goal_add, done="Goal added.", to=_plan_url(version), plan=version
    )
    return done or _plan_page(request, version.member, version, {"goal": form})


@login_required
@require_POST
def action_add(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = reach.goal_get_for_viewer(actor=request.actor, goal_id=goal_id)
    form = plan_forms.ActionForm(request.POST, auto_id=_goal_ids(goal.pk))
    done = saved(
        request, form, parts.action_add, done="Action added.", to=_plan_url(goal.plan), goal=goal
    )
    return done or _plan_page(
        request, goal.plan.member, goal.plan, {"action": form, "goal_id": goal.pk}
    )


@login_required
@require_POST
def progress_add(request: HttpRequest, goal_id: int) -> HttpResponse:
    actor = request.actor
    goal = reach.goal_get_for_viewer(actor=actor, goal_id=goal_id)
    form = plan_forms.ProgressForm(request.POST)
    if form.is_valid():
        parts.progress_note_add(actor=actor, goal=goal, text=form.cleaned_data["text"])
        messages.success(request, "Progress noted.")
    else:
        messages.error(request, "Write what has happened before saving progress.")
    return redirect("plans:plan", member_id=goal.plan.member_id)


@login_required
@require_POST
def risk_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    version = _version_to_write(request, plan_id)
    form = plan_forms.RiskForm(request.POST)
    done = saved(
        request,
        form,
        parts.risk_add,
        done="Added to the risk plan.",
        to=_plan_url(version),
        plan=version,
    )
    return done or _plan_page(request, version.member, version, {"risk": form})


def _section_form(request, plan_id, form_class, service, instance_attr, title):
    version = _version_to_write(request, plan_id)
    instance = getattr(version, instance_attr, None) if hasattr(version, instance_attr) else None
    form = form_class(request.POST or None, instance=instance)
    looked.page_about(request, version.member)
    return saved(
        request, form, service, done=f"{title} saved.", to=_plan_url(version), plan=version
    ) or form_page(
        request,
        form,
        title=title,
        button="Save",
        caption=version.member.full_name,
        back_url=_plan_url(version),
    )


@login_required
def budget(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _section_form(
        request, plan_id, plan_forms.BudgetForm, parts.budget_set, "budget", "Personal budget"
    )


@login_required
def crisis(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _section_form(
        request, plan_id, plan_forms.CrisisForm, parts.crisis_set, "crisis", "Crisis plan"
    )


@login_required
@require_POST
def agree(request: HttpRequest, plan_id: int) -> HttpResponse:
    version = _version_to_write(request, plan_id)
    try:
        plan_agree(actor=request.actor, plan=version, as_member=False)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "You have agreed this version as the worker.")
    return redirect("plans:plan", member_id=version.member_id)
