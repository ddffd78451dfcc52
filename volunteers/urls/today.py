"""Routes of the volunteers app's today pages (joined in keyring_net/urls.py)."""

from django.urls import path

from volunteers.views import today as views

app_name = "volunteers_today"

urlpatterns: list = [
    path("today/", views.today, name="today"),
    path("today/check-in/", views.check_in, name="check-in"),
    path("today/check-out/<int:lone_working_id>/", views.check_out, name="check-out"),
    path("lone-working/alerts/", views.alerts, name="alerts"),
    path(
        "lone-working/alerts/<int:lone_alert_id>/acknowledge/",
        views.alert_acknowledge,
        name="alert-acknowledge",
    ),
]
