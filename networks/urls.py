from django.urls import include, path

from networks import views

app_name = "networks"

# A network's own pages sit under its address.
one_network = [
    path("", views.network_detail, name="detail"),
    path("map/", views.network_map, name="map"),
    path("homes/add/", views.home_add, name="home-add"),
    path("places/", views.place_list, name="places"),
    path("places/add/", views.place_add, name="place-add"),
    path("hubs/add/", views.hub_add, name="hub-add"),
]

urlpatterns = [
    path("networks/", views.network_list, name="list"),
    path("networks/<int:network_id>/", include(one_network)),
    path("homes/<int:home_id>/edit/", views.home_edit, name="home-edit"),
    path("places/<int:asset_id>/edit/", views.place_edit, name="place-edit"),
    path("hubs/<int:hub_id>/events/add/", views.event_add, name="event-add"),
]
