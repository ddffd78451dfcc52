"""A worker's own pages: their rota, availability and time off, their hours
against their commitment, and a private calendar link to their shifts.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from keyring_net.access import not_found, requires
from keyring_net.policy import Permission, can
from networks.selectors import networks_for_viewer
from volunteers import calendar_feed
from volunteers.forms.rota import (
    AvailabilityForm,
)
from volunteers.selectors import rota
from volunteers.selectors.hours import hours_report, person_get_for_hours
from volunteers.selectors.rota import (
    availability_get_for_viewer,
    calendar_link_active,
    upcoming_availability,
)
from volunteers.services import availability
from volunteers.views.rota import rota_form_page, shift_when
from volunteers.views.steps import form_sent
from volunteers.wording import (
    away_text,
)

# --- My rota, availability and time off --------------------------------------------------------


@requires(Permission.WORK_SHIFTS)
def my_rota(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    now = timezone.now()
    return render(
        request,
        "volunteers/rota/mine.html",
        {
            "rota": rota.my_rota(actor=actor, now=now),
            "away": upcoming_availability(actor, now).filter(worker=actor.user),
            "networks": networks_for_viewer(actor),
        },
    )


@requires(Permission.VIEW_ROTA)
def availability_list(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    rows = upcoming_availability(actor, timezone.now())
    return render(
        request,
        "volunteers/rota/availability.html",
        {"rows": rows, "can_add": can(actor, Permission.WORK_SHIFTS)},
    )


@requires(Permission.WORK_SHIFTS)
def availability_add(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    today = timezone.localdate()
    form = AvailabilityForm(
        request.POST or None, initial={"kind": "time_off", "starts_on": today, "ends_on": today}
    )
    done, _ = form_sent(
        request,
        form,
        lambda: availability.availability_add(actor=actor, **form.service_fields()),
        _saved_text,
    )
    if done:
        return redirect("volunteers_rota:my-rota")
    return rota_form_page(
        request,
        form,
        title="Add time off or when you can work",
        button="Save",
        back_url=reverse("volunteers_rota:my-rota"),
    )


def _saved_text(added) -> str:
    """Time off or availability saved, and the shifts it falls on."""
    row, clashes = added
    text = f"{row.get_kind_display()} saved: {away_text(row.starts_at, row.ends_at)}."
    for shift in clashes:
        text += f" You are on the rota {shift_when(shift)}: offer it to a colleague."
    return text


@login_required
@require_POST
def availability_remove(request: HttpRequest, availability_id: int) -> HttpResponse:
    actor = request.actor
    row = availability_get_for_viewer(
        actor=actor, availability_id=availability_id, permission=Permission.WORK_SHIFTS
    )
    availability.availability_remove(actor=actor, availability=row)
    messages.success(request, "Removed.")
    return redirect("volunteers_rota:my-rota")


# --- Hours -------------------------------------------------------------------------------------


def _hours_page(request, person) -> HttpResponse:
    report = hours_report(
        organisation=request.actor.organisation, person=person, today=timezone.localdate()
    )
    return render(
        request,
        "volunteers/rota/hours.html",
        {"report": report, "own": person.pk == request.actor.user.pk},
    )


@requires(Permission.WORK_SHIFTS)
def my_hours(request: HttpRequest) -> HttpResponse:
    return _hours_page(request, request.actor.user)


@login_required
def hours(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get_for_hours(actor=request.actor, person_id=person_id)
    return _hours_page(request, person)


# --- Calendar links ----------------------------------------------------------------------------


@requires(Permission.WORK_SHIFTS)
def calendar_link(request: HttpRequest) -> HttpResponse:
    """GET: whether a link is working. POST: a new link, shown once."""
    actor = request.actor
    link = None
    if request.method == "POST":
        _, token = availability.calendar_link_create(actor=actor)
        link = request.build_absolute_uri(
            reverse("volunteers_rota:calendar-feed", kwargs={"token": token})
        )
    return render(
        request,
        "volunteers/rota/calendar.html",
        {"link": link, "active": calendar_link_active(actor)},
    )


@requires(Permission.WORK_SHIFTS)
@require_POST
def calendar_link_revoke(request: HttpRequest) -> HttpResponse:
    stopped = availability.calendar_link_revoke(actor=request.actor)
    messages.success(
        request,
        "Your calendar link has stopped working." if stopped else "You had no calendar link.",
    )
    return redirect("volunteers_rota:calendar")


@require_GET
def calendar_feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the secret in the link is the credential (see calendar_feed)."""
    body = calendar_feed.calendar_for_token(token, now=timezone.now())
    if body is None:
        raise not_found()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="shifts.ics"'
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
