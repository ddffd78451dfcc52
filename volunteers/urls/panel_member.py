"""Routes of a panel member's own pages, in easy read (joined in
keyring_net/urls.py)."""

from keyring_net.routes import pages
from volunteers.views import panel_member

app_name = "volunteers_panel_member"

urlpatterns = pages(
    """
    my/interviews/                     my_interviews  list
    my/interviews/<int:interview_id>/  my_interview   scores
    """,
    panel_member,
)
