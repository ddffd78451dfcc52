from django.urls import path

from networks import views

app_name = "networks"

urlpatterns = [
    path("networks/", views.network_list, name="list"),
    path("networks/<int:network_id>/", views.network_detail, name="detail"),
    path("networks/<int:network_id>/map/", views.network_map, name="map"),
    path("networks/<int:network_id>/homes/add/", views.home_add, name="home-add"),
    path("homes/<int:home_id>/edit/", views.home_edit, name="home-edit"),
    path("networks/<int:network_id>/places/", views.place_list, name="places"),
    path("networks/<int:network_id>/places/add/", views.place_add, name="place-add"),
    path("places/<int:asset_id>/edit/", views.place_edit, name="place-edit"),
    path("networks/<int:network_id>/hubs/add/", views.hub_add, name="hub-add"),
    path("hubs/<int:hub_id>/events/add/", views.event_add, name="event-add"),
]
