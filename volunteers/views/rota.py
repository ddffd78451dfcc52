"""Rota pages: a network's week, its shifts and repeating patterns, picking
up an open shift and marking one worked. Swaps are in ``swaps``; a worker's
own rota, time off, hours and calendar link in ``worker``."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from keyring_net.clock import local
from keyring_net.pages import form_page
from keyring_net.policy import Permission, can
from networks.selectors import network_get_for_viewer
from volunteers.forms.rota import (
    CancelForm,
    ExtendForm,
    PatternForm,
    ShiftForm,
)
from volunteers.selectors.rota import (
    pattern_get_for_viewer,
    pattern_text,
    rota_week,
    shift_get_for_viewer,
    workers_in_networks,
)
from volunteers.services import patterns, shifts
from volunteers.views.steps import button_pressed, form_sent
from volunteers.wording import (
    ends_at_midnight,
    monday_of,
    parse_week,
    span_text,
    week_label,
)


def _rota_url(network_id: int, day: datetime.date) -> str:
    week = week_label(monday_of(day))
    return f"{reverse('volunteers_rota:network-rota', args=[network_id])}?week={week}"


def shift_rota_url(shift) -> str:
    return _rota_url(shift.network_id, local(shift.starts_at).date())


def rota_form_page(request: HttpRequest, form, **page) -> HttpResponse:
    """A rota form on its page (the form page, with the shift's cancel
    button below when changing one)."""
    return form_page(request, form, template="volunteers/rota/form.html", **page)


def back_to(request, default: str) -> str:
    """Where a button on the rota or "my rota" page returns to."""
    if request.POST.get("back") == "mine":
        return reverse("volunteers_rota:my-rota")
    if request.POST.get("back") == "swaps":
        return reverse("volunteers_rota:swaps")
    return default


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
    done, shift = form_sent(
        request,
        form,
        lambda: shifts.shift_create(actor=actor, network=network, **form.service_fields()),
        lambda shift: f"Shift added {shift_when(shift)}.",
    )
    if done:
        return redirect(shift_rota_url(shift))
    return rota_form_page(
        request,
        form,
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
    done, changed = form_sent(
        request,
        form,
        lambda: shifts.shift_change(actor=actor, shift=shift, **form.service_fields()),
        lambda changed: f"Shift changed: now {shift_when(changed)}.",
    )
    if done:
        return redirect(shift_rota_url(changed))
    return rota_form_page(
        request,
        form,
        title="Change a shift",
        button="Save the changes",
        back_url=shift_rota_url(shift),
        caption=f"{shift.network.name}: {shift_when(shift)}",
        extra={"cancel_shift": shift, "cancel_form": CancelForm()},
    )


@login_required
@require_POST
def shift_cancel(request: HttpRequest, shift_id: int) -> HttpResponse:
    actor = request.actor
    shift = shift_get_for_viewer(actor=actor, shift_id=shift_id, permission=Permission.MANAGE_ROTA)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    button_pressed(
        request,
        lambda: shifts.shift_cancel(actor=actor, shift=shift, reason=reason),
        f"Shift {shift_when(shift)} cancelled. The rest stay as they are.",
    )
    return redirect(shift_rota_url(shift))


@login_required
@require_POST
def shift_pick_up(request: HttpRequest, shift_id: int) -> HttpResponse:
    return _shift_button(
        request,
        shift_id,
        shifts.shift_pick_up,
        "You are on the shift {when}. Thank you.",
        permission=Permission.WORK_SHIFTS,
    )


@login_required
@require_POST
def shift_worked(request: HttpRequest, shift_id: int) -> HttpResponse:
    return _shift_button(
        request, shift_id, shifts.shift_mark_worked, "Shift {when} marked as worked."
    )


def _shift_button(request, shift_id, service, done: str, *, permission=Permission.VIEW_ROTA):
    """A button on a shift: reach it, call the service, say ``done`` (with
    the shift's time as ``{when}``), and go back to the page it was on."""
    actor = request.actor
    shift = shift_get_for_viewer(actor=actor, shift_id=shift_id, permission=permission)
    button_pressed(
        request,
        lambda: service(actor=actor, shift=shift),
        done.format(when=shift_when(shift)),
    )
    return redirect(back_to(request, shift_rota_url(shift)))


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
    done, made = form_sent(
        request,
        form,
        lambda: patterns.pattern_create(actor=actor, network=network, **form.cleaned_data),
        lambda made: f"{pattern_text(made[0])}. {made[1].summary()}",
    )
    if done:
        return redirect(_rota_url(network.pk, max(made[0].starts_on, timezone.localdate())))
    return rota_form_page(
        request,
        form,
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
    button_pressed(
        request,
        lambda: patterns.pattern_materialise(actor=actor, pattern=pattern, weeks=weeks),
        lambda made: made.summary(),
    )
    return redirect(_rota_url(pattern.network_id, timezone.localdate()))


# --- Small helpers -----------------------------------------------------------------------------


def shift_when(shift) -> str:
    return span_text(shift.starts_at, shift.ends_at)


def _day(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None
