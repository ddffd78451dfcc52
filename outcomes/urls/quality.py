"""Routes of the quality check pages (joined in keyring_net/urls.py)."""

from outcomes.urls.table import under
from outcomes.views import quality as views

app_name = "quality"

urlpatterns = under(
    "quality-checks/",
    {
        "": (views.check_list, "list"),
        "new/": (views.check_add, "check-add"),
        "actions/": (views.actions_open, "actions"),
        "checklists/": (views.checklists, "checklists"),
        "checklists/<int:checklist_id>/": (views.checklist_detail, "checklist"),
        "<int:quality_check_id>/": (views.check_detail, "check"),
        "<int:quality_check_id>/actions/add/": (views.action_add, "action-add"),
        "actions/<int:quality_action_id>/done/": (views.action_done, "action-done"),
    },
)
