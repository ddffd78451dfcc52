"""Network pages: the list, one network at a glance, homes with the walking
check, the map, community places, hubs and events; clusters, and adding
and changing networks."""

from __future__ import annotations

import json
from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe

from keyring_net.access import requires
from keyring_net.pages import form_page
from keyring_net.policy import Permission, can
from keyring_net.steps import change_from_form, saved
from networks import selectors, services
from networks.forms import AssetForm, ClusterForm, EventForm, HomeForm, HubForm, NetworkForm
from networks.geo.walking import metres_between, walking_minutes
from networks.people import member_readers


@requires(Permission.VIEW_NETWORKS)
def network_list(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    rows = selectors.network_rows(actor)
    return render(
        request,
        "networks/list.html",
        {
            "rows": rows,
            "target_homes": selectors.TARGET_HOMES,
            "can_add_networks": can(actor, Permission.ADD_NETWORKS),
            "can_manage_clusters": can(actor, Permission.MANAGE_CLUSTERS),
        },
    )


@login_required
def network_detail(request: HttpRequest, network_id: int) -> HttpResponse:
    actor = request.actor
    network = selectors.network_get_for_viewer(actor=actor, network_id=network_id)
    page = selectors.network_page(actor=actor, network=network)
    member_readers().shown(actor, page.members)
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
            "can_manage_network": can(actor, Permission.MANAGE_NETWORKS),
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


def _network_form(request, form, network, *, save, message, back, **page):
    """A form page about one network: a valid form goes to ``save`` (a
    service; its errors go next to the fields), then ``message(saved)`` and
    back to ``back``. ``page``: the rest of ``form_page``'s."""
    if change_from_form(request, form, lambda: save(**form.cleaned_data), done=message).made:
        return redirect(back)
    return form_page(request, form, back_url=back, caption=network.name, **page)


def _url(name: str, network) -> str:
    return reverse(name, kwargs={"network_id": network.pk})


def _home_page(request: HttpRequest, network, home=None) -> HttpResponse:
    """Add or change a home: the walking check runs before it is saved."""

    def save(accept_far, **details):
        return services.home_save(
            actor=request.actor,
            network=network,
            details=services.HomeDetails(**details),
            accept_far=accept_far,
            home=home,
        )

    initial = services.home_details_of(home) if home else None
    return _network_form(
        request,
        HomeForm(request.POST or None, initial=initial),
        network,
        save=save,
        message=lambda saved: f"Saved {saved[0].address_line_1}. {saved[1].report.summary()}",
        back=_url("networks:detail", network),
        title=f"Change {home.address_line_1}" if home else "Add a home",
        button="Save" if home else "Add the home",
        template="networks/home_form.html",
        extra={"network": network, "home": home},
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


def _add_to_network(form_class, service, *, back: str, title: str, button: str, message):
    """The page that adds a hub or a place to a network, for people who
    manage places."""

    @login_required
    def page(request: HttpRequest, network_id: int) -> HttpResponse:
        network = selectors.network_get_for_viewer(
            actor=request.actor, network_id=network_id, permission=Permission.MANAGE_PLACES
        )
        return _network_form(
            request,
            form_class(request.POST or None),
            network,
            save=partial(service, actor=request.actor, network=network),
            message=message,
            back=_url(back, network),
            title=title,
            button=button,
        )

    return page


place_add = _add_to_network(
    AssetForm,
    services.asset_save,
    back="networks:places",
    title="Add a community place or person",
    button="Add to the directory",
    message=lambda asset: f"Added {asset.name} to the directory.",
)
hub_add = _add_to_network(
    HubForm,
    services.hub_save,
    back="networks:detail",
    title="Add a community hub",
    button="Add the hub",
    message=lambda hub: f"Added the hub {hub.name}.",
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
        message=lambda saved: f"Saved {saved.name}.",
        back=_url("networks:places", asset.network),
        title=f"Change {asset.name}",
        button="Save",
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
        message=lambda event: f"Added {event.title}.",
        back=_url("networks:detail", hub.network),
        title=f"Add an event at {hub.name}",
        button="Add the event",
    )


@login_required
def hub_edit(request: HttpRequest, hub_id: int) -> HttpResponse:
    actor = request.actor
    hub = selectors.hub_get_for_viewer(actor=actor, hub_id=hub_id)
    return _network_form(
        request,
        HubForm(request.POST or None, instance=hub),
        hub.network,
        save=partial(services.hub_save, actor=actor, network=hub.network, hub=hub),
        message=lambda saved: f"Saved the hub {saved.name}.",
        back=_url("networks:detail", hub.network),
        title=f"Change {hub.name}",
        button="Save",
    )


# --- Clusters, and adding and changing networks ------------------------------------------------


@requires(Permission.MANAGE_CLUSTERS)
def cluster_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.cluster_rows(request.actor)
    return render(request, "networks/clusters.html", {"rows": rows})


def _cluster_page(request: HttpRequest, cluster=None) -> HttpResponse:
    back = reverse("networks:clusters")
    form = ClusterForm(request.POST or None, initial={"name": cluster.name} if cluster else None)
    done = saved(
        request,
        form,
        services.cluster_save,
        done=lambda saved: f"Saved the cluster {saved.name}.",
        to=back,
        cluster=cluster,
    )
    if done is not None:
        return done
    managers = selectors.support_managers_of([cluster])[cluster.pk] if cluster else []
    return form_page(
        request,
        form,
        title=f"Change {cluster.name}" if cluster else "Add a cluster",
        button="Save" if cluster else "Add the cluster",
        back_url=back,
        template="networks/cluster_form.html",
        extra={
            "cluster": cluster,
            "managers": managers,
            "networks": selectors.networks_of_cluster(cluster) if cluster else [],
        },
    )


@requires(Permission.MANAGE_CLUSTERS)
def cluster_add(request: HttpRequest) -> HttpResponse:
    return _cluster_page(request)


@login_required
def cluster_edit(request: HttpRequest, cluster_id: int) -> HttpResponse:
    cluster = selectors.cluster_get_for_viewer(actor=request.actor, cluster_id=cluster_id)
    return _cluster_page(request, cluster)


def _network_setup_page(request: HttpRequest, network=None) -> HttpResponse:
    """Add or change a network's details; an unusual capacity needs a tick."""
    actor = request.actor
    current = services.network_details_of(network) if network else {}
    sees_homes = network is not None and can(actor, Permission.VIEW_ADDRESSES)
    form = NetworkForm(
        request.POST or None,
        initial=current or {"status": "forming", "capacity": 10, "walking_threshold_minutes": 15},
        clusters=selectors.clusters_for_viewer(actor),
        homes=selectors.network_homes(network) if sees_homes else None,
    )

    def save():
        return services.network_save(
            actor=actor,
            details=services.NetworkDetails(**{**current, **form.details()}),
            accept_capacity=form.cleaned_data["accept_capacity"],
            network=network,
        )

    made = change_from_form(request, form, save, done=lambda saved: f"Saved {saved.name}.")
    if made.made:
        return redirect(_url("networks:detail", made.result))
    return form_page(
        request,
        form,
        title=f"Change {network.name}" if network else "Add a network",
        button="Save" if network else "Add the network",
        back_url=_url("networks:detail", network) if network else reverse("networks:list"),
        template="networks/network_form.html",
        extra={
            "network": network,
            "hubs": selectors.hubs_of_network(network) if network else [],
            "places_taken": selectors.places_taken(actor, network) if network else 0,
            "can_manage_places": can(actor, Permission.MANAGE_PLACES),
        },
    )


@requires(Permission.ADD_NETWORKS)
def network_add(request: HttpRequest) -> HttpResponse:
    return _network_setup_page(request)


@login_required
def network_edit(request: HttpRequest, network_id: int) -> HttpResponse:
    network = selectors.network_get_for_viewer(
        actor=request.actor, network_id=network_id, permission=Permission.MANAGE_NETWORKS
    )
    return _network_setup_page(request, network)
