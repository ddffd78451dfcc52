"""The organisation's stars in the API: read by those who read plans or
manage stars; added and changed (a new version, once in use) by those who
manage them."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from rest_framework import serializers, status

from keyring_net.api.base import changes, creates
from keyring_net.api.fields import optional_text
from keyring_net.api.filters import row_filter
from keyring_net.api.mixins import RowsViewSet
from keyring_net.api.rows import read_only
from keyring_net.policy import Permission, can
from support_plans.api import base
from support_plans.models import StarArea, StarStage, StarTemplate
from support_plans.selectors import reach
from support_plans.services import templates as star_services
from support_plans.stars import ensure_default_template


class StarAreaSerializer(serializers.ModelSerializer):
    Meta = read_only(
        StarArea, ["id", "position", "name", "easy_read_name", "description", "pictogram"]
    )


class StarStageSerializer(serializers.ModelSerializer):
    Meta = read_only(StarStage, ["id", "name", "easy_read_name", "low", "high"])


class StarTemplateSerializer(serializers.ModelSerializer):
    areas = StarAreaSerializer(many=True, read_only=True)
    stages = StarStageSerializer(many=True, read_only=True)

    Meta = read_only(
        StarTemplate,
        [
            "id",
            "name",
            "description",
            "version",
            "previous",
            "is_active",
            "scale_min",
            "scale_max",
            "created_at",
            "areas",
            "stages",
        ],
    )


class StarStageInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60, allow_blank=True)
    easy_read_name = serializers.CharField(max_length=60, allow_blank=True)
    low = serializers.IntegerField(required=False, allow_null=True, default=None)
    high = serializers.IntegerField(required=False, allow_null=True, default=None)


class StarAreaInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=80, allow_blank=True)
    easy_read_name = serializers.CharField(max_length=80, allow_blank=True)
    description = optional_text(250)
    pictogram = serializers.CharField(
        max_length=30, required=False, default="star", help_text="A picture's idea, like home."
    )


class StarTemplateWriteSerializer(serializers.Serializer):
    """A whole star, checked by the same service as the page. A problem with
    one stage or area comes back under ``stage_<n>_<field>`` or
    ``area_<n>_<field>``, counting from 0 in the order sent."""

    name = serializers.CharField(
        max_length=120, allow_blank=True, error_messages={"required": "Enter a name for the star."}
    )
    description = optional_text()
    scale_min = serializers.IntegerField(required=False, default=1)
    scale_max = serializers.IntegerField(required=False, default=10)
    stages = StarStageInputSerializer(
        many=True, help_text="The journey of change, each covering a band of scores."
    )
    areas = StarAreaInputSerializer(many=True, help_text="The life areas, in order.")


def _star_inputs(data: dict) -> dict:
    return {
        **data,
        "stages": [star_services.StageInput(**stage) for stage in data["stages"]],
        "areas": [star_services.AreaInput(**area) for area in data["areas"]],
    }


@creates(
    StarTemplateWriteSerializer,
    StarTemplateSerializer,
    update=changes(StarTemplateWriteSerializer, StarTemplateSerializer, "star_template_id"),
)
class StarTemplateViewSet(RowsViewSet):
    """The organisation's stars: their life areas (in order) and the stages
    of the journey each band of scores stands for. A reading scores every
    area of one active star; the default star is made the first time the
    list is asked for.

    Support managers and organisation admins add stars and change them
    (PUT, the whole star). A star in use is never changed under its
    readings: the change makes a new version, which is returned (a new id),
    and the old one stays as it was, no longer active."""

    serializer_class = StarTemplateSerializer
    serializer_classes = {"update": StarTemplateWriteSerializer}
    filterset_class = row_filter(StarTemplate, is_active=django_filters.BooleanFilter())
    permission = Permission.VIEW_PLANS
    write_permission = Permission.MANAGE_STAR_TEMPLATES
    lookup_url_kwarg = "star_template_id"
    errors = staticmethod(base.refusals)

    def permission_for(self, action: str | None) -> Permission:
        # Those who manage the stars read them too (organisation admins do
        # not read members' plans).
        if action in ("list", "retrieve") and can(self.actor, Permission.MANAGE_STAR_TEMPLATES):
            return Permission.MANAGE_STAR_TEMPLATES
        return super().permission_for(action)

    def scoped_queryset(self, actor):
        return reach.star_templates_of(actor).prefetch_related(
            Prefetch("areas", queryset=StarArea.objects.order_by("position")),
            Prefetch("stages", queryset=StarStage.objects.order_by("low")),
        )

    def list(self, request, *args, **kwargs):
        # Checked here first: making it is a transaction, and it is made once.
        if not reach.star_templates_of(self.actor).exists():
            ensure_default_template(self.actor.organisation)
        return super().list(request, *args, **kwargs)

    def add(self, data):
        return star_services.template_create(
            actor=self.actor, **_star_inputs(data)
        ), status.HTTP_201_CREATED

    def update(self, request, *args, **kwargs):
        template = self.get_object()
        data = _star_inputs(self.valid_data(request))
        with self.errors():
            template = star_services.template_change(actor=self.actor, template=template, **data)
        return self.answer(template)
