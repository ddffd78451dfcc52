"""Routes of the incident pages (joined in keyring_net/urls.py)."""

from casework.views import incidents as views
from keyring_net.routes import pages

app_name = "incidents"

urlpatterns = pages(
    """
    incidents/                                          incident_list      list
    incidents/new/                                      incident_add       add
    incidents/<int:incident_id>/                        incident_detail    detail
    incidents/<int:incident_id>/edit/                   incident_edit      edit
    incidents/<int:incident_id>/review/                 incident_review    review
    incidents/<int:incident_id>/actions/add/            action_add         action-add
    incidents/<int:incident_id>/close/                  incident_close     close
    incidents/actions/<int:incident_action_id>/done/    action_done        action-done
    """,
    views,
)
