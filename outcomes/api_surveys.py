"""API for satisfaction surveys: the same selectors, services and policy as
the pages.

* ``surveys/``: support managers and organisation admins list, read and
  write surveys (with their questions, nested), and send (``open``) and
  close them.
* ``survey-responses/``: those who read results list the answers of the
  networks they reach (free text included: they are managers; commissioners
  never reach this); a member sends their own answers to a survey they were
  asked, with the same rules as the page.

ROUTES are (prefix, viewset, basename) tuples that keyring_net/api_urls.py
registers.
"""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from keyring_net import limits
from keyring_net.api.base import OrgScopedViewSet, ReachedField, id_parameter, service_errors
from keyring_net.pictograms import PICTOGRAMS
from keyring_net.policy import Permission
from members.api.shown import LogsMembersShown
from outcomes import selectors_surveys as selectors
from outcomes import services_surveys as services
from outcomes.models import (
    Survey,
    SurveyAnswer,
    SurveyChoice,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)

NO_QUESTIONS_ON_CREATE = "Add at least one question to the survey."


class _ReachViewSet(OrgScopedViewSet):
    def reach(self) -> dict:
        """The rows incoming ids may name, by context key."""
        return {}

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context.update(self.reach())
        return context


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
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _ReachViewSet
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
        return Survey.objects.filter(organisation=actor.organisation).prefetch_related(
            "networks",
            Prefetch(
                "questions",
                queryset=SurveyQuestion.objects.order_by("position", "pk").prefetch_related(
                    Prefetch("choices", queryset=SurveyChoice.objects.order_by("position", "pk"))
                ),
            ),
        )

    def reach(self):
        return {"networks": selectors.networks_in_reach(self.actor)}

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


# --- Responses -----------------------------------------------------------------------------


class SurveyAnswerSerializer(serializers.ModelSerializer):
    choice_label = serializers.CharField(
        source="choice.label", read_only=True, default=None, allow_null=True
    )
    score = serializers.IntegerField(
        source="choice.score", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = SurveyAnswer
        fields = ["question", "choice", "choice_label", "score", "text"]
        read_only_fields = fields


class SurveyResponseSerializer(serializers.ModelSerializer):
    """``member`` is empty for an anonymous answer, whose ``submitted_at``
    is the day only (midnight, local time). ``text`` answers (own words) are
    for managers; commissioners never reach this endpoint."""

    network_name = serializers.CharField(source="network.name", read_only=True)
    answers = SurveyAnswerSerializer(many=True, read_only=True)

    class Meta:
        model = SurveyResponse
        fields = [
            "id",
            "survey",
            "network",
            "network_name",
            "member",
            "mode",
            "supporter_name",
            "submitted_at",
            "answers",
        ]
        read_only_fields = fields


class AnswerInputSerializer(serializers.Serializer):
    question = serializers.IntegerField(
        error_messages={"required": "Say which question.", "invalid": "Give the question's id."}
    )
    choice = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The id of the picture answer chosen (faces and choice questions).",
    )
    text = serializers.CharField(
        max_length=limits.NOTE,
        required=False,
        allow_blank=True,
        default="",
        help_text="Own words (text questions).",
    )


class SurveyResponseCreateSerializer(serializers.Serializer):
    """The signed-in member's answers to a survey they were asked. A problem
    with one question's answer comes back under ``question_<id>``."""

    survey = ReachedField(
        reach="surveys",
        error_messages={"required": "Say which survey.", "does_not_exist": "Not found."},
    )
    mode = serializers.ChoiceField(
        choices=SurveyResponse.Mode.choices,
        required=False,
        default=SurveyResponse.Mode.OWN,
        error_messages={"invalid_choice": "Say who is answering: own, supporter or anonymous."},
    )
    supporter_name = serializers.CharField(
        max_length=120, required=False, allow_blank=True, default=""
    )
    answers = AnswerInputSerializer(many=True, required=False, default=list)


class SurveyResponseReceiptSerializer(serializers.ModelSerializer):
    class Meta:
        model = SurveyResponse
        fields = ["id", "survey", "mode", "submitted_at"]
        read_only_fields = fields


class SurveyResponseFilter(django_filters.FilterSet):
    survey = django_filters.NumberFilter(field_name="survey_id")
    network = django_filters.NumberFilter(field_name="network_id")

    class Meta:
        model = SurveyResponse
        fields = ["survey", "network"]


@extend_schema_view(
    create=extend_schema(
        request=SurveyResponseCreateSerializer, responses={201: SurveyResponseReceiptSerializer}
    ),
)
class SurveyResponseViewSet(
    LogsMembersShown, mixins.ListModelMixin, mixins.CreateModelMixin, _ReachViewSet
):
    """Answers to surveys. Listed for those who read results, for the
    networks they reach; each member named on a page of the list is logged
    on their record (an anonymous answer names nobody). Sent by a member,
    for a survey they were asked and have not answered; a closed survey is
    refused (400) and nothing is kept."""

    serializer_class = SurveyResponseSerializer
    serializer_classes = {"create": SurveyResponseCreateSerializer}
    filterset_class = SurveyResponseFilter
    permission = Permission.VIEW_SURVEY_RESULTS
    write_permission = Permission.ANSWER_SURVEYS

    def scoped_queryset(self, actor):
        return (
            SurveyResponse.objects.filter(
                organisation=actor.organisation,
                network__in=selectors.networks_in_reach(actor).values("pk"),
            )
            .select_related("network")
            .prefetch_related(
                Prefetch(
                    "answers",
                    queryset=SurveyAnswer.objects.select_related("choice").order_by(
                        "question__position", "pk"
                    ),
                )
            )
            .order_by("-submitted_at", "-pk")
        )

    def reach(self):
        # The surveys the signed-in person was asked: anyone else's, and
        # another organisation's, are "Not found.".
        asked = SurveyInvitation.objects.filter(
            organisation=self.actor.organisation, member__user=self.actor.user
        ).values("survey_id")
        return {
            "surveys": Survey.objects.filter(organisation=self.actor.organisation, pk__in=asked)
        }

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with service_errors():
            response = services.response_submit(
                actor=self.actor,
                survey=data["survey"],
                mode=data["mode"],
                supporter_name=data["supporter_name"],
                answers=[
                    services.AnswerInput(a["question"], a["choice"], a["text"])
                    for a in data["answers"]
                ],
            )
        return Response(
            SurveyResponseReceiptSerializer(response).data, status=status.HTTP_201_CREATED
        )


ROUTES: list = [
    ("surveys", SurveyViewSet, "api-survey"),
    ("survey-responses", SurveyResponseViewSet, "api-survey-response"),
]
