from django.urls import path

from outcomes.views import figures as views_figures
from outcomes.views import indicators as views_indicators

app_name = "outcomes_figures"

urlpatterns = [
    path("outcomes/", views_figures.dashboard, name="dashboard"),
    path("outcomes/costs/", views_figures.costs, name="costs"),
    path(
        "members/<int:member_id>/outcomes/",
        views_indicators.member_indicators,
        name="member-indicators",
    ),
    path(
        "outcome-indicators/<int:indicator_id>/withdraw/",
        views_indicators.indicator_withdraw_view,
        name="indicator-withdraw",
    ),
]
