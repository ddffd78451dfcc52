"""Routes of the volunteers app's rota pages (joined in keyring_net/urls.py)."""

from django.urls import path

from volunteers.views import rota as views

app_name = "volunteers_rota"

urlpatterns: list = [
    # A network's week, and the support manager's changes to it
    path("networks/<int:network_id>/rota/", views.network_rota, name="network-rota"),
    path("networks/<int:network_id>/rota/shifts/add/", views.shift_add, name="shift-add"),
    path("networks/<int:network_id>/rota/patterns/add/", views.pattern_add, name="pattern-add"),
    path("rota/patterns/<int:pattern_id>/extend/", views.pattern_extend, name="pattern-extend"),
    path("rota/shifts/<int:shift_id>/edit/", views.shift_edit, name="shift-edit"),
    path("rota/shifts/<int:shift_id>/cancel/", views.shift_cancel, name="shift-cancel"),
    path("rota/shifts/<int:shift_id>/pick-up/", views.shift_pick_up, name="shift-pick-up"),
    path("rota/shifts/<int:shift_id>/worked/", views.shift_worked, name="shift-worked"),
    path("rota/shifts/<int:shift_id>/offer/", views.swap_add, name="swap-add"),
    path("rota/swaps/", views.swap_list, name="swaps"),
    path("rota/swaps/<int:swap_id>/decide/", views.swap_decide, name="swap-decide"),
    path("rota/swaps/<int:swap_id>/withdraw/", views.swap_withdraw, name="swap-withdraw"),
    # A worker's own rota, availability and time off
    path("rota/", views.my_rota, name="my-rota"),
    path("rota/availability/", views.availability_list, name="availability"),
    path("rota/availability/add/", views.availability_add, name="availability-add"),
    path(
        "rota/availability/<int:availability_id>/remove/",
        views.availability_remove,
        name="availability-remove",
    ),
    # Hours against commitment
    path("rota/hours/", views.my_hours, name="my-hours"),
    path("rota/hours/<int:person_id>/", views.hours, name="hours"),
    # Private calendar links; the feed itself is public (the link is the key)
    path("rota/calendar/", views.calendar_link, name="calendar"),
    path("rota/calendar/revoke/", views.calendar_link_revoke, name="calendar-revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed_ics, name="calendar-feed"),
]
