"""API routes of notifications: (prefix, viewset, basename) tuples that
keyring_net/api_urls.py registers.

* ``notifications/``: the person's own inbox; ``POST .../{id}/read/``.
* ``notification-deliveries/``: support managers and organisation admins,
  every delivery in the organisation, filter ``state`` and ``channel``.
* ``notification-preferences/``: the person's own choices; ``POST`` saves
  them (creating or replacing), through the same service as the page.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from keyring_net.api.base import OrgScopedViewSet, service_errors
from keyring_net.api.filters import CHOICES, row_filter
from keyring_net.api.rows import read_only, shown
from keyring_net.policy import Permission
from notifications import rules, selectors
from notifications.models import Delivery, Notification, NotificationPreference
from notifications.services import choices, reading


class NotificationSerializer(serializers.ModelSerializer):
    Meta = read_only(
        Notification, ["id", "kind", "title", "body", "link", "easy_read", "due_at", "read_at"]
    )


class DeliverySerializer(serializers.ModelSerializer):
    recipient = shown("notification.recipient_id", serializers.IntegerField)
    recipient_name = shown("notification.recipient.full_name")
    title = shown("notification.title")
    kind = shown("notification.kind")

    Meta = read_only(
        Delivery,
        [
            "id",
            "notification",
            "recipient",
            "recipient_name",
            "kind",
            "title",
            "channel",
            "state",
            "attempts",
            "next_attempt_at",
            "sent_at",
            "last_error",
        ],
    )


class PreferenceSerializer(serializers.ModelSerializer):
    """The person's choices. ``channels`` from ``in_app``, ``email``,
    ``sms`` (in-app is always on); ``sms_phone`` a UK mobile; quiet hours as
    local times (``quiet_overnight``: the end is the next morning)."""

    channels = serializers.ListField(child=serializers.CharField(max_length=20), default=list)
    sms_phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)

    class Meta:
        model = NotificationPreference
        fields = [
            "id",
            "channels",
            "sms_phone",
            "quiet_from",
            "quiet_until",
            "quiet_overnight",
            "remind_day_before",
            "remind_hour_before",
        ]
        read_only_fields = ["id"]
        extra_kwargs = {
            "quiet_overnight": {"default": True},
            "remind_day_before": {"default": True},
            "remind_hour_before": {"default": False},
        }

    def validate_channels(self, value):
        try:
            return rules.clean_channels(value)
        except Exception as error:
            raise serializers.ValidationError(getattr(error, "messages", [str(error)])) from error


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrgScopedViewSet):
    """Your own notifications, newest first."""

    serializer_class = NotificationSerializer
    permission = Permission.RECEIVE_NOTIFICATIONS
    lookup_url_kwarg = "notification_id"

    def scoped_queryset(self, actor):
        return selectors.inbox(actor=actor)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"], url_path="read")
    def read(self, request, *args, **kwargs):
        """Mark it read. Repeating it changes nothing."""
        notification = self.get_object()
        with service_errors():
            notification = reading.notification_mark_read(
                actor=self.actor, notification=notification
            )
        return Response(NotificationSerializer(notification).data)


class DeliveryViewSet(mixins.ListModelMixin, OrgScopedViewSet):
    """Every e-mail, text and in-app message in the organisation and where
    its sending has got to (support managers and organisation admins)."""

    serializer_class = DeliverySerializer
    filterset_class = row_filter(
        Delivery,
        state=CHOICES,
        channel=CHOICES,
    )
    permission = Permission.VIEW_SENT_NOTIFICATIONS

    def scoped_queryset(self, actor):
        return selectors.deliveries(actor=actor)


@extend_schema_view(create=extend_schema(responses={201: PreferenceSerializer}))
class PreferenceViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, OrgScopedViewSet):
    """Your own notification choices (a list of none or one)."""

    serializer_class = PreferenceSerializer
    permission = Permission.RECEIVE_NOTIFICATIONS
    write_permission = Permission.RECEIVE_NOTIFICATIONS

    def scoped_queryset(self, actor):
        return selectors.own_preferences(actor=actor)

    def perform_create(self, serializer):
        """The service saves the choices (made or changed)."""
        with service_errors():
            serializer.instance = choices.preference_update(
                actor=self.actor, **serializer.validated_data
            )


ROUTES: list = [
    ("notifications", NotificationViewSet, "api-notification"),
    ("notification-deliveries", DeliveryViewSet, "api-notification-delivery"),
    ("notification-preferences", PreferenceViewSet, "api-notification-preference"),
]
