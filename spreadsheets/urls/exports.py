"""Routes of the export page (joined in keyring_net/urls.py)."""

from keyring_net.routes import pages
from spreadsheets.views import exports as views

app_name = "exports"

urlpatterns = pages(
    """
    organisation/exports/   export_page   page
    """,
    views,
)
