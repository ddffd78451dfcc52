"""Organisation admin pages: people, their roles, invitations, deactivation,
and each person's audit trail."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from keyring_net import audit, roles, selectors, services
from keyring_net.access import requires
from keyring_net.forms import InviteForm, RoleForm, ScopeForm
from keyring_net.models import User
from keyring_net.pages import form_page
from keyring_net.policy import Permission
from keyring_net.steps import saved


@requires(Permission.ADMINISTER_PEOPLE)
def people_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "keyring_net/people/list.html",
        {"people": selectors.people_of_organisation(request.actor)},
    )


@requires(Permission.ADMINISTER_PEOPLE)
def person_invite(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    form = InviteForm(request.POST or None, scope_choices=selectors.scope_choices(actor))
    done = saved(
        request,
        form,
        services.person_invite,
        base_url=request.build_absolute_uri("/"),
        done=lambda assignment: f"We have e-mailed {assignment.user.email} an invitation.",
        to=lambda assignment: reverse("people:detail", kwargs={"person_id": assignment.user_id}),
    )
    if done:
        return done
    return form_page(
        request,
        form,
        title="Invite someone",
        intro=(
            "Staff, volunteers and commissioners. A member gets their login with a login card, "
            "from their record."
        ),
        button="Send the invitation",
        back_url=reverse("people:list"),
    )


def _person(request: HttpRequest, person_id: int) -> User:
    """The person a page is about: 404 for anyone who never held a role in
    the organisation, 403 for anyone but its admins."""
    return selectors.person_get_for_admin(actor=request.actor, person_id=person_id)


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    form = RoleForm(
        request.POST or None,
        scope_choices=selectors.scope_choices(request.actor),
        switched_off="" if person.is_active else roles.switched_off_words(person),
    )
    done = saved(
        request,
        form,
        services.role_grant,
        person=person,
        done=f"{person.full_name} has the new role."
        if person.is_active
        else f"{person.full_name} is switched back on and has the new role.",
        to=reverse("people:detail", kwargs={"person_id": person.pk}),
    )
    page = {"person": person, "form": form}
    return done or render(request, "keyring_net/people/detail.html", page)


@login_required
def role_scope(request: HttpRequest, person_id: int, assignment_id: int) -> HttpResponse:
    """Move a role somewhere else: a support manager to another cluster, a
    volunteer to another network, a commissioner to another council."""
    person = _person(request, person_id)
    assignment = selectors.assignment_get_for_admin(
        actor=request.actor, person=person, assignment_id=assignment_id
    )
    back = reverse("people:detail", kwargs={"person_id": person.pk})
    page = {
        "title": f"Move {person.full_name}'s role",
        "caption": assignment.get_role_display(),
        "back_url": back,
        "button": "Move the role",
    }
    if assignment.ended_at is not None or roles.scope_needed(assignment.role) is None:
        intro = (
            "This role has ended: give them the role again instead."
            if assignment.ended_at is not None
            else "This role covers the whole organisation: there is nowhere to move it."
        )
        return form_page(request, None, intro=intro, show_form=False, **page)
    form = ScopeForm(
        request.POST or None,
        assignment=assignment,
        scope_choices=selectors.scope_choices(request.actor),
    )
    done = saved(
        request,
        form,
        services.role_change_scope,
        assignment=assignment,
        done=lambda moved: (
            f"{person.full_name} is now {moved.get_role_display()} for {roles.where(moved)}. "
            "The old role is kept in their history."
        ),
        to=back,
    )
    return done or form_page(
        request,
        form,
        intro=(
            "Their role where they are now ends today and is kept in their history; "
            "the same role starts in the new place."
        ),
        **page,
    )


@login_required
@require_POST
def role_end(request: HttpRequest, person_id: int, assignment_id: int) -> HttpResponse:
    person = _person(request, person_id)
    assignment = selectors.assignment_get_for_admin(
        actor=request.actor, person=person, assignment_id=assignment_id
    )
    end = partial(services.role_end, actor=request.actor, assignment=assignment)
    return _back_to_person(request, person, end, f"{person.full_name} no longer has that role.")


@login_required
@require_POST
def person_deactivate(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    deactivate = partial(services.person_deactivate, actor=request.actor, person=person)
    done = (
        f"{person.full_name} is deactivated: their roles here have ended and they are "
        "signed out everywhere. Their records stay."
    )
    return _back_to_person(request, person, deactivate, done)


def _back_to_person(request: HttpRequest, person: User, change, done: str) -> HttpResponse:
    """Make ``change`` (a service call about ``person``) and go back to their
    page, saying it is ``done``, or why the service refused."""
    try:
        change()
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, done)
    return redirect("people:detail", person_id=person.pk)


@login_required
def person_trail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    events = audit.trail_of_person(actor=request.actor, person=person)
    return render(request, "keyring_net/people/trail.html", {"person": person, "events": events})
