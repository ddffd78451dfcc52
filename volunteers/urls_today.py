"""Routes of the volunteers app's today pages (joined in keyring_net/urls.py)."""

from django.urls import path  # noqa: F401 (routes are added as pages arrive)

app_name = "volunteers_today"

urlpatterns: list = []
