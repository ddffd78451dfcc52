"""Routes of the volunteers app's today pages (joined in keyring_net/urls.py)."""

from django.urls import path

from volunteers import views_today

app_name = "volunteers_today"

urlpatterns: list = [
    path("today/", views_today.today, name="today"),
    path("today/check-in/", views_today.check_in, name="check-in"),
    path("today/check-out/<int:lone_working_id>/", views_today.check_out, name="check-out"),
    path("lone-working/alerts/", views_today.alerts, name="alerts"),
    path(
        "lone-working/alerts/<int:lone_alert_id>/acknowledge/",
        views_today.alert_acknowledge,
        name="alert-acknowledge",
    ),
]
