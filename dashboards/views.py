"""Pages that compose several apps: the support manager's dashboard, handing
over the work of someone who is leaving, and a network's connections."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from casework.selectors.incidents import incident_card
from dashboards.selectors import dashboard_for
from keyring_net.access import requires
from keyring_net.forms import apply_service_errors
from keyring_net.pages import form_page
from keyring_net.policy import Permission
from members import looked
from members.forms import ReassignForm
from members.selectors import (
    connection_map_for_network,
    members_on_connection_map,
    workers_in_reach,
)
from members.services import journey as member_services
from networks.selectors import network_get_for_viewer


@requires(Permission.VIEW_DASHBOARD)
def dashboard(request: HttpRequest) -> HttpResponse:
    board = dashboard_for(request.actor)
    looked.page_listing(request, board.members_shown)
    return render(
        request,
        "dashboards/dashboard.html",
        {
            "board": board,
            "today": timezone.localdate(),
            "incidents": incident_card(request.actor),
        },
    )


@requires(Permission.REASSIGN_WORK)
def reassign(request: HttpRequest) -> HttpResponse:
    """When a CLV or worker leaves: move all their members and duties to
    someone else in one step."""
    actor = request.actor
    form = ReassignForm(
        request.POST or None, initial={"on": timezone.localdate()}, workers=workers_in_reach(actor)
    )
    if request.method == "POST" and form.is_valid():
        try:
            moved = member_services.reassign_work(actor=actor, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{form.cleaned_data['to_worker'].full_name} now supports {moved['members']} "
                f"members and runs {moved['events']} events instead of "
                f"{form.cleaned_data['from_worker'].full_name}.",
            )
            return redirect("dashboards:dashboard")
    return form_page(
        request,
        form,
        title="Someone is leaving: hand over their work",
        button="Move their work",
        back_url=reverse("dashboards:dashboard"),
    )


@login_required
def connection_map(request: HttpRequest, network_id: int) -> HttpResponse:
    """Who in the network knows and helps whom, and the places they use."""
    actor = request.actor
    network = network_get_for_viewer(
        actor=actor, network_id=network_id, permission=Permission.VIEW_MEMBERS
    )
    svg, rows = connection_map_for_network(actor=actor, network=network)
    looked.page_listing_all(request, members_on_connection_map(actor, network))
    return render(
        request,
        "dashboards/connections.html",
        {"network": network, "connection_svg": mark_safe(svg), "connection_rows": rows},
    )
