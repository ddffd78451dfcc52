from django.urls import path

from networks import views

app_name = "networks"

# (address, page, name): a network's own pages sit under its address; homes,
# places and hubs are changed by their own ids.
PAGES = (
    ("networks/", views.network_list, "list"),
    ("networks/<int:network_id>/", views.network_detail, "detail"),
    ("networks/<int:network_id>/map/", views.network_map, "map"),
    ("networks/<int:network_id>/homes/add/", views.home_add, "home-add"),
    ("networks/<int:network_id>/places/", views.place_list, "places"),
    ("networks/<int:network_id>/places/add/", views.place_add, "place-add"),
    ("networks/<int:network_id>/hubs/add/", views.hub_add, "hub-add"),
    ("homes/<int:home_id>/edit/", views.home_edit, "home-edit"),
    ("places/<int:asset_id>/edit/", views.place_edit, "place-edit"),
    ("hubs/<int:hub_id>/events/add/", views.event_add, "event-add"),
)

urlpatterns = [path(route, view, name=name) for route, view, name in PAGES]
