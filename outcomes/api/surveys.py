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

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from keyring_net import limits
from keyring_net.api.base import ReachedField, id_parameter, service_errors
from keyring_net.pictograms import PICTOGRAMS
from keyring_net.policy import Permission
from networks.selectors import networks_for_viewer
from outcomes.api.reach import ReachViewSet
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
    class Meta:
        model = SurveyChoice
        fields = ["id", "position", "label", "pictogram", "score"]
        read_only_fields = fields


class SurveyQuestionSerializer(serializers.ModelSerializer):
    choices = SurveyChoiceSerializer(many=True, read_only=True)

    class Meta:
        model = SurveyQuestion
        fields = [
            "id",
            "position",
            "text",
            "easy_read_text",
            "pictogram",
            "kind",
            "required",
            "choices",
        ]
        read_only_fields = fields


class SurveySerializer(serializers.ModelSerializer):
    questions = SurveyQuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Survey
        fields = [
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
        ]
        read_only_fields = fields


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
    easy_read_intro = serializers.CharField(
        max_length=limits.REASON, required=False, allow_blank=True, default=""
    )
    allow_anonymous = serializers.BooleanField(required=False, default=True)
    closes_on = serializers.DateField(
        validators=[limits.not_before_record_floor], required=False, allow_null=True, default=None
    )
    networks = ReachedField(
        reach="networks",
        many=True,
        required=False,
        default=list,
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


class SurveyFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Survey.Status.choices)

    class Meta:
        model = Survey
        fields = ["status"]


@extend_schema_view(
    create=extend_schema(request=SurveyCreateSerializer, responses={201: SurveySerializer}),
)
class SurveyViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ReachViewSet
):
    """The organisation's satisfaction surveys, with their questions and
    picture answers. Written as a draft with at least one question, sent
    (``open``: one invitation for each active member of its networks) and
    closed. A sent survey's questions never change."""

    serializer_class = SurveySerializer
    serializer_classes = {"create": SurveyCreateSerializer}
    filterset_class = SurveyFilter
    permission = Permission.MANAGE_SURVEYS
    write_permission = Permission.MANAGE_SURVEYS
    lookup_url_kwarg = "survey_id"

    def scoped_queryset(self, actor):
        return selectors.surveys_in_full(actor)

    def reach(self):
        return {"networks": networks_for_viewer(self.actor)}

    def _out(self, survey, code=status.HTTP_200_OK) -> Response:
        return Response(SurveySerializer(self.get_queryset().get(pk=survey.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        questions = [_question_input(q) for q in data.pop("questions")]
        with service_errors():
            survey = services.survey_create(actor=self.actor, questions=questions, **data)
        return self._out(survey, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=SurveySerializer, parameters=[id_parameter("survey_id")])
    @action(detail=True, methods=["post"])
    def open(self, request, *args, **kwargs):
        """Send the survey to the active members of its networks. Refused
        (400) without questions or networks."""
        survey = self.get_object()
        with service_errors():
            survey = services.survey_open(actor=self.actor, survey=survey)
        return self._out(survey)

    @extend_schema(request=None, responses=SurveySerializer, parameters=[id_parameter("survey_id")])
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        """Close the survey: no more answers are taken."""
        survey = self.get_object()
        with service_errors():
            survey = services.survey_close(actor=self.actor, survey=survey)
        return self._out(survey)


ROUTES: list = [
    ("surveys", SurveyViewSet, "api-survey"),
]
