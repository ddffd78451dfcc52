"""Tasks and the caseload: what each worker has to do, overdue first; add a
task by hand or as the follow-up of a contact or a plan review; change it,
mark it done or cancel it; the tasks about one member."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from casework.forms.tasks import CancelForm, TaskForm
from casework.models import Task
from casework.selectors import tasks as selectors
from casework.services import tasks as services
from keyring_net.access import requires
from keyring_net.pages import form_page
from keyring_net.policy import Permission
from keyring_net.steps import change_from_button, change_from_form, saved
from members import looked
from members.models import RecordAccess
from members.selectors import member_get_for_viewer
from members.services.record import record_member_access


def _number(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


def _form(request: HttpRequest, **kwargs) -> TaskForm:
    actor = request.actor
    return TaskForm(
        request.POST or None,
        owners=selectors.task_owners(actor),
        members=selectors.task_members(actor),
        networks=selectors.task_networks(actor),
        **kwargs,
    )


@requires(Permission.WORK_ON_TASKS)
def caseload(request: HttpRequest) -> HttpResponse:
    """What is due and overdue: a worker's own open tasks and planned
    visits; a manager's cluster's and an admin's organisation's tasks (and
    a manager's cluster's visits), by person and by member."""
    actor = request.actor
    team = selectors.sees_team(actor)
    owner_id = _number(request.GET.get("owner")) if team else None
    member_id = _number(request.GET.get("member")) if team else None
    today = timezone.localdate()
    caseload = selectors.caseload_for(actor, owner_id=owner_id, member_id=member_id, today=today)
    looked.page_listing(
        request,
        [row.member_id for group in caseload.groups for row in (*group.tasks, *group.visits)],
    )
    return render(
        request,
        "casework/tasks/caseload.html",
        {
            "caseload": caseload,
            "visits_shown": selectors.may_plan_visits(actor),
            "near_days": selectors.NEAR_DAYS,
            "today": today,
            "team": team,
            "owner_id": owner_id,
            "member_id": member_id,
        },
    )


@requires(Permission.WORK_ON_TASKS)
def task_add(request: HttpRequest) -> HttpResponse:
    """Add a task. A follow-up link sends ``member`` and ``source``
    ("contact:12", "safeguarding:4", "incident:5"): both are checked
    against what the person reaches, and anything else is refused in plain
    words, never trusted."""
    actor = request.actor
    given = request.POST.get("source") if request.method == "POST" else None
    given = request.GET.get("source", "") if given is None else given
    refused = ""
    try:
        source = selectors.source_for_viewer(actor, given)
    except LookupError as error:
        source, refused = None, str(error)
    member_id = (source and source.member_id) or _number(request.GET.get("member"))
    if member_id and not selectors.task_members(actor).filter(pk=member_id).exists():
        member_id = None
        refused = refused or "That member is not one you work with, so the task is not about them."
    initial = {"owner": actor.user.pk, "member": member_id}
    form = _form(request, initial=initial)
    if refused:
        messages.error(request, refused)
    back = source.link if source else reverse("tasks:caseload")
    return saved(
        request,
        form,
        lambda actor, **fields: services.task_create(
            actor,
            **fields,
            source_kind=source.kind if source else "",
            source_id=source.id if source else None,
            source_link=source.link if source else "",
        ),
        done=lambda task: f"The task is added: {task.title}.",
        to=lambda task: reverse("tasks:caseload"),
    ) or form_page(
        request,
        form,
        title="Add a follow-up task" if source else "Add a task",
        caption=dict(Task.Source.choices).get(source.kind, "") if source else "",
        button="Add the task",
        back_url=back,
        hidden={"source": given} if source else None,
    )


@login_required
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    actor = request.actor
    task = selectors.task_get_for_viewer(actor=actor, task_id=task_id)
    if task.member_id:
        record_member_access(actor=actor, member=task.member, channel=RecordAccess.Channel.PAGE)
    return render(
        request,
        "casework/tasks/detail.html",
        {
            "task": task,
            "today": timezone.localdate(),
            "source_shown": selectors.SourceSight(actor).sees(task),
        },
    )


@login_required
def task_change(request: HttpRequest, task_id: int) -> HttpResponse:
    actor = request.actor
    task = selectors.task_get_for_viewer(actor=actor, task_id=task_id)
    if task.member is not None:
        looked.page_about(request, task.member)
    here = reverse("tasks:detail", args=[task.pk])
    initial = {
        "title": task.title,
        "details": task.details,
        "owner": task.owner_id,
        "due_on": task.due_on,
        "member": task.member_id,
        "network": task.network_id,
    }
    form = _form(request, initial=initial)
    return saved(
        request, form, services.task_change, done="The task is changed.", to=here, task=task
    ) or form_page(
        request, form, title="Change the task", caption=task.title, button="Save", back_url=here
    )


@require_POST
@login_required
def task_done(request: HttpRequest, task_id: int) -> HttpResponse:
    actor = request.actor
    task = selectors.task_get_for_viewer(actor=actor, task_id=task_id)
    change_from_button(
        request,
        lambda: services.task_done(actor, task=task),
        done=lambda task: f"Done: {task.title}.",
    )
    if request.POST.get("next") == "caseload":
        return redirect("tasks:caseload")
    return redirect("tasks:detail", task_id=task.pk)


@login_required
def task_cancel(request: HttpRequest, task_id: int) -> HttpResponse:
    actor = request.actor
    task = selectors.task_get_for_viewer(actor=actor, task_id=task_id)
    here = reverse("tasks:detail", args=[task.pk])
    form = CancelForm(request.POST or None)
    made = change_from_form(
        request,
        form,
        lambda: services.task_cancel(actor, task=task, reason=form.cleaned_data["reason"]),
        done="The task is cancelled. It is kept, with your reason.",
    )
    if made.made:
        return redirect(here)
    return form_page(
        request,
        form,
        title="Cancel the task",
        caption=task.title,
        button="Cancel the task",
        back_url=here,
    )


@login_required
def member_tasks(request: HttpRequest, member_id: int) -> HttpResponse:
    """Tasks about one member, open ones first. Looking is logged on their
    record."""
    actor = request.actor
    member = member_get_for_viewer(
        actor=actor, member_id=member_id, permission=Permission.WORK_ON_TASKS
    )
    record_member_access(actor=actor, member=member, channel=RecordAccess.Channel.PAGE)
    return render(
        request,
        "casework/tasks/member.html",
        {
            "member": member,
            "tasks": selectors.tasks_about_member(actor=actor, member=member),
            "today": timezone.localdate(),
        },
    )
