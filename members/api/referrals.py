"""API for referrals: record one, and decide it."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from keyring_net import limits
from keyring_net.api.base import creates, row_action, service_errors
from keyring_net.api.fields import date_field, optional_text, text_field
from keyring_net.api.filters import CHOICES, row_filter
from keyring_net.api.mixins import RowsViewSet
from keyring_net.api.rows import read_only, shown
from keyring_net.policy import Permission
from members import selectors
from members.api.shown import LogsMembersShownOrRead
from members.models import (
    Referral,
)
from members.services import journey

# --- Referrals ---------------------------------------------------------------------------------


class ReferralSerializer(serializers.ModelSerializer):
    member_name = shown("member.full_name")
    network = shown("member.network_id", serializers.IntegerField, allow_null=True)
    network_name = shown("member.network.name", optional=True)
    decided_by_name = shown("decided_by.full_name", optional=True)

    Meta = read_only(
        Referral,
        [
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
        ],
    )


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

    full_name = text_field("Enter the person's full name.", max_length=200)
    preferred_name = optional_text(100)
    source = serializers.ChoiceField(
        choices=Referral.Source.choices, error_messages={"required": "Choose who referred them."}
    )
    referrer = optional_text(200)
    referred_on = date_field("Enter the date of the referral.")
    reason_in_referrers_words = text_field("Enter why they were referred.")
    reason_in_own_words = optional_text()

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
    reason = optional_text(limits.REASON, help_text="Needed when declining.")


@creates(ReferralCreateSerializer, ReferralSerializer)
class ReferralViewSet(LogsMembersShownOrRead, RowsViewSet):
    """Referrals, for support managers. Recording one makes the person a
    member at status "referred"; ``decide`` accepts, declines or records a
    withdrawal. The list leaves out the reasons and assessment notes: read
    one referral for those. Each member shown is logged on their record."""

    serializer_class = ReferralSerializer
    serializer_classes = {
        "decide": ReferralDecisionSerializer,
        "list": ReferralRowSerializer,
    }
    filterset_class = row_filter(
        Referral,
        stage=CHOICES,
        source=CHOICES,
        network="member__network_id",
    )
    permission = Permission.MANAGE_REFERRALS
    lookup_url_kwarg = "referral_id"
    adds = journey.referral_create

    reads = selectors.referrals_reached

    def written(self, referral):
        return ReferralSerializer(referral)

    @row_action(
        request=ReferralDecisionSerializer, response=ReferralSerializer, id_name="referral_id"
    )
    def decide(self, request, *args, **kwargs):
        referral = self.get_object()
        data = self.valid_data(request)
        with service_errors():
            referral = journey.referral_decide(actor=self.actor, referral=referral, **data)
        return self.answer(referral)


# --- Contacts ----------------------------------------------------------------------------------
