from django.urls import path

from outcomes.views import member_surveys as views_member_surveys
from outcomes.views import surveys as views_surveys

app_name = "surveys"

urlpatterns = [
    path("surveys/", views_surveys.survey_list, name="list"),
    path("surveys/new/", views_surveys.survey_add, name="add"),
    path("surveys/usual/", views_surveys.survey_usual, name="usual"),
    path("surveys/<int:survey_id>/", views_surveys.survey_detail, name="detail"),
    path("surveys/<int:survey_id>/questions/add/", views_surveys.question_add, name="question-add"),
    path(
        "surveys/<int:survey_id>/questions/remove/",
        views_surveys.question_remove,
        name="question-remove",
    ),
    path("surveys/<int:survey_id>/networks/", views_surveys.survey_networks, name="networks"),
    path("surveys/<int:survey_id>/open/", views_surveys.survey_open, name="open"),
    path("surveys/<int:survey_id>/close/", views_surveys.survey_close, name="close"),
    path("surveys/<int:survey_id>/results/", views_surveys.survey_results, name="results"),
    path("my/surveys/", views_member_surveys.my_surveys, name="my-list"),
    path("my/surveys/<int:survey_id>/", views_member_surveys.my_survey, name="my-answer"),
]
