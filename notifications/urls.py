"""Routes of the notifications pages (joined in keyring_net/urls.py)."""

from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns: list = [
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/read-all/", views.mark_all_read, name="read-all"),
    path("notifications/<int:notification_id>/read/", views.mark_read, name="read"),
    path("notifications/preferences/", views.preferences, name="preferences"),
    path("notifications/sent/", views.sent, name="sent"),
    path("notifications/sent/<int:delivery_id>/retry/", views.retry, name="retry"),
]
