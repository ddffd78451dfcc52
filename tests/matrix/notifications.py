"""Role matrix for notifications: everyone's own inbox and choices, and
the support managers' (and admins') page of what was sent.

The world's notification is the member's (delivered in-app, unread); its
e-mail could not be sent. Only the member reaches the notification: anyone
else's is not found. The support manager reaches its deliveries (the
member is theirs); the list of what was sent is refused to other roles,
and one delivery is not found for them.
"""

from __future__ import annotations

from tests.routes import ROLES, A, N, everyone, only

MANAGERS = ["support_manager"]


def _own(role: str) -> dict[str, str]:
    return {r: (A if r == role else N) for r in ROLES}


MATRIX: dict[str, dict[str, dict[str, str]]] = {
    "notifications:inbox": {"GET": everyone()},
    "notifications:read-all": {"POST": everyone()},
    "notifications:read": {"POST": _own("member")},
    "notifications:preferences": {"GET": everyone(), "POST": everyone()},
    "notifications:sent": {"GET": only(*MANAGERS)},
    "notifications:retry": {"POST": _own("support_manager")},
    "api-notification-list": {"GET": everyone()},
    "api-notification-detail": {"GET": _own("member")},
    "api-notification-read": {"POST": _own("member")},
    "api-notification-delivery-list": {"GET": only(*MANAGERS)},
    "api-notification-preference-list": {"GET": everyone(), "POST": everyone()},
}


def world_notification(world):
    """The member's notification, made on first use (one in every world
    would change what other tests count)."""
    import datetime

    from django.utils import timezone

    from keyring_net.tenancy import organisation_scope
    from notifications.models import Delivery, Notification

    with organisation_scope(world.organisation):
        notification = Notification.objects.filter(recipient=world.member_user).first()
        if notification is None:
            now = timezone.now()
            notification = Notification.objects.create(
                organisation=world.organisation,
                recipient=world.member_user,
                kind="general",
                about="test:1",
                due_at=now - datetime.timedelta(minutes=5),
                unique_key=f"general:test:1:{world.marker}",
                title=f"Message {world.marker}",
                body=f"Body {world.marker}",
                easy_read=True,
            )
            Delivery.objects.create(
                organisation=world.organisation,
                notification=notification,
                channel="in_app",
                state="sent",
                next_attempt_at=notification.due_at,
                sent_at=notification.due_at,
                attempts=1,
            )
            Delivery.objects.create(
                organisation=world.organisation,
                notification=notification,
                channel="email",
                state="failed",
                next_attempt_at=notification.due_at,
                attempts=5,
                last_error="Refused",
            )
    return notification


def world_delivery(world):
    from keyring_net.tenancy import organisation_scope
    from notifications.models import Delivery

    notification = world_notification(world)
    with organisation_scope(world.organisation):
        return Delivery.objects.get(notification=notification, channel="email")


OBJECT_KWARGS = {
    "notification_id": lambda world: world_notification(world).pk,
    "delivery_id": lambda world: world_delivery(world).pk,
}
