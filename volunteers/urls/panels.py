"""Routes of values-based recruitment: the organisation's values and an
interview's panel and decision (joined in keyring_net/urls.py)."""

from keyring_net.routes import pages
from volunteers.views import panels

app_name = "volunteers_panels"

urlpatterns = [
    *pages(
        """
        values/                                values            values
        values/<int:value_id>/                 value_edit        value-edit
        values/<int:value_id>/in-use/          value_switch      value-switch
        interviews/<int:interview_id>/         interview_detail  interview
        interviews/<int:interview_id>/panel/   panel_add         panel-add
        interviews/<int:interview_id>/decision/  interview_decide  decide
        interviews/<int:interview_id>/panel/<int:seat_id>/off/  panel_remove  panel-remove
        """,
        panels,
        under="volunteers/",
    ),
]
