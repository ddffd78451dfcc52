"""Routes of retention: legal holds (joined in keyring_net/urls.py)."""

from keyring_net.routes import pages
from privacy.views import retention

urlpatterns = pages(
    """
    organisation/legal-holds/                        retention.holds      holds
    organisation/legal-holds/<int:hold_id>/lift/     retention.hold_lift  hold-lift
    """,
    retention,
)
