"""API for members' outcome indicators: list (filtered by member), read,
record, and withdraw one recorded by mistake (never deleted).

ROUTES are (prefix, viewset, basename) tuples that keyring_net/api_urls.py
registers."""

from __future__ import annotations

import django_filters
from rest_framework import serializers

from keyring_net.api.base import (
    ReachedField,
    creates,
    row_action,
    service_errors,
)
from keyring_net.api.fields import choice_field, date_field, optional_text
from keyring_net.api.filters import CHOICES, row_filter
from keyring_net.api.mixins import RowsViewSet
from keyring_net.api.rows import read_only, shown
from keyring_net.policy import Permission
from members.api.shown import LogsMembersShownOrRead
from members.selectors import members_for_viewer
from outcomes.models import OutcomeIndicator
from outcomes.selectors.indicators import indicators_for_viewer
from outcomes.services.indicators import indicator_record, indicator_withdraw


class OutcomeIndicatorSerializer(serializers.ModelSerializer):
    member_name = shown("member.full_name")
    kind_label = shown("get_kind_display")
    recorded_by_name = shown("recorded_by.full_name")

    Meta = read_only(
        OutcomeIndicator,
        [
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
        ],
    )


class IndicatorRecordSerializer(serializers.Serializer):
    member = ReachedField(reach="members", error_messages={"required": "Choose the member."})
    kind = choice_field(OutcomeIndicator.Kind.choices, "Choose what happened.")
    happened_on = date_field("Enter the date it happened.")
    note = optional_text()


class IndicatorWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=250,
        error_messages={
            "required": "Say why it is withdrawn.",
            "blank": "Say why it is withdrawn.",
            "max_length": "Keep the reason to 250 characters or fewer.",
        },
    )


@creates(
    IndicatorRecordSerializer,
    OutcomeIndicatorSerializer,
)
class OutcomeIndicatorViewSet(LogsMembersShownOrRead, RowsViewSet):
    """Outcome indicators of the members you reach: events in a member's
    life no other record holds. Withdrawn ones are kept (with the reason)
    and left out of every figure. Every member a page of the list shows is
    logged on their record."""

    permission = Permission.RECORD_OUTCOMES
    serializer_class = OutcomeIndicatorSerializer
    serializer_classes = {"withdraw": IndicatorWithdrawSerializer}
    filterset_class = row_filter(
        OutcomeIndicator,
        member="member_id",
        kind=CHOICES,
        withdrawn=django_filters.BooleanFilter(
            field_name="withdrawn_at", lookup_expr="isnull", exclude=True
        ),
    )
    lookup_url_kwarg = "indicator_id"
    adds = indicator_record

    reads = indicators_for_viewer
    reaches = {"members": members_for_viewer}

    @row_action(
        request=IndicatorWithdrawSerializer,
        response=OutcomeIndicatorSerializer,
        id_name="indicator_id",
    )
    def withdraw(self, request, *args, **kwargs):
        """Withdraw an indicator recorded by mistake, with the reason."""
        indicator = self.get_object()
        reason = self.valid_data(request)["reason"]
        with service_errors():
            indicator = indicator_withdraw(actor=self.actor, indicator=indicator, reason=reason)
        return self.answer(indicator)


ROUTES: list = [
    ("outcome-indicators", OutcomeIndicatorViewSet, "api-outcome-indicator"),
]
