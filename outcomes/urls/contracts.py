"""Routes of the contracts pages (joined in keyring_net/urls.py)."""

from outcomes.urls.table import under
from outcomes.views import contracts as views

app_name = "contracts"

urlpatterns = under(
    "contracts/",
    {
        "": (views.contract_list, "list"),
        "new/": (views.contract_add, "add"),
        "<int:contract_id>/edit/": (views.contract_edit, "edit"),
    },
)
