"""Routes of the quality check pages (joined in keyring_net/urls.py)."""

from keyring_net.routes import pages
from outcomes.views import quality as views

app_name = "quality"

urlpatterns = pages(
    """
    quality-checks/                                           check_list        list
    quality-checks/new/                                       check_add         check-add
    quality-checks/actions/                                   actions_open      actions
    quality-checks/checklists/                                checklists        checklists
    quality-checks/checklists/<int:checklist_id>/             checklist_detail  checklist
    quality-checks/<int:quality_check_id>/                    check_detail      check
    quality-checks/<int:quality_check_id>/actions/add/        action_add        action-add
    quality-checks/actions/<int:quality_action_id>/done/      action_done       action-done
    """,
    views,
)
