"""API for members: the same selectors, services and policy as the pages."""

from __future__ import annotations

from rest_framework import mixins, serializers
from rest_framework.response import Response

from keyring_net import limits
from keyring_net.api.base import (
    FieldRulesMixin,
    OrgScopedViewSet,
    row_action,
    service_errors,
)
from keyring_net.api.filters import CHOICES, row_filter
from keyring_net.api.rows import read_only, shown
from keyring_net.policy import Permission
from members import selectors
from members.api.shown import LogsMembersShown
from members.models import (
    Member,
    RecordAccess,
)
from members.services import record
from networks.models import Home


class HomeSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Home
        fields = ["id", "address_line_1", "address_line_2", "town", "postcode", "tenure"]


class MemberSerializer(FieldRulesMixin, serializers.ModelSerializer):
    network_name = shown("network.name", optional=True)
    home = HomeSummarySerializer(read_only=True)

    field_rules = {
        "support_needs": "members.Member.support_needs",
        "home": "members.Member.home",
        "date_of_birth": "members.Member.date_of_birth",
    }

    Meta = read_only(
        Member,
        [
            "id",
            "reference",
            "full_name",
            "preferred_name",
            "status",
            "network",
            "network_name",
            "joined_on",
            "date_of_birth",
            "home",
            "support_needs",
        ],
    )


class MemberDetailsSerializer(serializers.Serializer):
    """What ``details/`` changes; what is left out keeps its value."""

    reference = serializers.CharField(
        max_length=50,
        required=False,
        allow_blank=True,
        help_text="The organisation's own reference for them (unique among its members).",
    )
    date_of_birth = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Not in the future, not before 1900. Null when not known.",
        error_messages={"invalid": "Enter a real date, like 1985-03-27."},
        validators=[limits.not_before_birth_floor],
    )


class MemberViewSet(
    LogsMembersShown, mixins.ListModelMixin, mixins.RetrieveModelMixin, OrgScopedViewSet
):
    """Members the signed-in person reaches. Reading one is logged, and so
    is every member a page of the list shows."""

    shown_member = "pk"
    serializer_class = MemberSerializer
    filterset_class = row_filter(
        Member,
        network="network_id",
        status=CHOICES,
    )
    permission = Permission.VIEW_MEMBERS
    lookup_url_kwarg = "member_id"

    reads = selectors.members_for_viewer

    def retrieve(self, request, *args, **kwargs):
        member = self.get_object()
        record.record_member_access(
            actor=self.actor, member=member, channel=RecordAccess.Channel.API
        )
        return Response(self.get_serializer(member).data)

    def permission_for(self, action: str | None) -> Permission:
        if action == "details":
            return Permission.CHANGE_MEMBERS
        return super().permission_for(action)

    @row_action(request=MemberDetailsSerializer, response=MemberSerializer, id_name="member_id")
    def details(self, request, *args, **kwargs):
        """Change their reference and date of birth (support managers), as
        the page does; answered with the member as a GET shows them."""
        member = self.get_object()
        sent = MemberDetailsSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        data = {
            "reference": member.reference,
            "date_of_birth": member.date_of_birth,
            **sent.validated_data,
        }
        with service_errors():
            member = record.member_details_change(actor=self.actor, member=member, **data)
        record.record_member_access(
            actor=self.actor, member=member, channel=RecordAccess.Channel.API
        )
        return Response(self.get_serializer(member).data)
