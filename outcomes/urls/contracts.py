"""Routes of the contracts pages (joined in keyring_net/urls.py)."""

from django.urls import path

from outcomes.views import contracts as views

app_name = "contracts"

urlpatterns = [
    path("contracts/", views.contract_list, name="list"),
    path("contracts/new/", views.contract_add, name="add"),
    path("contracts/<int:contract_id>/edit/", views.contract_edit, name="edit"),
]
