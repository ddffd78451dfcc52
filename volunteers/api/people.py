"""API for volunteer and enabler profiles, DBS checks and training records:
the same selectors, services and policy as the pages. Support managers and
organisation admins only; for everyone else a record is "not found".

ROUTES are (prefix, viewset, basename) tuples that keyring_net/api_urls.py
registers."""

from __future__ import annotations

from typing import ClassVar

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from keyring_net import limits
from keyring_net.api.base import (
    ReachedField,
    create_and_change_schema,
    id_parameter,
)
from keyring_net.policy import Permission
from volunteers.api.base import VolunteersViewSet, choice_field, date_field, shown
from volunteers.api.records import DBSCheckViewSet, TrainingRecordViewSet
from volunteers.models import VolunteerProfile
from volunteers.selectors.people import (
    clearance_of,
    profiles_for_viewer,
    recruit_homes,
    recruit_networks,
    recruitable_people,
)
from volunteers.services import people

# --- Profiles ----------------------------------------------------------------------------------


class VolunteerProfileSerializer(serializers.ModelSerializer):
    full_name = shown("user.full_name")
    email = shown("user.email")
    network_name = shown("network.name", maybe=True)
    latest_dbs_renewal_due = serializers.DateField(
        read_only=True,
        allow_null=True,
        default=None,
        help_text="The latest renewal date of their DBS checks (none: no check recorded).",
    )
    cleared_for_lone_visits = serializers.SerializerMethodField(
        help_text="An in-date DBS check and the four mandatory courses in date."
    )
    clearance_reasons = serializers.SerializerMethodField(
        help_text="Why they may not do lone visits, in plain words (empty when they may)."
    )

    class Meta:
        model = VolunteerProfile
        fields = [
            "id",
            "user",
            "full_name",
            "email",
            "kind",
            "network",
            "network_name",
            "stage",
            "started_on",
            "weekly_commitment_hours",
            "home",
            "rent_arrangement",
            "notes",
            "latest_dbs_renewal_due",
            "cleared_for_lone_visits",
            "clearance_reasons",
        ]
        read_only_fields = fields

    def _reasons(self, profile: VolunteerProfile) -> list[str]:
        if profile.stage == VolunteerProfile.Stage.LEFT:
            return ["They have left."]
        return self.context["clearance"][profile.pk]

    def get_cleared_for_lone_visits(self, profile: VolunteerProfile) -> bool:
        return not self._reasons(profile)

    def get_clearance_reasons(self, profile: VolunteerProfile) -> list[str]:
        return self._reasons(profile)


def _hours(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        error_messages={
            "invalid": "Enter the hours as a number, like 12 or 12.5.",
            "max_digits": "Enter the hours as a number, like 12 or 12.5.",
            "max_whole_digits": "Enter the hours as a number, like 12 or 12.5.",
            "max_decimal_places": "Enter the hours to one decimal place at most, like 12.5.",
        },
        help_text="Hours a week they commit to. A CLV gives at least 12.",
        **kwargs,
    )


class VolunteerProfileChangeSerializer(serializers.Serializer):
    """What can change on a profile, checked by the same service as the page
    (``profile_change``). Its stage moves only through ``move``."""

    network = ReachedField(reach="networks", required=False, allow_null=True)
    weekly_commitment_hours = _hours(required=False)
    home = ReachedField(
        reach="homes",
        required=False,
        allow_null=True,
        help_text="A CLV's home in their network (only for people who may see addresses).",
    )
    rent_arrangement = serializers.CharField(max_length=200, required=False, allow_blank=True)
    started_on = date_field(required=False, allow_null=True)
    notes = serializers.CharField(max_length=limits.NOTE, required=False, allow_blank=True)


class VolunteerProfileCreateSerializer(serializers.Serializer):
    """A recruit, at the "applied" stage: someone of the organisation
    (``user``), or someone new (``full_name`` and ``email``). No role is
    given and no e-mail is sent."""

    user = ReachedField(
        reach="people",
        required=False,
        allow_null=True,
        help_text="Someone with a staff role here, or a record here already.",
    )
    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    kind = choice_field(VolunteerProfile.Kind.choices, "Choose what they will do.")
    network = ReachedField(reach="networks", required=False, allow_null=True, default=None)
    weekly_commitment_hours = _hours(required=False, default=people.CLV_MINIMUM_HOURS)
    home = ReachedField(reach="homes", required=False, allow_null=True, default=None)
    rent_arrangement = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    notes = serializers.CharField(
        max_length=limits.NOTE, required=False, allow_blank=True, default=""
    )


class StageMoveSerializer(serializers.Serializer):
    to_stage = choice_field(
        VolunteerProfile.Stage.choices,
        "Choose the next stage, or left.",
        help_text="The next stage of recruitment, or left.",
    )
    reason = serializers.CharField(
        max_length=limits.REASON,
        required=False,
        allow_blank=True,
        default="",
        help_text="Needed when they leave.",
    )


class VolunteerProfileFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(choices=VolunteerProfile.Stage.choices)
    kind = django_filters.ChoiceFilter(choices=VolunteerProfile.Kind.choices)
    network = django_filters.NumberFilter(field_name="network_id")
    dbs_renewal_before = django_filters.DateFilter(
        field_name="latest_dbs_renewal_due",
        lookup_expr="lt",
        label="Latest DBS renewal before this date (YYYY-MM-DD)",
    )

    class Meta:
        model = VolunteerProfile
        fields = ["stage", "kind", "network", "dbs_renewal_before"]


@create_and_change_schema(
    create=VolunteerProfileCreateSerializer,
    change=VolunteerProfileChangeSerializer,
    response=VolunteerProfileSerializer,
    id_name="profile_id",
)
class VolunteerProfileViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    VolunteersViewSet,
):
    """Volunteers and enablers: recruitment stage, commitment, and whether
    they may do lone visits (with the reasons when not). ``move`` moves
    someone to the next stage, or records that they left."""

    filterset_class = VolunteerProfileFilter
    serializer_class = VolunteerProfileSerializer
    serializer_classes = {
        "create": VolunteerProfileCreateSerializer,
        "update": VolunteerProfileChangeSerializer,
        "partial_update": VolunteerProfileChangeSerializer,
        "move": StageMoveSerializer,
    }
    permission = Permission.VIEW_VOLUNTEERS
    write_permission = Permission.MANAGE_VOLUNTEERS
    action_permissions: ClassVar = {"move": Permission.MANAGE_VOLUNTEERS}
    lookup_url_kwarg = "profile_id"
    scope = staticmethod(profiles_for_viewer)
    reaches: ClassVar = {
        "networks": recruit_networks,
        "homes": recruit_homes,
        "people": recruitable_people,
    }

    def _out(self, profiles, *, many: bool = False):
        rows = list(profiles) if many else [profiles]
        context = {
            **self.get_serializer_context(),
            "clearance": clearance_of(
                self.actor, [p for p in rows if p.stage != VolunteerProfile.Stage.LEFT]
            ),
        }
        return VolunteerProfileSerializer(profiles, many=many, context=context).data

    def _fresh(self, profile: VolunteerProfile) -> VolunteerProfile:
        # Re-read through the selector, for the latest DBS renewal.
        return profiles_for_viewer(self.actor).get(pk=profile.pk)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        if page is not None:
            return self.get_paginated_response(self._out(page, many=True))
        return Response(self._out(queryset, many=True))

    def retrieve(self, request, *args, **kwargs):
        return Response(self._out(self.get_object()))

    def create(self, request, *args, **kwargs):
        data = self.sent()
        profile = self.act(people.recruit_add, person=data.pop("user", None), **data)
        return Response(self._out(self._fresh(profile)), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        profile = self.get_object()
        sent = self.sent(partial=kwargs.get("partial", False))
        # What was sent, over the profile's current values.
        current = {name: getattr(profile, name) for name in people.PROFILE_DETAILS}
        profile = self.act(people.profile_change, profile=profile, **{**current, **sent})
        return Response(self._out(self._fresh(profile)))

    @extend_schema(
        request=StageMoveSerializer,
        responses=VolunteerProfileSerializer,
        parameters=[id_parameter("profile_id")],
    )
    @action(detail=True, methods=["post"])
    def move(self, request, *args, **kwargs):
        profile = self.act(people.profile_move, profile=self.get_object(), **self.sent())
        return Response(self._out(self._fresh(profile)))


ROUTES: list = [
    ("volunteers", VolunteerProfileViewSet, "api-volunteer"),
    ("training-records", TrainingRecordViewSet, "api-training-record"),
    ("dbs-checks", DBSCheckViewSet, "api-dbs-check"),
]
