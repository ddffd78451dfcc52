"""Organisation admin pages: people, their roles, invitations, deactivation,
and each person's audit trail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from keyring_net import audit, selectors, services
from keyring_net.access import requires
from keyring_net.forms import InviteForm, RoleForm
from keyring_net.models import Role
from keyring_net.policy import Permission


@requires(Permission.ADMINISTER_PEOPLE)
def people_list(request: HttpRequest) -> HttpResponse:
    people = selectors.people_of_organisation(request.actor)
    return render(request, "keyring_net/people/list.html", {"people": people})


@requires(Permission.ADMINISTER_PEOPLE)
def person_invite(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    form = InviteForm(request.POST or None, scope_choices=selectors.scope_choices(actor))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        assignment = services.person_invite(
            actor=actor,
            email=data["email"],
            full_name=data["full_name"],
            role=Role(data["role"]),
            base_url=request.build_absolute_uri("/"),
            **form.scope(),
        )
        messages.success(request, f"We have e-mailed {data['email']} an invitation.")
        return redirect("people:detail", person_id=assignment.user_id)
    return render(request, "keyring_net/people/invite.html", {"form": form})


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = request.actor
    person = selectors.person_get_for_admin(actor=actor, person_id=person_id)
    form = RoleForm(request.POST or None, scope_choices=selectors.scope_choices(actor))
    if request.method == "POST" and form.is_valid():
        services.role_grant(
            actor=actor, person=person, role=Role(form.cleaned_data["role"]), **form.scope()
        )
        messages.success(request, f"{person.full_name} has the new role.")
        return redirect("people:detail", person_id=person.pk)
    return render(request, "keyring_net/people/detail.html", {"person": person, "form": form})


@login_required
@require_POST
def role_end(request: HttpRequest, person_id: int, assignment_id: int) -> HttpResponse:
    actor = request.actor
    person = selectors.person_get_for_admin(actor=actor, person_id=person_id)
    assignment = selectors.assignment_get_for_admin(
        actor=actor, person=person, assignment_id=assignment_id
    )
    try:
        services.role_end(actor=actor, assignment=assignment)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"{person.full_name} no longer has that role.")
    return redirect("people:detail", person_id=person.pk)


@login_required
@require_POST
def person_deactivate(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = request.actor
    person = selectors.person_get_for_admin(actor=actor, person_id=person_id)
    services.person_deactivate(actor=actor, person=person)
    messages.success(
        request,
        f"{person.full_name} is deactivated: their roles here have ended and they are "
        "signed out everywhere. Their records stay.",
    )
    return redirect("people:detail", person_id=person.pk)


@login_required
def person_trail(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = request.actor
    person = selectors.person_get_for_admin(actor=actor, person_id=person_id)
    return render(
        request,
        "keyring_net/people/trail.html",
        {"person": person, "events": audit.trail_of_person(actor=actor, person=person)},
    )
