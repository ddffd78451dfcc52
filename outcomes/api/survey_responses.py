"""API for the answers to satisfaction surveys (``survey-responses/``):
those who read results list the answers of the networks they reach (free
text included: they are managers; commissioners never reach this); a member
sends their own answers to a survey they were asked, with the same rules as
the page.

ROUTES are (prefix, viewset, basename) tuples that keyring_net/api_urls.py
registers.
"""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.response import Response

from keyring_net import limits
from keyring_net.api.base import ReachedField, service_errors
from keyring_net.policy import Permission
from members.api.shown import LogsMembersShown
from outcomes.api.reach import ReachViewSet
from outcomes.models import (
    SurveyAnswer,
    SurveyResponse,
)
from outcomes.selectors import surveys as selectors
from outcomes.services import survey_answers as answering

NO_QUESTIONS_ON_CREATE = "Add at least one question to the survey."


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
    LogsMembersShown, mixins.ListModelMixin, mixins.CreateModelMixin, ReachViewSet
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
        return selectors.responses_for_viewer(actor)

    def reach(self):
        return {"surveys": selectors.surveys_asked(self.actor)}

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with service_errors():
            response = answering.response_submit(
                actor=self.actor,
                survey=data["survey"],
                mode=data["mode"],
                supporter_name=data["supporter_name"],
                answers=[
                    answering.AnswerInput(a["question"], a["choice"], a["text"])
                    for a in data["answers"]
                ],
            )
        return Response(
            SurveyResponseReceiptSerializer(response).data, status=status.HTTP_201_CREATED
        )


ROUTES: list = [
    ("survey-responses", SurveyResponseViewSet, "api-survey-response"),
]
