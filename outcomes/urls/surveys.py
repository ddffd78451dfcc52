"""Routes of the survey pages: staff write, send and read them; members
answer their own (joined in keyring_net/urls.py)."""

from keyring_net.routes import pages
from outcomes.views import member_surveys, surveys

app_name = "surveys"

urlpatterns = pages(
    """
    surveys/                                   surveys.survey_list         list
    surveys/new/                               surveys.survey_add          add
    surveys/usual/                             surveys.survey_usual        usual
    surveys/<int:survey_id>/                   surveys.survey_detail       detail
    surveys/<int:survey_id>/questions/add/     surveys.question_add        question-add
    surveys/<int:survey_id>/questions/remove/  surveys.question_remove     question-remove
    surveys/<int:survey_id>/networks/          surveys.survey_networks     networks
    surveys/<int:survey_id>/open/              surveys.survey_open         open
    surveys/<int:survey_id>/close/             surveys.survey_close        close
    surveys/<int:survey_id>/results/           surveys.survey_results      results
    # Members answer their own.
    my/surveys/                                member_surveys.my_surveys   my-list
    my/surveys/<int:survey_id>/                member_surveys.my_survey    my-answer
    """,
    member_surveys,
    surveys,
)
