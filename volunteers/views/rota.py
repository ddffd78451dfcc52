"""Rota pages: a network's week, shifts and repeating patterns, picking up
open shifts, swaps, availability and time off, hours against commitment,
and private calendar links (with the public feed they point to)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from keyring_net.access import not_found, requires
from keyring_net.clock import local
from keyring_net.forms import apply_service_errors
from keyring_net.pages import form_page
from keyring_net.policy import Permission, can
from networks.selectors import network_get_for_viewer, networks_for_viewer
from volunteers import calendar_feed
from volunteers.forms.rota import (
    AvailabilityForm,
    CancelForm,
    DecisionForm,
    ExtendForm,
    PatternForm,
    ShiftForm,
    SwapForm,
)
from volunteers.selectors import rota
from volunteers.selectors.hours import hours_report, person_get_for_hours
from volunteers.selectors.rota import (
    availability_get_for_viewer,
    calendar_link_active,
    pattern_get_for_viewer,
    pattern_text,
    rota_week,
    shift_get_for_viewer,
    swap_get_for_viewer,
    swaps_waiting,
    upcoming_availability,
    workers_in_networks,
)
from volunteers.services import availability, patterns, shifts
from volunteers.services import swaps as swaps_services
from volunteers.wording import (
    away_text,
    ends_at_midnight,
    monday_of,
    parse_week,
    span_text,
    week_label,
)


def _rota_url(network_id: int, day: datetime.date) -> str:
    week = week_label(monday_of(day))
    return f"{reverse('volunteers_rota:network-rota', args=[network_id])}?week={week}"


def _shift_rota_url(shift) -> str:
    return _rota_url(shift.network_id, local(shift.starts_at).date())


def _back(request, default: str) -> str:
    """Where a button on the rota or "my rota" page returns to."""
    if request.POST.get("back") == "mine":
        return reverse("volunteers_rota:my-rota")
    if request.POST.get("back") == "swaps":
        return reverse("volunteers_rota:swaps")
    return default


def _report(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# --- A network's week --------------------------------------------------------------------------


@login_required
def network_rota(request: HttpRequest, network_id: int) -> HttpResponse:
    actor = request.actor
    network = network_get_for_viewer(
        actor=actor, network_id=network_id, permission=Permission.VIEW_ROTA
    )
    monday = parse_week(request.GET.get("week"), timezone.localdate())
    week = rota_week(actor=actor, network=network, monday=monday, now=timezone.now())
    return render(
        request,
        "volunteers/rota/week.html",
        {"week": week, "network": network, "manager": can(actor, Permission.MANAGE_ROTA)},
    )


@login_required
def shift_add(request: HttpRequest, network_id: int) -> HttpResponse:
    actor = request.actor
    network = network_get_for_viewer(
        actor=actor, network_id=network_id, permission=Permission.MANAGE_ROTA
    )
    day = _day(request.GET.get("day")) or timezone.localdate()
    form = ShiftForm(
        request.POST or None,
        workers=workers_in_networks(actor.organisation, [network.pk]),
        initial={"day": day, "lone_visits": True, "kind": "evening"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            shift = shifts.shift_create(actor=actor, network=network, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error, rename=form.ERRORS)
        else:
            messages.success(request, f"Shift added {_when(shift)}.")
            return redirect(_shift_rota_url(shift))
    return form_page(
        request,
        form,
        template="volunteers/rota/form.html",
        title="Add a shift",
        button="Add the shift",
        back_url=_rota_url(network.pk, day),
        caption=network.name,
    )


@login_required
def shift_edit(request: HttpRequest, shift_id: int) -> HttpResponse:
    actor = request.actor
    shift = shift_get_for_viewer(actor=actor, shift_id=shift_id, permission=Permission.MANAGE_ROTA)
    starts, ends = local(shift.starts_at), local(shift.ends_at)
    form = ShiftForm(
        request.POST or None,
        workers=workers_in_networks(actor.organisation, [shift.network_id]),
        initial={
            "kind": shift.kind,
            "day": starts.date(),
            "start_time": starts.time(),
            "end_time": ends.time(),
            "ends_next_day": ends.date() > starts.date()
            and not ends_at_midnight(starts.time(), ends.time()),
            "worker": shift.worker_id,
            "lone_visits": shift.lone_visits,
            "notes": shift.notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            shift = shifts.shift_change(actor=actor, shift=shift, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error, rename=form.ERRORS)
        else:
            messages.success(request, f"Shift changed: now {_when(shift)}.")
            return redirect(_shift_rota_url(shift))
    return form_page(
        request,
        form,
        template="volunteers/rota/form.html",
        title="Change a shift",
        button="Save the changes",
        back_url=_shift_rota_url(shift),
        caption=f"{shift.network.name}: {_when(shift)}",
        extra={"cancel_shift": shift, "cancel_form": CancelForm()},
    )


@login_required
@require_POST
def shift_cancel(request: HttpRequest, shift_id: int) -> HttpResponse:
    actor = request.actor
    shift = shift_get_for_viewer(actor=actor, shift_id=shift_id, permission=Permission.MANAGE_ROTA)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        shifts.shift_cancel(actor=actor, shift=shift, reason=reason)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, f"Shift {_when(shift)} cancelled. The rest stay as they are.")
    return redirect(_shift_rota_url(shift))


@login_required
@require_POST
def shift_pick_up(request: HttpRequest, shift_id: int) -> HttpResponse:
    actor = request.actor
    shift = shift_get_for_viewer(actor=actor, shift_id=shift_id, permission=Permission.WORK_SHIFTS)
    try:
        shifts.shift_pick_up(actor=actor, shift=shift)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, f"You are on the shift {_when(shift)}. Thank you.")
    return redirect(_back(request, _shift_rota_url(shift)))


@login_required
@require_POST
def shift_worked(request: HttpRequest, shift_id: int) -> HttpResponse:
    actor = request.actor
    shift = shift_get_for_viewer(actor=actor, shift_id=shift_id)
    try:
        shifts.shift_mark_worked(actor=actor, shift=shift)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, f"Shift {_when(shift)} marked as worked.")
    return redirect(_back(request, _shift_rota_url(shift)))


# --- Repeating patterns ------------------------------------------------------------------------


@login_required
def pattern_add(request: HttpRequest, network_id: int) -> HttpResponse:
    actor = request.actor
    network = network_get_for_viewer(
        actor=actor, network_id=network_id, permission=Permission.MANAGE_ROTA
    )
    form = PatternForm(
        request.POST or None,
        workers=workers_in_networks(actor.organisation, [network.pk]),
        initial={"starts_on": timezone.localdate(), "lone_visits": True, "weeks": 8},
    )
    if request.method == "POST" and form.is_valid():
        try:
            pattern, made = patterns.pattern_create(
                actor=actor, network=network, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{pattern_text(pattern)}. {made.summary()}")
            return redirect(_rota_url(network.pk, max(pattern.starts_on, timezone.localdate())))
    return form_page(
        request,
        form,
        template="volunteers/rota/form.html",
        title="Add a repeating shift",
        button="Add it to the rota",
        back_url=_rota_url(network.pk, timezone.localdate()),
        caption=network.name,
    )


@login_required
@require_POST
def pattern_extend(request: HttpRequest, pattern_id: int) -> HttpResponse:
    actor = request.actor
    pattern = pattern_get_for_viewer(
        actor=actor, pattern_id=pattern_id, permission=Permission.MANAGE_ROTA
    )
    form = ExtendForm(request.POST)
    weeks = form.cleaned_data["weeks"] if form.is_valid() else 8
    try:
        made = patterns.pattern_materialise(actor=actor, pattern=pattern, weeks=weeks)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, made.summary())
    return redirect(_rota_url(pattern.network_id, timezone.localdate()))


# --- Swaps -------------------------------------------------------------------------------------


@login_required
def swap_add(request: HttpRequest, shift_id: int) -> HttpResponse:
    actor = request.actor
    shift = shift_get_for_viewer(actor=actor, shift_id=shift_id, permission=Permission.WORK_SHIFTS)
    if shift.worker_id != actor.user.pk:
        raise PermissionDenied("Only the person on this shift can offer it to someone else.")
    colleagues = workers_in_networks(actor.organisation, [shift.network_id]).exclude(
        pk=actor.user.pk
    )
    form = SwapForm(request.POST or None, colleagues=colleagues)
    if request.method == "POST" and form.is_valid():
        try:
            swap = swaps_services.swap_request(actor=actor, shift=shift, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error, rename=form.ERRORS)
        else:
            messages.success(
                request,
                f"Offered to {swap.to_worker.full_name}. A support manager will decide; "
                "until then the shift is still yours.",
            )
            return redirect("volunteers_rota:my-rota")
    return form_page(
        request,
        form,
        template="volunteers/rota/form.html",
        title="Offer your shift to a colleague",
        button="Offer the shift",
        back_url=reverse("volunteers_rota:my-rota"),
        caption=f"{shift.network.name}: {_when(shift)}",
    )


@requires(Permission.MANAGE_ROTA)
def swap_list(request: HttpRequest) -> HttpResponse:
    swaps = swaps_waiting(request.actor)
    return render(request, "volunteers/rota/swaps.html", {"swaps": swaps})


@login_required
@require_POST
def swap_decide(request: HttpRequest, swap_id: int) -> HttpResponse:
    actor = request.actor
    swap = swap_get_for_viewer(actor=actor, swap_id=swap_id, permission=Permission.MANAGE_ROTA)
    form = DecisionForm(request.POST)
    back = _back(request, _shift_rota_url(swap.shift))
    if not form.is_valid():
        messages.error(request, "Choose approve or decline.")
        return redirect(back)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        swaps_services.swap_decide(actor=actor, swap=swap, approve=approve)
    except ValidationError as error:
        _report(request, error)
    else:
        who, shift = swap.to_worker.full_name, _when(swap.shift)
        messages.success(
            request,
            f"Approved: {who} is now on the shift {shift}."
            if approve
            else f"Declined: the shift {shift} stays with {swap.from_worker.full_name}.",
        )
    return redirect(back)


@login_required
@require_POST
def swap_withdraw(request: HttpRequest, swap_id: int) -> HttpResponse:
    actor = request.actor
    swap = swap_get_for_viewer(actor=actor, swap_id=swap_id, permission=Permission.WORK_SHIFTS)
    try:
        swaps_services.swap_withdraw(actor=actor, swap=swap)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, "Offer withdrawn: the shift is still yours.")
    return redirect("volunteers_rota:my-rota")


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
    if request.method == "POST" and form.is_valid():
        try:
            row, clashes = availability.availability_add(actor=actor, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error, rename=form.ERRORS)
        else:
            away = away_text(row.starts_at, row.ends_at)
            text = f"{row.get_kind_display()} saved: {away}."
            for shift in clashes:
                text += f" You are on the rota {_when(shift)}: offer it to a colleague."
            messages.success(request, text)
            return redirect("volunteers_rota:my-rota")
    return form_page(
        request,
        form,
        template="volunteers/rota/form.html",
        title="Add time off or when you can work",
        button="Save",
        back_url=reverse("volunteers_rota:my-rota"),
    )


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


# --- Small helpers -----------------------------------------------------------------------------


def _when(shift) -> str:
    return span_text(shift.starts_at, shift.ends_at)


def _day(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None
