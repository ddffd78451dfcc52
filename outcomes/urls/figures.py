"""Routes of the outcomes dashboard, its cost model and members' outcome
indicators (joined in keyring_net/urls.py)."""

from outcomes.urls.table import under
from outcomes.views import figures, indicators

app_name = "outcomes_figures"

urlpatterns = under(
    "",
    {
        "outcomes/": (figures.dashboard, "dashboard"),
        "outcomes/costs/": (figures.costs, "costs"),
        "members/<int:member_id>/outcomes/": (indicators.member_indicators, "member-indicators"),
        "outcome-indicators/<int:indicator_id>/withdraw/": (
            indicators.indicator_withdraw_view,
            "indicator-withdraw",
        ),
    },
)
