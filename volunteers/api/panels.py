"""API for values-based recruitment: the values the organisation recruits
on (read and added by the people who manage volunteers) and every panel
member's view of the interviews in reach (their scores and note), through
the same selectors and services as the pages. Panel members send their
scores on their own easy-read page."""

from __future__ import annotations

from rest_framework import mixins, serializers

from keyring_net import limits
from keyring_net.pictograms import PICTOGRAMS
from keyring_net.policy import Permission
from volunteers.api.base import ListAndAddViewSet, VolunteersViewSet, adds_schema, shown
from volunteers.models import PanelScore, PanelSeat, RecruitmentValue
from volunteers.selectors.panels import panel_views_for_viewer, values_for_viewer
from volunteers.services import panels


class RecruitmentValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = RecruitmentValue
        fields = ["id", "name", "meaning", "easy_read", "pictogram", "order", "active"]
        read_only_fields = fields


class RecruitmentValueCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=80)
    meaning = serializers.CharField(max_length=limits.REASON)
    easy_read = serializers.CharField(max_length=150, help_text="15 words or fewer.")
    pictogram = serializers.ChoiceField(choices=sorted(PICTOGRAMS), default="heart")
    order = serializers.IntegerField(
        min_value=0, max_value=99, required=False, allow_null=True, default=None
    )


@adds_schema(RecruitmentValueCreateSerializer, RecruitmentValueSerializer)
class RecruitmentValueViewSet(ListAndAddViewSet):
    """The values the organisation recruits on, in order (retired ones too,
    with ``active`` false)."""

    serializer_class = RecruitmentValueSerializer
    serializer_classes = {"create": RecruitmentValueCreateSerializer}
    permission = Permission.VIEW_VOLUNTEERS
    write_permission = Permission.MANAGE_VOLUNTEERS
    lookup_url_kwarg = "value_id"
    scope = staticmethod(values_for_viewer)
    adds = staticmethod(panels.value_add)


class PanelScoreSerializer(serializers.ModelSerializer):
    value_name = shown("value.name")

    class Meta:
        model = PanelScore
        fields = ["value", "value_name", "score"]
        read_only_fields = fields


class PanelViewSerializer(serializers.ModelSerializer):
    person_name = shown("person.full_name")
    scores = PanelScoreSerializer(many=True, read_only=True)

    class Meta:
        model = PanelSeat
        fields = ["id", "interview", "person", "person_name", "as_member", "scored_at", "note"]
        fields += ["scores"]
        read_only_fields = fields


class PanelViewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VolunteersViewSet):
    """Each panel member's view of an interview in reach: their score for
    each value (1 Not yet, 2 A little, 3 Yes, 4 Very much) and their note."""

    serializer_class = PanelViewSerializer
    permission = Permission.VIEW_VOLUNTEERS
    lookup_url_kwarg = "seat_id"
    scope = staticmethod(panel_views_for_viewer)


ROUTES: list = [
    ("recruitment-values", RecruitmentValueViewSet, "api-recruitment-value"),
    ("panel-views", PanelViewViewSet, "api-panel-view"),
]
