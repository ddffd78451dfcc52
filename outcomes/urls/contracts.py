"""Routes of the contracts pages (joined in keyring_net/urls.py)."""

from keyring_net.routes import pages
from outcomes.views import contracts as views

app_name = "contracts"

urlpatterns = pages(
    """
    contracts/                          contract_list  list
    contracts/new/                      contract_add   add
    contracts/<int:contract_id>/edit/   contract_edit  edit
    """,
    views,
)
