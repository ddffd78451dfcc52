"""Star readings in the API: a member's star filled in together, a score
for every area of one active star, each on its scale."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from rest_framework import serializers, status

from keyring_net.api.base import creates
from keyring_net.api.fields import date_field, optional_text, reached, row_id
from keyring_net.api.filters import row_filter
from keyring_net.api.rows import read_only
from support_plans.api import base
from support_plans.models import AreaScore, StarReading, StarTemplate
from support_plans.selectors import reach
from support_plans.services.readings import AreaAnswer, reading_record
from support_plans.stars import ensure_default_template


class AreaScoreSerializer(serializers.ModelSerializer):
    area_name = serializers.CharField(source="area.name", read_only=True)

    Meta = read_only(AreaScore, ["area", "area_name", "score", "member_words", "worker_note"])


class StarReadingSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    template_name = serializers.CharField(source="template.name", read_only=True)
    worker_name = serializers.CharField(source="worker.full_name", read_only=True)
    scores = AreaScoreSerializer(many=True, read_only=True)

    Meta = read_only(
        StarReading,
        [
            "id",
            "member",
            "member_name",
            "template",
            "template_name",
            "taken_on",
            "worker",
            "worker_name",
            "who_was_there",
            "notes",
            "scores",
        ],
    )


class AreaAnswerSerializer(serializers.Serializer):
    area = row_id("area", help_text="The id of one of the star's areas.")
    score = serializers.IntegerField(
        help_text="Agreed together, on the star's scale (1 to 10 on the default star).",
        error_messages={"required": "Give a score.", "invalid": "Give the score as a number."},
    )
    member_words = optional_text()
    worker_note = optional_text()


class StarReadingCreateSerializer(serializers.Serializer):
    """A star filled in together: a score for every area of the star. The
    worker is the person sending it."""

    member = reached("members", "Choose the member.")
    template = reached("templates", help_text="Leave out for the organisation's default star.")
    taken_on = date_field("Enter the date of the reading.")
    who_was_there = optional_text(250)
    notes = optional_text()
    answers = AreaAnswerSerializer(
        many=True, error_messages={"required": "Give a score for every area of the star."}
    )


@contextmanager
def area_names(template: StarTemplate) -> Iterator[None]:
    """Name the area in a score's error: the service files it under
    ``area_<id>``; the answer is about the area, so it goes under
    ``answers`` as "Money and bills: scores go from 1 to 10."."""
    try:
        yield
    except DjangoValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        names = {f"area_{area.pk}": area.name for area in template.areas.all()}
        errors: dict[str, list[str]] = {}
        for key, messages in error.message_dict.items():
            if key in names:
                errors.setdefault("answers", []).extend(
                    f"{names[key]}: {message[:1].lower()}{message[1:]}" for message in messages
                )
            else:
                errors.setdefault(key, []).extend(messages)
        raise DjangoValidationError(errors) from error


@creates(StarReadingCreateSerializer, StarReadingSerializer)
class StarReadingViewSet(base.PlanRecordViewSet):
    """Star readings of the members in reach, with every area's score and
    the member's words. Recording one needs a score for every area of the
    star, each on its scale."""

    filterset_class = row_filter(
        StarReading,
        member="member_id",
        template="template_id",
        taken_from=django_filters.DateFilter(field_name="taken_on", lookup_expr="gte"),
        taken_to=django_filters.DateFilter(field_name="taken_on", lookup_expr="lte"),
    )
    serializer_class = StarReadingSerializer
    lookup_url_kwarg = "reading_id"
    shown_member = "member_id"

    def scoped_queryset(self, actor):
        return (
            reach.readings_in_reach(actor)
            .select_related("member", "template", "worker")
            .prefetch_related(
                Prefetch(
                    "scores",
                    queryset=AreaScore.objects.select_related("area").order_by("area__position"),
                )
            )
        )

    reaches = {"members": reach.members_in_reach, "templates": reach.star_templates_of}

    def add(self, data):
        template = data.pop("template") or ensure_default_template(self.actor.organisation)
        answers = [
            AreaAnswer(area_id=answer.pop("area"), **answer) for answer in data.pop("answers")
        ]
        with area_names(template):
            reading = reading_record(actor=self.actor, template=template, answers=answers, **data)
        return reading, status.HTTP_201_CREATED
