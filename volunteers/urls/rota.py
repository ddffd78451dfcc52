"""Routes of the volunteers app's rota pages (joined in keyring_net/urls.py)."""

from volunteers.urls.paths import under
from volunteers.views import rota, swaps, worker

app_name = "volunteers_rota"

urlpatterns: list = [
    # A network's week, and the support manager's changes to it
    *under(
        "networks/<int:network_id>/rota/",
        ("", rota.network_rota, "network-rota"),
        ("shifts/add/", rota.shift_add, "shift-add"),
        ("patterns/add/", rota.pattern_add, "pattern-add"),
    ),
    *under(
        "rota/",
        ("patterns/<int:pattern_id>/extend/", rota.pattern_extend, "pattern-extend"),
        ("shifts/<int:shift_id>/edit/", rota.shift_edit, "shift-edit"),
        ("shifts/<int:shift_id>/cancel/", rota.shift_cancel, "shift-cancel"),
        ("shifts/<int:shift_id>/pick-up/", rota.shift_pick_up, "shift-pick-up"),
        ("shifts/<int:shift_id>/worked/", rota.shift_worked, "shift-worked"),
        ("shifts/<int:shift_id>/offer/", swaps.swap_add, "swap-add"),
        ("swaps/", swaps.swap_list, "swaps"),
        ("swaps/<int:swap_id>/decide/", swaps.swap_decide, "swap-decide"),
        ("swaps/<int:swap_id>/withdraw/", swaps.swap_withdraw, "swap-withdraw"),
        # A worker's own rota, availability and time off
        ("", worker.my_rota, "my-rota"),
        ("availability/", worker.availability_list, "availability"),
        ("availability/add/", worker.availability_add, "availability-add"),
        (
            "availability/<int:availability_id>/remove/",
            worker.availability_remove,
            "availability-remove",
        ),
        # Hours against commitment
        ("hours/", worker.my_hours, "my-hours"),
        ("hours/<int:person_id>/", worker.hours, "hours"),
        # Private calendar links; the feed itself is public (the link is the key)
        ("calendar/", worker.calendar_link, "calendar"),
        ("calendar/revoke/", worker.calendar_link_revoke, "calendar-revoke"),
    ),
    *under("calendar/", ("<str:token>.ics", worker.calendar_feed_ics, "calendar-feed")),
]
