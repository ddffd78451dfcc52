"""Routes of the survey pages: staff write, send and read them; members
answer their own (joined in keyring_net/urls.py)."""

from keyring_net.routes import pages
from outcomes.views import member_surveys, surveys

app_name = "surveys"

urlpatterns = [
    *pages(
        """
        surveys/                                   survey_list      list
        surveys/new/                               survey_add       add
        surveys/usual/                             survey_usual     usual
        surveys/<int:survey_id>/                   survey_detail    detail
        surveys/<int:survey_id>/questions/add/     question_add     question-add
        surveys/<int:survey_id>/questions/remove/  question_remove  question-remove
        surveys/<int:survey_id>/networks/          survey_networks  networks
        surveys/<int:survey_id>/open/              survey_open      open
        surveys/<int:survey_id>/close/             survey_close     close
        surveys/<int:survey_id>/results/           survey_results   results
        """,
        surveys,
    ),
    # Members answer their own.
    *pages(
        """
        my/surveys/                  my_surveys  my-list
        my/surveys/<int:survey_id>/  my_survey   my-answer
        """,
        member_surveys,
    ),
]
