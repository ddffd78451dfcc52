"""API endpoints of the tenancy core."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView


class RoleSerializer(serializers.Serializer):
    role = serializers.CharField()
    role_label = serializers.CharField()
    cluster = serializers.IntegerField(allow_null=True)
    network = serializers.IntegerField(allow_null=True)
    local_authority = serializers.IntegerField(allow_null=True)


class OrganisationSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField()
    organisation = OrganisationSummarySerializer(allow_null=True)
    roles = RoleSerializer(many=True)
    organisations = OrganisationSummarySerializer(many=True)


class MeView(APIView):
    """The signed-in person, the organisation this request works in, and
    their roles there."""

    @extend_schema(responses=MeSerializer, operation_id="me_retrieve")
    def get(self, request):
        actor = request._request.actor
        data = {
            "email": request.user.email,
            "full_name": request.user.full_name,
            "organisation": actor.organisation,
            "roles": [
                {
                    "role": a.role,
                    "role_label": a.get_role_display(),
                    "cluster": a.cluster_id,
                    "network": a.network_id,
                    "local_authority": a.local_authority_id,
                }
                for a in actor.assignments
            ],
            "organisations": list(actor.organisations),
        }
        return Response(MeSerializer(data).data)
