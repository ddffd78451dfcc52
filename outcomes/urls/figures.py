"""Routes of the outcomes dashboard, its cost model and members' outcome
indicators (joined in keyring_net/urls.py)."""

from keyring_net.routes import pages
from outcomes.views import figures, indicators

app_name = "outcomes_figures"

urlpatterns = [
    *pages(
        """
        outcomes/        dashboard  dashboard
        outcomes/costs/  costs      costs
        """,
        figures,
    ),
    *pages(
        """
        members/<int:member_id>/outcomes/                member_indicators        member-indicators
        outcome-indicators/<int:indicator_id>/withdraw/  indicator_withdraw_view  indicator-withdraw
        """,
        indicators,
    ),
]
