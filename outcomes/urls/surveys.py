"""Routes of the survey pages: staff write, send and read them; members
answer their own (joined in keyring_net/urls.py)."""

from outcomes.urls.table import under
from outcomes.views import member_surveys, surveys

app_name = "surveys"

urlpatterns = [
    *under(
        "surveys/",
        {
            "": (surveys.survey_list, "list"),
            "new/": (surveys.survey_add, "add"),
            "usual/": (surveys.survey_usual, "usual"),
            "<int:survey_id>/": (surveys.survey_detail, "detail"),
            "<int:survey_id>/questions/add/": (surveys.question_add, "question-add"),
            "<int:survey_id>/questions/remove/": (surveys.question_remove, "question-remove"),
            "<int:survey_id>/networks/": (surveys.survey_networks, "networks"),
            "<int:survey_id>/open/": (surveys.survey_open, "open"),
            "<int:survey_id>/close/": (surveys.survey_close, "close"),
            "<int:survey_id>/results/": (surveys.survey_results, "results"),
        },
    ),
    *under(
        "my/surveys/",
        {
            "": (member_surveys.my_surveys, "my-list"),
            "<int:survey_id>/": (member_surveys.my_survey, "my-answer"),
        },
    ),
]
