"""API for the answers to satisfaction surveys (``survey-responses/``):
those who read results list the answers of the networks they reach (free
text included: they are managers; commissioners never reach this); a member
sends their own answers to a survey they were asked, with the same rules as
the page.

ROUTES are (prefix, viewset, basename) tuples that keyring_net/api_urls.py
registers.
"""

from __future__ import annotations

from rest_framework import mixins, serializers, status

from keyring_net.api.base import OrgScopedViewSet, ReachedField, creates
from keyring_net.api.fields import optional_id, optional_text, row_id
from keyring_net.api.filters import row_filter
from keyring_net.api.mixins import WritesThroughServices
from keyring_net.api.rows import read_only, shown
from keyring_net.policy import Permission
from members.api.shown import LogsMembersShown
from outcomes.models import (
    SurveyAnswer,
    SurveyResponse,
)
from outcomes.selectors import surveys as selectors
from outcomes.services import survey_answers as answering

NO_QUESTIONS_ON_CREATE = "Add at least one question to the survey."


class SurveyAnswerSerializer(serializers.ModelSerializer):
    choice_label = shown("choice.label", optional=True)
    score = shown("choice.score", serializers.IntegerField, optional=True)

    Meta = read_only(SurveyAnswer, ["question", "choice", "choice_label", "score", "text"])


class SurveyResponseSerializer(serializers.ModelSerializer):
    """``member`` is empty for an anonymous answer, whose ``submitted_at``
    is the day only (midnight, local time). ``text`` answers (own words) are
    for managers; commissioners never reach this endpoint."""

    network_name = shown("network.name")
    answers = SurveyAnswerSerializer(many=True, read_only=True)

    Meta = read_only(
        SurveyResponse,
        [
            "id",
            "survey",
            "network",
            "network_name",
            "member",
            "mode",
            "supporter_name",
            "submitted_at",
            "answers",
        ],
    )


class AnswerInputSerializer(serializers.Serializer):
    question = row_id("question")
    choice = optional_id(
        help_text="The id of the picture answer chosen (faces and choice questions)."
    )
    text = optional_text(help_text="Own words (text questions).")


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
    supporter_name = optional_text(120)
    answers = AnswerInputSerializer(many=True, required=False, default=list)


class SurveyResponseReceiptSerializer(serializers.ModelSerializer):
    Meta = read_only(SurveyResponse, ["id", "survey", "mode", "submitted_at"])


@creates(SurveyResponseCreateSerializer, SurveyResponseReceiptSerializer)
class SurveyResponseViewSet(
    WritesThroughServices,
    LogsMembersShown,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    OrgScopedViewSet,
):
    """Answers to surveys. Listed for those who read results, for the
    networks they reach; each member named on a page of the list is logged
    on their record (an anonymous answer names nobody). Sent by a member,
    for a survey they were asked and have not answered; a closed survey is
    refused (400) and nothing is kept."""

    serializer_class = SurveyResponseSerializer
    filterset_class = row_filter(SurveyResponse, survey="survey_id", network="network_id")
    permission = Permission.VIEW_SURVEY_RESULTS
    write_permission = Permission.ANSWER_SURVEYS

    reads = selectors.responses_for_viewer
    reaches = {"surveys": selectors.surveys_asked}

    def add(self, data):
        answers = [
            answering.AnswerInput(a["question"], a["choice"], a["text"])
            for a in data.pop("answers")
        ]
        response = answering.response_submit(actor=self.actor, answers=answers, **data)
        return response, status.HTTP_201_CREATED

    def written(self, row):
        # A member sending answers may not read the list: the receipt is
        # made from the row as written.
        return SurveyResponseReceiptSerializer(row)


ROUTES: list = [
    ("survey-responses", SurveyResponseViewSet, "api-survey-response"),
]
