"""API for members' outcome indicators: list (filtered by member), read,
record, and withdraw one recorded by mistake (never deleted).

ROUTES are (prefix, viewset, basename) tuples that keyring_net/api_urls.py
registers."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from keyring_net import limits
from keyring_net.api.base import OrgScopedViewSet, ReachedField, id_parameter, service_errors
from keyring_net.policy import Permission
from members.api.shown import LogsMembersShown
from members.selectors import members_for_viewer
from outcomes.models import OutcomeIndicator
from outcomes.selectors.indicators import indicators_for_viewer
from outcomes.services.indicators import indicator_record, indicator_withdraw


class OutcomeIndicatorSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    recorded_by_name = serializers.CharField(source="recorded_by.full_name", read_only=True)

    class Meta:
        model = OutcomeIndicator
        fields = [
            "id",
            "member",
            "member_name",
            "kind",
            "kind_label",
            "happened_on",
            "note",
            "recorded_by",
            "recorded_by_name",
            "recorded_at",
            "withdrawn_at",
            "withdrawn_reason",
        ]
        read_only_fields = fields


class IndicatorRecordSerializer(serializers.Serializer):
    member = ReachedField(reach="members", error_messages={"required": "Choose the member."})
    kind = serializers.ChoiceField(
        choices=OutcomeIndicator.Kind.choices,
        error_messages={
            "required": "Choose what happened.",
            "invalid_choice": "Choose what happened.",
        },
    )
    happened_on = serializers.DateField(
        validators=[limits.not_before_record_floor],
        error_messages={
            "required": "Enter the date it happened.",
            "invalid": "Enter a real date, like 2026-03-03.",
        },
    )
    note = serializers.CharField(
        max_length=limits.NOTE, required=False, allow_blank=True, default=""
    )


class IndicatorWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=250,
        error_messages={
            "required": "Say why it is withdrawn.",
            "blank": "Say why it is withdrawn.",
            "max_length": "Keep the reason to 250 characters or fewer.",
        },
    )


class OutcomeIndicatorFilter(django_filters.FilterSet):
    member = django_filters.NumberFilter(field_name="member_id")
    kind = django_filters.ChoiceFilter(choices=OutcomeIndicator.Kind.choices)
    withdrawn = django_filters.BooleanFilter(
        field_name="withdrawn_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = OutcomeIndicator
        fields = ["member", "kind", "withdrawn"]


@extend_schema_view(
    create=extend_schema(
        request=IndicatorRecordSerializer, responses={201: OutcomeIndicatorSerializer}
    ),
    withdraw=extend_schema(
        request=IndicatorWithdrawSerializer,
        responses=OutcomeIndicatorSerializer,
        parameters=[id_parameter("indicator_id")],
    ),
)
class OutcomeIndicatorViewSet(
    LogsMembersShown,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    OrgScopedViewSet,
):
    """Outcome indicators of the members you reach: events in a member's
    life no other record holds. Withdrawn ones are kept (with the reason)
    and left out of every figure. Every member a page of the list shows is
    logged on their record."""

    permission = Permission.RECORD_OUTCOMES
    serializer_class = OutcomeIndicatorSerializer
    serializer_classes = {
        "create": IndicatorRecordSerializer,
        "withdraw": IndicatorWithdrawSerializer,
    }
    filterset_class = OutcomeIndicatorFilter
    lookup_url_kwarg = "indicator_id"

    def scoped_queryset(self, actor):
        return indicators_for_viewer(actor)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["members"] = members_for_viewer(self.actor)
        return context

    def _out(self, indicator, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=indicator.pk)
        return Response(OutcomeIndicatorSerializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            indicator = indicator_record(actor=self.actor, **serializer.validated_data)
        return self._out(indicator, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, *args, **kwargs):
        """Withdraw an indicator recorded by mistake, with the reason."""
        indicator = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            indicator = indicator_withdraw(
                actor=self.actor, indicator=indicator, reason=serializer.validated_data["reason"]
            )
        return self._out(indicator)


ROUTES: list = [
    ("outcome-indicators", OutcomeIndicatorViewSet, "api-outcome-indicator"),
]
