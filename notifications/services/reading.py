"""Marking a person's own messages read."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from keyring_net.actors import Actor, audited
from notifications.models import Channel, Delivery, Notification


@transaction.atomic
def notification_mark_read(*, actor: Actor, notification: Notification) -> Notification:
    """Mark one of the acting person's own notifications read (once)."""
    if notification.recipient_id != actor.user.pk:
        raise ValidationError("This is not your notification.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        audited(notification, actor).save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor: Actor) -> int:
    """Mark every unread notification in the acting person's inbox read.
    One update (no change history per row: reading is not a change of
    substance)."""
    delivered = Delivery.objects.filter(
        notification_id=OuterRef("pk"), channel=Channel.IN_APP, state=Delivery.State.SENT
    )
    return (
        Notification.objects.filter(
            organisation=actor.organisation, recipient=actor.user, read_at__isnull=True
        )
        .filter(Exists(delivered))
        .update(read_at=timezone.now())
    )
