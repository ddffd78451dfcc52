"""The search page, under the ``search`` namespace."""

from keyring_net.routes import pages
from search import views

app_name = "search"

urlpatterns = pages(
    """
    search/    search_page    page
    """,
    views,
)
