"""The organisation admin's pages about the organisation itself (joined in
keyring_net/urls.py under organisation/)."""

from keyring_net.routes import pages
from keyring_net.views import organisation

app_name = "organisation"

urlpatterns = pages(
    """
    settings/  organisation_settings  settings
    """,
    organisation,
)
