"""Network pages: the list, one network at a glance, homes with the walking
check, the map, community places, hubs and events, and connections."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe

from keyring_net.access import requires
from keyring_net.forms import apply_service_errors
from keyring_net.pages import form_page
from keyring_net.policy import Permission, can
from networks import selectors, services
from networks.forms import AssetForm, EventForm, HomeForm, HubForm


@requires(Permission.VIEW_NETWORKS)
def network_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.network_rows(request.actor)
    return render(
        request, "networks/list.html", {"rows": rows, "target_homes": selectors.TARGET_HOMES}
    )


@login_required
def network_detail(request: HttpRequest, network_id: int) -> HttpResponse:
    actor = request.actor
    network = selectors.network_get_for_viewer(actor=actor, network_id=network_id)
    page = selectors.network_page(actor=actor, network=network)
    _mark_minutes_from_clv(network, page.homes)
    return render(
        request,
        "networks/detail.html",
        {
            "page": page,
            "network": network,
            "show_addresses": can(actor, Permission.VIEW_ADDRESSES),
            "can_manage_homes": can(actor, Permission.MANAGE_HOMES),
            "can_manage_places": can(actor, Permission.MANAGE_PLACES),
        },
    )


def _mark_minutes_from_clv(network, homes) -> None:
    """Set ``walk_minutes`` on each home: minutes on foot from the CLV's."""
    from networks import geo

    clv = next((h for h in homes if h.pk == network.clv_home_id), None)
    organisation = network.organisation
    for home in homes:
        home.walk_minutes = None
        if clv is None or clv.latitude is None or home.latitude is None or home.pk == clv.pk:
            continue
        metres = geo.metres_between(clv.latitude, clv.longitude, home.latitude, home.longitude)
        home.walk_minutes = geo.walking_minutes(
            metres,
            detour_factor=float(organisation.walking_detour_factor),
            speed_kmh=float(organisation.walking_speed_kmh),
        )


@login_required
def network_map(request: HttpRequest, network_id: int) -> HttpResponse:
    """Homes, the CLV's home, hubs and places on a map; the same as a list
    below it, which is all there is when map tiles cannot load."""
    actor = request.actor
    network = selectors.network_get_for_viewer(
        actor=actor, network_id=network_id, permission=Permission.VIEW_ADDRESSES
    )
    homes = selectors.homes_of_network(network)
    hubs = list(network.hubs.all())
    places = list(selectors.assets_of_network(network))
    points = (
        [
            _point(h, "clv" if h.pk == network.clv_home_id else "home", h.address_line_1)
            for h in homes
        ]
        + [_point(h, "hub", h.name) for h in hubs]
        + [_point(p, "place", p.name) for p in places]
    )
    data = json.dumps([p for p in points if p is not None])
    return render(
        request,
        "networks/map.html",
        {
            "network": network,
            "homes": homes,
            "hubs": hubs,
            "places": places,
            # JSON inside <script type="application/json">: never executed.
            "map_data": mark_safe(data.replace("<", "\\u003c")),
        },
    )


def _point(obj, kind: str, label: str) -> dict | None:
    if obj.latitude is None or obj.longitude is None:
        return None
    return {"lat": float(obj.latitude), "lng": float(obj.longitude), "kind": kind, "label": label}


def _home_details(form: HomeForm) -> services.HomeDetails:
    data = form.cleaned_data
    return services.HomeDetails(
        address_line_1=data["address_line_1"],
        address_line_2=data["address_line_2"],
        town=data["town"],
        postcode=data["postcode"],
        tenure=data["tenure"],
        latitude=data["latitude"],
        longitude=data["longitude"],
    )


def _save_home(request, network, form, home=None) -> HttpResponse | None:
    try:
        saved, check = services.home_save(
            actor=request.actor,
            network=network,
            details=_home_details(form),
            accept_far=form.cleaned_data["accept_far"],
            home=home,
        )
    except ValidationError as error:
        apply_service_errors(form, error)
        return None
    messages.success(request, f"Saved {saved.address_line_1}. {check.report.summary()}")
    return redirect("networks:detail", network_id=network.pk)


@login_required
def home_add(request: HttpRequest, network_id: int) -> HttpResponse:
    actor = request.actor
    network = selectors.network_get_for_viewer(
        actor=actor, network_id=network_id, permission=Permission.MANAGE_HOMES
    )
    form = HomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _save_home(request, network, form)
        if done:
            return done
    return render(request, "networks/home_form.html", {"form": form, "network": network})


@login_required
def home_edit(request: HttpRequest, home_id: int) -> HttpResponse:
    actor = request.actor
    home = selectors.home_get_for_viewer(
        actor=actor, home_id=home_id, permission=Permission.MANAGE_HOMES
    )
    initial = {
        "address_line_1": home.address_line_1,
        "address_line_2": home.address_line_2,
        "town": home.town,
        "postcode": home.postcode,
        "tenure": home.tenure,
        "latitude": home.latitude,
        "longitude": home.longitude,
    }
    form = HomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _save_home(request, home.network, form, home=home)
        if done:
            return done
    return render(
        request, "networks/home_form.html", {"form": form, "network": home.network, "home": home}
    )


@login_required
def place_list(request: HttpRequest, network_id: int) -> HttpResponse:
    actor = request.actor
    network = selectors.network_get_for_viewer(actor=actor, network_id=network_id)
    places = selectors.assets_of_network(network).select_related("introduced_by")
    return render(
        request,
        "networks/places.html",
        {
            "network": network,
            "places": places,
            "can_manage_places": can(actor, Permission.MANAGE_PLACES),
        },
    )


@login_required
def place_add(request: HttpRequest, network_id: int) -> HttpResponse:
    actor = request.actor
    network = selectors.network_get_for_viewer(
        actor=actor, network_id=network_id, permission=Permission.MANAGE_PLACES
    )
    form = AssetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.asset_save(actor=actor, network=network, **form.cleaned_data)
        messages.success(request, f"Added {form.cleaned_data['name']} to the directory.")
        return redirect("networks:places", network_id=network.pk)
    return render(
        request,
        "networks/simple_form.html",
        {
            "form": form,
            "network": network,
            "title": "Add a community place or person",
            "button": "Add to the directory",
        },
    )


@login_required
def place_edit(request: HttpRequest, asset_id: int) -> HttpResponse:
    actor = request.actor
    asset = selectors.asset_get_for_viewer(actor=actor, asset_id=asset_id)
    form = AssetForm(request.POST or None, instance=asset)
    if request.method == "POST" and form.is_valid():
        services.asset_save(actor=actor, network=asset.network, asset=asset, **form.cleaned_data)
        messages.success(request, f"Saved {asset.name}.")
        return redirect("networks:places", network_id=asset.network_id)
    return render(
        request,
        "networks/simple_form.html",
        {"form": form, "network": asset.network, "title": f"Change {asset.name}", "button": "Save"},
    )


@login_required
def hub_add(request: HttpRequest, network_id: int) -> HttpResponse:
    actor = request.actor
    network = selectors.network_get_for_viewer(
        actor=actor, network_id=network_id, permission=Permission.MANAGE_PLACES
    )
    form = HubForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.hub_save(actor=actor, network=network, **form.cleaned_data)
        messages.success(request, f"Added the hub {form.cleaned_data['name']}.")
        return redirect("networks:detail", network_id=network.pk)
    return render(
        request,
        "networks/simple_form.html",
        {"form": form, "network": network, "title": "Add a community hub", "button": "Add the hub"},
    )


@login_required
def event_add(request: HttpRequest, hub_id: int) -> HttpResponse:
    actor = request.actor
    hub = selectors.hub_get_for_viewer(actor=actor, hub_id=hub_id)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_add(actor=actor, hub=hub, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Added {form.cleaned_data['title']}.")
            return redirect("networks:detail", network_id=hub.network_id)
    return render(
        request,
        "networks/simple_form.html",
        {
            "form": form,
            "network": hub.network,
            "title": f"Add an event at {hub.name}",
            "button": "Add the event",
        },
    )


@login_required
def connection_map(request: HttpRequest, network_id: int) -> HttpResponse:
    from members.selectors import connection_map_for_network

    actor = request.actor
    network = selectors.network_get_for_viewer(
        actor=actor, network_id=network_id, permission=Permission.VIEW_MEMBERS
    )
    svg, rows = connection_map_for_network(actor=actor, network=network)
    return render(
        request,
        "networks/connections.html",
        {
            "network": network,
            "connection_svg": mark_safe(svg),
            "connection_rows": rows,
        },
    )


@requires(Permission.VIEW_DASHBOARD)
def dashboard(request: HttpRequest) -> HttpResponse:
    from networks.dashboard import dashboard_for

    return render(
        request,
        "networks/dashboard.html",
        {"board": dashboard_for(request.actor), "today": timezone.localdate()},
    )


@requires(Permission.REASSIGN_WORK)
def reassign(request: HttpRequest) -> HttpResponse:
    """When a CLV or worker leaves: move all their members and duties to
    someone else in one step."""
    from members.forms import ReassignForm
    from members.selectors import workers_in_reach
    from members.services import journey as member_services

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
            return redirect("networks:dashboard")
    return form_page(
        request,
        form,
        title="Someone is leaving: hand over their work",
        button="Move their work",
        back_url="/dashboard/",
    )
