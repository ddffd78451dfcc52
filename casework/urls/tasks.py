"""Routes of the tasks pages and the caseload (joined in keyring_net/urls.py)."""

from casework.views import tasks as views
from keyring_net.routes import pages

app_name = "tasks"

urlpatterns = pages(
    """
    caseload/                              caseload       caseload
    tasks/add/                             task_add       add
    tasks/<int:task_id>/                   task_detail    detail
    tasks/<int:task_id>/change/            task_change    change
    tasks/<int:task_id>/done/              task_done      done
    tasks/<int:task_id>/cancel/            task_cancel    cancel
    members/<int:member_id>/tasks/         member_tasks   member
    """,
    views,
)
