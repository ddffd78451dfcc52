"""API for quality checks: the same selectors, services and policy as the
pages. Organisation admins, support managers and quality checkers list and
read the checks of the networks they reach, and record a check with its
findings and actions in one request.

ROUTES are (prefix, viewset, basename) tuples that keyring_net/api_urls.py
registers.
"""

from __future__ import annotations

import django_filters
from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.response import Response

from keyring_net import limits
from keyring_net.api.base import ReachedField, service_errors
from keyring_net.policy import Permission
from networks.selectors import networks_for_viewer
from outcomes.api.reach import ReachViewSet
from outcomes.forms.quality import checkers_of, staff_of
from outcomes.models import (
    QualityAction,
    QualityCheck,
    QualityFinding,
)
from outcomes.selectors import quality as selectors
from outcomes.services import quality as services


class QualityFindingSerializer(serializers.ModelSerializer):
    item_text = serializers.CharField(
        source="item.text", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = QualityFinding
        fields = ["id", "item", "item_text", "rating", "note"]
        read_only_fields = fields


class QualityActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = QualityAction
        fields = ["id", "finding", "text", "owner", "due_on", "done_on", "follow_up"]
        read_only_fields = fields


class QualityCheckSerializer(serializers.ModelSerializer):
    network_name = serializers.CharField(source="network.name", read_only=True)
    findings = QualityFindingSerializer(many=True, read_only=True)
    actions = QualityActionSerializer(many=True, read_only=True)

    class Meta:
        model = QualityCheck
        fields = [
            "id",
            "network",
            "network_name",
            "checklist",
            "visit_on",
            "status",
            "checkers",
            "other_checkers",
            "summary",
            "created_at",
            "findings",
            "actions",
        ]
        read_only_fields = fields


class FindingInputSerializer(serializers.Serializer):
    item = serializers.IntegerField(
        help_text="The id of an item of the check's checklist.",
        error_messages={"required": "Say which checklist item.", "invalid": "Give the item's id."},
    )
    rating = serializers.ChoiceField(
        choices=QualityFinding.Rating.choices,
        error_messages={
            "required": "Choose good, okay or needs to get better.",
            "invalid_choice": "Choose good, okay or needs_work.",
        },
    )
    note = serializers.CharField(
        max_length=limits.NOTE, required=False, allow_blank=True, default=""
    )


class ActionInputSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=limits.NOTE, error_messages={"required": "Write what needs to be done."}
    )
    owner = ReachedField(reach="owners", required=False, allow_null=True, default=None)
    due_on = serializers.DateField(
        validators=[limits.not_before_record_floor], required=False, allow_null=True, default=None
    )
    item = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The checklist item whose finding this action is about.",
    )


class QualityCheckCreateSerializer(serializers.Serializer):
    """A visit, and (when it has happened) what was found and what is to be
    done. Leave out ``findings`` and ``summary`` to plan a visit only."""

    network = ReachedField(reach="networks", error_messages={"required": "Choose the network."})
    checklist = ReachedField(
        reach="checklists",
        required=False,
        allow_null=True,
        default=None,
        help_text="Leave out for the organisation's first checklist.",
    )
    visit_on = serializers.DateField(
        validators=[limits.not_before_record_floor],
        error_messages={"required": "Enter the day of the visit."},
    )
    checkers = ReachedField(
        reach="checkers",
        many=True,
        required=False,
        default=list,
        help_text="Ids of the organisation's quality checkers.",
    )
    other_checkers = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    summary = serializers.CharField(
        max_length=limits.NOTE, required=False, allow_blank=True, default=""
    )
    findings = FindingInputSerializer(many=True, required=False, default=list)
    actions = ActionInputSerializer(many=True, required=False, default=list)


class QualityCheckFilter(django_filters.FilterSet):
    network = django_filters.NumberFilter(field_name="network_id")
    status = django_filters.ChoiceFilter(choices=QualityCheck.Status.choices)

    class Meta:
        model = QualityCheck
        fields = ["network", "status"]


@extend_schema_view(
    create=extend_schema(
        request=QualityCheckCreateSerializer, responses={201: QualityCheckSerializer}
    ),
)
class QualityCheckViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ReachViewSet
):
    """Quality checkers' visits to networks, with their findings and
    actions. A check of a network out of reach is not found."""

    serializer_class = QualityCheckSerializer
    serializer_classes = {"create": QualityCheckCreateSerializer}
    filterset_class = QualityCheckFilter
    permission = Permission.VIEW_QUALITY_CHECKS
    write_permission = Permission.RECORD_QUALITY_CHECKS
    lookup_url_kwarg = "quality_check_id"

    def scoped_queryset(self, actor):
        return selectors.checks_in_full(actor)

    def reach(self):
        organisation = self.actor.organisation
        return {
            "networks": networks_for_viewer(self.actor),
            "checklists": selectors.active_checklists(organisation),
            "checkers": checkers_of(organisation),
            "owners": staff_of(organisation),
        }

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        actor = self.actor
        with service_errors(), transaction.atomic():
            checklist = data["checklist"] or services.ensure_default_checklist(actor.organisation)
            check = services.check_plan(
                actor=actor,
                network=data["network"],
                checklist=checklist,
                visit_on=data["visit_on"],
                checkers=data["checkers"],
                other_checkers=data["other_checkers"],
            )
            if data["findings"] or data["summary"]:
                services.check_record(
                    actor=actor,
                    check=check,
                    findings=[
                        services.FindingInput(f["item"], f["rating"], f["note"])
                        for f in data["findings"]
                    ],
                    summary=data["summary"],
                )
            by_item = selectors.findings_by_item(check)
            items = selectors.checklist_item_ids(checklist)
            for entry in data["actions"]:
                if entry["item"] is not None and entry["item"] not in items:
                    raise serializers.ValidationError(
                        {"actions": ["An action's item must be on the check's checklist."]}
                    )
                services.action_add(
                    actor=actor,
                    check=check,
                    text=entry["text"],
                    owner=entry["owner"],
                    due_on=entry["due_on"],
                    finding=by_item.get(entry["item"]),
                )
        fresh = self.get_queryset().get(pk=check.pk)
        return Response(QualityCheckSerializer(fresh).data, status=status.HTTP_201_CREATED)


ROUTES: list = [("quality-checks", QualityCheckViewSet, "api-quality-check")]
