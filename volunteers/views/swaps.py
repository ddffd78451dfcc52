"""Swap pages: a worker offers their shift to a colleague, a support manager
approves or declines, and the worker may withdraw the offer while it waits.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from keyring_net.access import requires
from keyring_net.policy import Permission
from volunteers.forms.rota import (
    DecisionForm,
    SwapForm,
)
from volunteers.selectors.rota import (
    shift_get_for_viewer,
    swap_get_for_viewer,
    swaps_waiting,
    workers_in_networks,
)
from volunteers.services import swaps
from volunteers.views.rota import back_to, rota_form_page, shift_rota_url, shift_when
from volunteers.views.steps import button_pressed, form_sent

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
    done, _ = form_sent(
        request,
        form,
        lambda: swaps.swap_request(actor=actor, shift=shift, **form.cleaned_data),
        lambda swap: (
            f"Offered to {swap.to_worker.full_name}. A support manager will decide; "
            "until then the shift is still yours."
        ),
    )
    if done:
        return redirect("volunteers_rota:my-rota")
    return rota_form_page(
        request,
        form,
        title="Offer your shift to a colleague",
        button="Offer the shift",
        back_url=reverse("volunteers_rota:my-rota"),
        caption=f"{shift.network.name}: {shift_when(shift)}",
    )


@requires(Permission.MANAGE_ROTA)
def swap_list(request: HttpRequest) -> HttpResponse:
    waiting = swaps_waiting(request.actor)
    return render(request, "volunteers/rota/swaps.html", {"swaps": waiting})


@login_required
@require_POST
def swap_decide(request: HttpRequest, swap_id: int) -> HttpResponse:
    actor = request.actor
    swap = swap_get_for_viewer(actor=actor, swap_id=swap_id, permission=Permission.MANAGE_ROTA)
    form = DecisionForm(request.POST)
    back = back_to(request, shift_rota_url(swap.shift))
    if not form.is_valid():
        messages.error(request, "Choose approve or decline.")
        return redirect(back)
    approve = form.cleaned_data["decision"] == "approve"
    who, shift = swap.to_worker.full_name, shift_when(swap.shift)
    button_pressed(
        request,
        lambda: swaps.swap_decide(actor=actor, swap=swap, approve=approve),
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
    button_pressed(
        request,
        lambda: swaps.swap_withdraw(actor=actor, swap=swap),
        "Offer withdrawn: the shift is still yours.",
    )
    return redirect("volunteers_rota:my-rota")
