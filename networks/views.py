"""Network pages: the list, one network at a glance, homes with the walking
check, the map, community places, hubs and events, and connections."""

from __future__ import annotations

import json
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe

from keyring_net.access import requires
from keyring_net.forms import apply_service_errors
from keyring_net.pages import form_page
from keyring_net.policy import Permission, can
from networks import selectors, services
from networks.forms import AssetForm, EventForm, HomeForm, HubForm
from networks.geo.walking import metres_between, walking_minutes


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
    clv = next((h for h in homes if h.pk == network.clv_home_id), None)
    organisation = network.organisation
    for home in homes:
        home.walk_minutes = None
        if clv is None or clv.latitude is None or home.latitude is None or home.pk == clv.pk:
            continue
        metres = metres_between(clv.latitude, clv.longitude, home.latitude, home.longitude)
        home.walk_minutes = walking_minutes(
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


def _network_form(request, form, network, *, save, message, back, title, button):
    """A form page about one network: a valid form goes to ``save`` (a
    service; its errors go next to the fields), then ``message``, filled in
    from the form, and back to ``back``."""
    if request.method == "POST" and form.is_valid():
        try:
            save(**form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, message.format(**form.cleaned_data))
            return redirect(back)
    return form_page(request, form, title=title, button=button, back_url=back, caption=network.name)


def _home_page(request: HttpRequest, network, home=None) -> HttpResponse:
    """Add or change a home: the walking check runs before it is saved."""
    initial = services.home_details_of(home) if home else None
    form = HomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved, check = services.home_save(
                actor=request.actor,
                network=network,
                details=services.HomeDetails(
                    **{name: data[name] for name in services.HOME_DETAILS}
                ),
                accept_far=data["accept_far"],
                home=home,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Saved {saved.address_line_1}. {check.report.summary()}")
            return redirect("networks:detail", network_id=network.pk)
    return render(
        request, "networks/home_form.html", {"form": form, "network": network, "home": home}
    )


@login_required
def home_add(request: HttpRequest, network_id: int) -> HttpResponse:
    network = selectors.network_get_for_viewer(
        actor=request.actor, network_id=network_id, permission=Permission.MANAGE_HOMES
    )
    return _home_page(request, network)


@login_required
def home_edit(request: HttpRequest, home_id: int) -> HttpResponse:
    home = selectors.home_get_for_viewer(
        actor=request.actor, home_id=home_id, permission=Permission.MANAGE_HOMES
    )
    return _home_page(request, home.network, home)


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


def _places_url(network) -> str:
    return reverse("networks:places", kwargs={"network_id": network.pk})


def _detail_url(network) -> str:
    return reverse("networks:detail", kwargs={"network_id": network.pk})


@login_required
def place_add(request: HttpRequest, network_id: int) -> HttpResponse:
    actor = request.actor
    network = selectors.network_get_for_viewer(
        actor=actor, network_id=network_id, permission=Permission.MANAGE_PLACES
    )
    return _network_form(
        request,
        AssetForm(request.POST or None),
        network,
        save=partial(services.asset_save, actor=actor, network=network),
        message="Added {name} to the directory.",
        back=_places_url(network),
        title="Add a community place or person",
        button="Add to the directory",
    )


@login_required
def place_edit(request: HttpRequest, asset_id: int) -> HttpResponse:
    actor = request.actor
    asset = selectors.asset_get_for_viewer(actor=actor, asset_id=asset_id)
    return _network_form(
        request,
        AssetForm(request.POST or None, instance=asset),
        asset.network,
        save=partial(services.asset_save, actor=actor, network=asset.network, asset=asset),
        message="Saved {name}.",
        back=_places_url(asset.network),
        title=f"Change {asset.name}",
        button="Save",
    )


@login_required
def hub_add(request: HttpRequest, network_id: int) -> HttpResponse:
    actor = request.actor
    network = selectors.network_get_for_viewer(
        actor=actor, network_id=network_id, permission=Permission.MANAGE_PLACES
    )
    return _network_form(
        request,
        HubForm(request.POST or None),
        network,
        save=partial(services.hub_save, actor=actor, network=network),
        message="Added the hub {name}.",
        back=_detail_url(network),
        title="Add a community hub",
        button="Add the hub",
    )


@login_required
def event_add(request: HttpRequest, hub_id: int) -> HttpResponse:
    actor = request.actor
    hub = selectors.hub_get_for_viewer(actor=actor, hub_id=hub_id)
    return _network_form(
        request,
        EventForm(request.POST or None),
        hub.network,
        save=partial(services.event_add, actor=actor, hub=hub),
        message="Added {title}.",
        back=_detail_url(hub.network),
        title=f"Add an event at {hub.name}",
        button="Add the event",
    )
