"""API routes of the volunteers app's today work: (prefix, viewset,
basename) tuples that keyring_net/api_urls.py registers.

``lone-working/``: check in (create), check out (an action), and the
list: a worker's own check-ins; for a support manager, everyone's in the
networks they manage. The same services as the today page.
"""

from __future__ import annotations

import datetime
from typing import ClassVar

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action

from keyring_net import limits
from keyring_net.api.base import ReachedField
from keyring_net.policy import Permission, can
from volunteers.api.base import ListAndAddViewSet, adds_schema, shown
from volunteers.models import LoneWorkingSession
from volunteers.selectors import today as selectors
from volunteers.services import today as services


class LoneWorkingSessionSerializer(serializers.ModelSerializer):
    worker_name = shown("worker.full_name")
    member_name = shown("member.full_name", maybe=True)
    overdue = serializers.SerializerMethodField(
        help_text="Still checked in after the expected end."
    )

    class Meta:
        model = LoneWorkingSession
        fields = [
            "id",
            "worker",
            "worker_name",
            "member",
            "member_name",
            "place",
            "started_at",
            "expected_end_at",
            "checked_out_at",
            "overdue",
        ]
        read_only_fields = fields

    def get_overdue(self, session: LoneWorkingSession) -> bool:
        return session.checked_out_at is None and session.expected_end_at < timezone.now()


class CheckInSerializer(serializers.Serializer):
    """Checking in: who or where, and when you expect to finish (a time, or
    how many minutes from now). The worker is always the person sending it."""

    member = ReachedField(
        reach="members",
        required=False,
        allow_null=True,
        default=None,
        help_text="The member you are visiting.",
    )
    place = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200, help_text="Or where you are."
    )
    expected_end_at = serializers.DateTimeField(
        validators=[limits.not_before_record_floor],
        required=False,
        allow_null=True,
        default=None,
        help_text="When you expect to finish.",
    )
    minutes = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=12 * 60,
        help_text="Or how many minutes from now you expect to finish.",
    )

    def validate(self, data):
        if (data["expected_end_at"] is None) == (data["minutes"] is None):
            raise serializers.ValidationError(
                {"expected_end_at": "Give the time you expect to finish, or how many minutes."}
            )
        return data


class LoneWorkingFilter(django_filters.FilterSet):
    open = django_filters.BooleanFilter(
        field_name="checked_out_at", lookup_expr="isnull", label="Still checked in"
    )
    worker = django_filters.NumberFilter(field_name="worker_id")

    class Meta:
        model = LoneWorkingSession
        fields = ["open", "worker"]


@adds_schema(CheckInSerializer, LoneWorkingSessionSerializer)
class LoneWorkingViewSet(ListAndAddViewSet):
    """Lone working: check in at the start of a visit alone, check out when
    done. Workers see their own check-ins; support managers see those in the
    networks they manage (and are alerted when a check-out is overdue)."""

    filterset_class = LoneWorkingFilter
    permission = Permission.LONE_WORKING
    write_permission = Permission.LONE_WORKING
    lookup_url_kwarg = "lone_working_id"
    scope = staticmethod(selectors.lone_working_for_viewer)
    serializer_class = LoneWorkingSessionSerializer
    serializer_classes = {"create": CheckInSerializer}
    reaches: ClassVar = {"members": selectors.members_to_visit}

    def permission_for(self, action: str | None) -> Permission:
        # Reading: workers who check in, and the managers who watch over
        # them. Checking in and out: only workers, for themselves.
        if action in ("list", "retrieve") and can(self.actor, Permission.ACKNOWLEDGE_ALERTS):
            return Permission.ACKNOWLEDGE_ALERTS
        return Permission.LONE_WORKING

    def create(self, request, *args, **kwargs):
        data = self.sent()
        now = timezone.now()
        end = data["expected_end_at"] or now + datetime.timedelta(minutes=data["minutes"])
        session = self.act(
            services.lone_working_check_in,
            member=data["member"],
            place=data["place"],
            expected_end_at=end,
            now=now,
        )
        return self.answer(session, created=True)

    @extend_schema(request=None, responses=LoneWorkingSessionSerializer)
    @action(detail=True, methods=["post"], url_path="check-out")
    def check_out(self, request, *args, **kwargs):
        """Check out of a visit (yours). Repeating it changes nothing."""
        return self.answer(self.act(services.lone_working_check_out, session=self.get_object()))


ROUTES: list = [("lone-working", LoneWorkingViewSet, "api-lone-working")]
