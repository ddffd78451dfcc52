"""API for members: the same selectors, services and policy as the pages."""

from __future__ import annotations

from rest_framework import mixins, serializers
from rest_framework.response import Response

from keyring_net.api.base import (
    FieldRulesMixin,
    OrgScopedViewSet,
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
    }

    Meta = read_only(
        Member,
        [
            "id",
            "full_name",
            "preferred_name",
            "status",
            "network",
            "network_name",
            "joined_on",
            "home",
            "support_needs",
        ],
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
