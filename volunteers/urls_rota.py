"""Routes of the volunteers app's rota pages (joined in keyring_net/urls.py)."""

from django.urls import path  # noqa: F401 (routes are added as pages arrive)

app_name = "volunteers_rota"

urlpatterns: list = []
