"""API for referrals: record one, and decide it."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from keyring_net import limits
from keyring_net.api.base import (
    OrgScopedViewSet,
    id_parameter,
    service_errors,
)
from keyring_net.policy import Permission
from members import selectors
from members.models import (
    Referral,
)
from members.services import journey


def date_field(
    required_message: str = "This field is required.", **kwargs
) -> serializers.DateField:
    """A date whose errors are plain words, as on the pages' date fields."""
    kwargs.setdefault("validators", [limits.not_before_record_floor])
    return serializers.DateField(
        error_messages={
            "required": required_message,
            "invalid": "Enter a real date, like 2026-03-03.",
        },
        **kwargs,
    )


# --- Referrals ---------------------------------------------------------------------------------


class ReferralSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    network = serializers.IntegerField(source="member.network_id", read_only=True, allow_null=True)
    network_name = serializers.CharField(
        source="member.network.name", read_only=True, default=None, allow_null=True
    )
    decided_by_name = serializers.CharField(
        source="decided_by.full_name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Referral
        fields = [
            "id",
            "member",
            "member_name",
            "network",
            "network_name",
            "source",
            "referrer",
            "referred_on",
            "reason_in_referrers_words",
            "reason_in_own_words",
            "stage",
            "assessment_started_on",
            "assessment_notes",
            "decided_on",
            "decision_reason",
            "decided_by",
            "decided_by_name",
        ]
        read_only_fields = fields


# Why someone was referred, what the assessment found and why it was
# decided often say how their health is: that is for one referral at a
# time (``referrals/{id}/``), never a whole list, as on the referrals page.
REFERRAL_DETAIL_ONLY = (
    "reason_in_referrers_words",
    "reason_in_own_words",
    "assessment_notes",
    "decision_reason",
)


class ReferralRowSerializer(ReferralSerializer):
    """A referral in the list: who, where from, and how far it has got."""

    class Meta(ReferralSerializer.Meta):
        fields = [f for f in ReferralSerializer.Meta.fields if f not in REFERRAL_DETAIL_ONLY]
        read_only_fields = fields


class ReferralCreateSerializer(serializers.Serializer):
    """A new referral, checked as on the page (``ReferralForm``). The person
    becomes a member at status "referred"."""

    full_name = serializers.CharField(
        max_length=200,
        error_messages={
            "required": "Enter the person's full name.",
            "blank": "Enter the person's full name.",
        },
    )
    preferred_name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    source = serializers.ChoiceField(
        choices=Referral.Source.choices, error_messages={"required": "Choose who referred them."}
    )
    referrer = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    referred_on = date_field("Enter the date of the referral.")
    reason_in_referrers_words = serializers.CharField(
        max_length=limits.NOTE,
        error_messages={
            "required": "Enter why they were referred.",
            "blank": "Enter why they were referred.",
        },
    )
    reason_in_own_words = serializers.CharField(
        max_length=limits.NOTE, required=False, allow_blank=True, default=""
    )

    def validate_referred_on(self, day):
        # The page's rule (ReferralForm.clean_referred_on), in the same words.
        if day > timezone.localdate():
            raise ValidationError("The referral date cannot be in the future.")
        return day


class ReferralDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[
            (Referral.Stage.ACCEPTED, "Accept"),
            (Referral.Stage.DECLINED, "Decline"),
            (Referral.Stage.WITHDRAWN, "They withdrew"),
        ],
        error_messages={"required": "Choose a decision."},
    )
    on = date_field("Enter the date of the decision.")
    reason = serializers.CharField(
        max_length=limits.REASON,
        required=False,
        allow_blank=True,
        default="",
        help_text="Needed when declining.",
    )


class ReferralFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(choices=Referral.Stage.choices)
    source = django_filters.ChoiceFilter(choices=Referral.Source.choices)
    network = django_filters.NumberFilter(field_name="member__network_id")

    class Meta:
        model = Referral
        fields = ["stage", "source", "network"]


@extend_schema_view(
    create=extend_schema(request=ReferralCreateSerializer, responses={201: ReferralSerializer}),
)
class ReferralViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, OrgScopedViewSet
):
    """Referrals, for support managers. Recording one makes the person a
    member at status "referred"; ``decide`` accepts, declines or records a
    withdrawal. The list leaves out the reasons and assessment notes: read
    one referral for those."""

    serializer_class = ReferralSerializer
    serializer_classes = {
        "create": ReferralCreateSerializer,
        "decide": ReferralDecisionSerializer,
        "list": ReferralRowSerializer,
    }
    filterset_class = ReferralFilter
    permission = Permission.MANAGE_REFERRALS
    lookup_url_kwarg = "referral_id"

    def scoped_queryset(self, actor):
        return selectors.referrals_reached(actor)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            referral = journey.referral_create(actor=self.actor, **serializer.validated_data)
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ReferralDecisionSerializer,
        responses=ReferralSerializer,
        parameters=[id_parameter("referral_id")],
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, *args, **kwargs):
        referral = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            referral = journey.referral_decide(
                actor=self.actor, referral=referral, **serializer.validated_data
            )
        return Response(ReferralSerializer(referral).data)


# --- Contacts ----------------------------------------------------------------------------------
