"""API for the records on a volunteer's profile: DBS checks and training
records, through the same selectors and services as the pages. Support
managers and organisation admins only. Their routes are in people.ROUTES.
"""

from __future__ import annotations

from typing import ClassVar

import django_filters
from rest_framework import serializers

from keyring_net.api.base import (
    ReachedField,
)
from keyring_net.policy import Permission
from volunteers.api.base import ListAndAddViewSet, adds_schema, choice_field, date_field, shown
from volunteers.models import DBSCheck, TrainingRecord
from volunteers.selectors.people import (
    dbs_checks_for_viewer,
    modules_for_viewer,
    profiles_for_viewer,
    training_records_for_viewer,
)
from volunteers.services import recruitment, training

# --- DBS checks --------------------------------------------------------------------------------


class DBSCheckSerializer(serializers.ModelSerializer):
    full_name = shown("profile.user.full_name")

    class Meta:
        model = DBSCheck
        fields = [
            "id",
            "profile",
            "full_name",
            "level",
            "certificate_number",
            "issued_on",
            "on_update_service",
            "renewal_due",
        ]
        read_only_fields = fields


class DBSCheckCreateSerializer(serializers.Serializer):
    profile = ReachedField(reach="profiles")
    level = choice_field(DBSCheck.Level.choices, "Choose the level of the check.")
    certificate_number = serializers.CharField(
        max_length=20,
        help_text="12 digits.",
        error_messages={
            "required": "Enter the certificate number.",
            "blank": "Enter the certificate number.",
            "max_length": "The certificate number is 12 digits, like 001234567890.",
        },
    )
    issued_on = date_field("Enter the date of issue.")
    on_update_service = serializers.BooleanField(required=False, default=False)
    renewal_due = date_field(
        required=False,
        allow_null=True,
        default=None,
        help_text="Leave out for 3 years after the date of issue.",
    )


class ProfileRecordFilter(django_filters.FilterSet):
    """Records of one volunteer, or of the volunteers in one network."""

    profile = django_filters.NumberFilter(field_name="profile_id")
    network = django_filters.NumberFilter(field_name="profile__network_id")


class DBSCheckFilter(ProfileRecordFilter):
    level = django_filters.ChoiceFilter(choices=DBSCheck.Level.choices)
    on_update_service = django_filters.BooleanFilter()
    renewal_due_before = django_filters.DateFilter(
        field_name="renewal_due", lookup_expr="lt", label="Renewal due before (YYYY-MM-DD)"
    )

    class Meta:
        model = DBSCheck
        fields = ["profile", "network", "level", "on_update_service", "renewal_due_before"]


@adds_schema(DBSCheckCreateSerializer, DBSCheckSerializer)
class DBSCheckViewSet(ListAndAddViewSet):
    """DBS certificates of the volunteers and enablers in reach. A renewal
    is due three years after issue unless another date is sent."""

    filterset_class = DBSCheckFilter
    serializer_class = DBSCheckSerializer
    serializer_classes = {"create": DBSCheckCreateSerializer}
    permission = Permission.VIEW_VOLUNTEERS
    write_permission = Permission.MANAGE_VOLUNTEERS
    lookup_url_kwarg = "dbs_check_id"
    scope = staticmethod(dbs_checks_for_viewer)
    adds = staticmethod(recruitment.dbs_check_record)
    reaches: ClassVar = {"profiles": profiles_for_viewer}


# --- Training records --------------------------------------------------------------------------


class TrainingRecordSerializer(serializers.ModelSerializer):
    full_name = shown("profile.user.full_name")
    module_name = shown("module.name")
    mandatory = shown("module.mandatory", serializers.BooleanField)

    class Meta:
        model = TrainingRecord
        fields = [
            "id",
            "profile",
            "full_name",
            "module",
            "module_name",
            "mandatory",
            "completed_on",
            "expires_on",
        ]
        read_only_fields = fields


class TrainingRecordCreateSerializer(serializers.Serializer):
    profile = ReachedField(reach="profiles")
    module = ReachedField(reach="modules", help_text="One of the organisation's courses.")
    completed_on = date_field("Enter the date it was done.")
    expires_on = date_field(
        required=False,
        allow_null=True,
        default=None,
        help_text="Leave out to use the course's usual length.",
    )


class TrainingRecordFilter(ProfileRecordFilter):
    module = django_filters.NumberFilter(field_name="module_id")
    mandatory = django_filters.BooleanFilter(field_name="module__mandatory")
    expires_before = django_filters.DateFilter(
        field_name="expires_on", lookup_expr="lt", label="Runs out before (YYYY-MM-DD)"
    )

    class Meta:
        model = TrainingRecord
        fields = ["profile", "network", "module", "mandatory", "expires_before"]


@adds_schema(TrainingRecordCreateSerializer, TrainingRecordSerializer)
class TrainingRecordViewSet(ListAndAddViewSet):
    """Courses done by the volunteers and enablers in reach. A record runs
    out after its course's usual length unless another date is sent."""

    filterset_class = TrainingRecordFilter
    serializer_class = TrainingRecordSerializer
    serializer_classes = {"create": TrainingRecordCreateSerializer}
    permission = Permission.VIEW_VOLUNTEERS
    write_permission = Permission.MANAGE_VOLUNTEERS
    lookup_url_kwarg = "training_record_id"
    scope = staticmethod(training_records_for_viewer)
    adds = staticmethod(training.training_record)
    reaches: ClassVar = {"profiles": profiles_for_viewer, "modules": modules_for_viewer}
