from django.urls import include, path

from networks import views

app_name = "networks"


def _pages(table) -> list:
    return [path(route, view, name=name) for route, view, name in table]


# A network's own pages sit under its address.
ONE_NETWORK = (
    ("", views.network_detail, "detail"),
    ("map/", views.network_map, "map"),
    ("homes/add/", views.home_add, "home-add"),
    ("places/", views.place_list, "places"),
    ("places/add/", views.place_add, "place-add"),
    ("hubs/add/", views.hub_add, "hub-add"),
)
# Changing a home or a place, and adding an event at a hub, by their own ids.
OWN_IDS = (
    ("homes/<int:home_id>/edit/", views.home_edit, "home-edit"),
    ("places/<int:asset_id>/edit/", views.place_edit, "place-edit"),
    ("hubs/<int:hub_id>/events/add/", views.event_add, "event-add"),
)

urlpatterns = [
    path("networks/", views.network_list, name="list"),
    path("networks/<int:network_id>/", include(_pages(ONE_NETWORK))),
    *_pages(OWN_IDS),
]
