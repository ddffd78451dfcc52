"""The networks pages, under the ``networks`` namespace."""

from keyring_net.routes import pages
from networks import views

app_name = "networks"

# A network's own pages sit under its address; homes, places and hubs are
# changed by their own ids.
urlpatterns = pages(
    """
    networks/                              network_list    list
    networks/add/                          network_add     add
    networks/<int:network_id>/edit/        network_edit    edit
    networks/<int:network_id>/             network_detail  detail
    networks/<int:network_id>/map/         network_map     map
    networks/<int:network_id>/homes/add/   home_add        home-add
    networks/<int:network_id>/places/      place_list      places
    networks/<int:network_id>/places/add/  place_add       place-add
    networks/<int:network_id>/hubs/add/    hub_add         hub-add
    homes/<int:home_id>/edit/              home_edit       home-edit
    places/<int:asset_id>/edit/            place_edit      place-edit
    hubs/<int:hub_id>/edit/                hub_edit        hub-edit
    hubs/<int:hub_id>/events/add/          event_add       event-add
    clusters/                              cluster_list    clusters
    clusters/add/                          cluster_add     cluster-add
    clusters/<int:cluster_id>/edit/        cluster_edit    cluster-edit
    """,
    views,
)
