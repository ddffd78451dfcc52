"""API for satisfaction surveys: the same selectors, services and policy as
the pages.

* ``surveys/``: support managers and organisation admins list, read and
  write surveys (with their questions, nested), and send (``open``) and
  close them.
* ``survey-responses/`` is in ``outcomes.api.survey_responses``.

ROUTES are (prefix, viewset, basename) tuples that keyring_net/api_urls.py
registers.
"""

from __future__ import annotations

from rest_framework import serializers, status

from keyring_net import limits
from keyring_net.api.base import creates, row_action, service_errors
from keyring_net.api.fields import optional_date, optional_text, reached_many
from keyring_net.api.filters import CHOICES, row_filter
from keyring_net.api.mixins import RowsViewSet
from keyring_net.api.rows import read_only
from keyring_net.pictograms import PICTOGRAMS
from keyring_net.policy import Permission
from networks.selectors import networks_for_viewer
from outcomes.models import (
    Survey,
    SurveyChoice,
    SurveyQuestion,
)
from outcomes.selectors import surveys as selectors
from outcomes.services import surveys as services

NO_QUESTIONS_ON_CREATE = "Add at least one question to the survey."


# --- Surveys ---------------------------------------------------------------------------


class SurveyChoiceSerializer(serializers.ModelSerializer):
    Meta = read_only(SurveyChoice, ["id", "position", "label", "pictogram", "score"])


class SurveyQuestionSerializer(serializers.ModelSerializer):
    choices = SurveyChoiceSerializer(many=True, read_only=True)

    Meta = read_only(
        SurveyQuestion,
        [
            "id",
            "position",
            "text",
            "easy_read_text",
            "pictogram",
            "kind",
            "required",
            "choices",
        ],
    )


class SurveySerializer(serializers.ModelSerializer):
    questions = SurveyQuestionSerializer(many=True, read_only=True)

    Meta = read_only(
        Survey,
        [
            "id",
            "title",
            "easy_read_title",
            "easy_read_intro",
            "status",
            "networks",
            "allow_anonymous",
            "closes_on",
            "created_at",
            "opened_at",
            "closed_at",
            "questions",
        ],
    )


class ChoiceInputSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=80)
    pictogram = serializers.ChoiceField(
        choices=list(PICTOGRAMS),
        required=False,
        default="okay",
        error_messages={"invalid_choice": "Choose one of our pictures."},
    )
    score = serializers.IntegerField(required=False, allow_null=True, default=None)


class QuestionInputSerializer(serializers.Serializer):
    """Faces questions get the five standard faces (scores 1 to 5); picture
    answer questions need two ``choices`` or more; own words have none."""

    text = serializers.CharField(max_length=250, error_messages={"required": "Enter the question."})
    easy_read_text = serializers.CharField(
        max_length=250,
        error_messages={"required": "Enter the question in easy read: one short sentence."},
    )
    kind = serializers.ChoiceField(
        choices=SurveyQuestion.Kind.choices,
        required=False,
        default=SurveyQuestion.Kind.FACES,
        error_messages={"invalid_choice": "Choose faces, choice or text."},
    )
    pictogram = serializers.ChoiceField(
        choices=list(PICTOGRAMS),
        required=False,
        default="question",
        error_messages={"invalid_choice": "Choose one of our pictures."},
    )
    required = serializers.BooleanField(required=False, default=False)
    choices = ChoiceInputSerializer(many=True, required=False, default=list)


class SurveyCreateSerializer(serializers.Serializer):
    title = serializers.CharField(
        max_length=150, error_messages={"required": "Enter a title for the survey."}
    )
    easy_read_title = serializers.CharField(
        max_length=150, error_messages={"required": "Enter the title members see, in easy read."}
    )
    easy_read_intro = optional_text(limits.REASON)
    allow_anonymous = serializers.BooleanField(required=False, default=True)
    closes_on = optional_date()
    networks = reached_many(
        "networks",
        help_text="Ids of networks you work with; their active members are asked when it opens.",
    )
    questions = QuestionInputSerializer(
        many=True, error_messages={"required": NO_QUESTIONS_ON_CREATE}
    )

    def validate_questions(self, value):
        if not value:
            raise serializers.ValidationError(NO_QUESTIONS_ON_CREATE)
        return value


def _question_input(data: dict) -> services.QuestionInput:
    return services.QuestionInput(
        text=data["text"],
        easy_read_text=data["easy_read_text"],
        kind=data["kind"],
        pictogram=data["pictogram"],
        required=data["required"],
        choices=tuple(services.ChoiceInput(**c) for c in data["choices"]),
    )


@creates(SurveyCreateSerializer, SurveySerializer)
class SurveyViewSet(RowsViewSet):
    """The organisation's satisfaction surveys, with their questions and
    picture answers. Written as a draft with at least one question, sent
    (``open``: one invitation for each active member of its networks) and
    closed. A sent survey's questions never change."""

    serializer_class = SurveySerializer
    filterset_class = row_filter(Survey, status=CHOICES)
    permission = Permission.MANAGE_SURVEYS
    write_permission = Permission.MANAGE_SURVEYS
    lookup_url_kwarg = "survey_id"

    reads = selectors.surveys_in_full
    reaches = {"networks": networks_for_viewer}

    def add(self, data):
        questions = [_question_input(q) for q in data.pop("questions")]
        survey = services.survey_create(actor=self.actor, questions=questions, **data)
        return survey, status.HTTP_201_CREATED

    @row_action(request=None, response=SurveySerializer, id_name="survey_id")
    def open(self, request, *args, **kwargs):
        """Send the survey to the active members of its networks. Refused
        (400) without questions or networks."""
        survey = self.get_object()
        with service_errors():
            survey = services.survey_open(actor=self.actor, survey=survey)
        return self.answer(survey)

    @row_action(request=None, response=SurveySerializer, id_name="survey_id")
    def close(self, request, *args, **kwargs):
        """Close the survey: no more answers are taken."""
        survey = self.get_object()
        with service_errors():
            survey = services.survey_close(actor=self.actor, survey=survey)
        return self.answer(survey)


ROUTES: list = [
    ("surveys", SurveyViewSet, "api-survey"),
]
