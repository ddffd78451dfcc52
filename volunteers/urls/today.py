"""Routes of the volunteers app's today pages (joined in keyring_net/urls.py)."""

from volunteers.urls.paths import under
from volunteers.views import today as views

app_name = "volunteers_today"

urlpatterns: list = [
    *under(
        "today/",
        ("", views.today, "today"),
        ("check-in/", views.check_in, "check-in"),
        ("check-out/<int:lone_working_id>/", views.check_out, "check-out"),
    ),
    *under(
        "lone-working/alerts/",
        ("", views.alerts, "alerts"),
        ("<int:lone_alert_id>/acknowledge/", views.alert_acknowledge, "alert-acknowledge"),
        ("<int:lone_alert_id>/resolve/", views.alert_resolve, "alert-resolve"),
    ),
]
