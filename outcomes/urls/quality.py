from django.urls import path

from outcomes.views import quality as views_quality

app_name = "quality"

urlpatterns = [
    path("quality-checks/", views_quality.check_list, name="list"),
    path("quality-checks/new/", views_quality.check_add, name="check-add"),
    path("quality-checks/actions/", views_quality.actions_open, name="actions"),
    path("quality-checks/checklists/", views_quality.checklists, name="checklists"),
    path(
        "quality-checks/checklists/<int:checklist_id>/",
        views_quality.checklist_detail,
        name="checklist",
    ),
    path("quality-checks/<int:quality_check_id>/", views_quality.check_detail, name="check"),
    path(
        "quality-checks/<int:quality_check_id>/actions/add/",
        views_quality.action_add,
        name="action-add",
    ),
    path(
        "quality-checks/actions/<int:quality_action_id>/done/",
        views_quality.action_done,
        name="action-done",
    ),
]
