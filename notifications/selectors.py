"""Scoped reads of notifications. A person sees only their own; support
managers and organisation admins see every delivery in their organisation
(``Permission.VIEW_SENT_NOTIFICATIONS``)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from keyring_net.access import not_found, require
from keyring_net.actors import Actor
from keyring_net.policy import Permission
from notifications.models import Channel, Delivery, Notification, NotificationPreference


def inbox(*, actor: Actor) -> QuerySet[Notification]:
    """The person's own notifications that have reached their inbox (the
    in-app delivery is sent), newest first."""
    delivered = Delivery.objects.filter(
        notification_id=OuterRef("pk"), channel=Channel.IN_APP, state=Delivery.State.SENT
    )
    return (
        Notification.objects.filter(organisation=actor.organisation, recipient=actor.user)
        .filter(Exists(delivered))
        .order_by("-due_at", "-pk")
    )


def unread_count(*, actor: Actor) -> int:
    return inbox(actor=actor).filter(read_at__isnull=True).count()


def notification_get_for_viewer(*, actor: Actor, notification_id: int) -> Notification:
    """One of the person's own notifications; anyone else's is 404."""
    require(actor, Permission.RECEIVE_NOTIFICATIONS)
    notification = Notification.objects.filter(
        organisation=actor.organisation, recipient=actor.user, pk=notification_id
    ).first()
    if notification is None:
        raise not_found()
    return notification


def own_preference(*, actor: Actor) -> NotificationPreference | None:
    return NotificationPreference.objects.filter(
        organisation=actor.organisation, user=actor.user
    ).first()


def deliveries(*, actor: Actor, state: str | None = None) -> QuerySet[Delivery]:
    """Every delivery in the organisation, soonest due last, with who it
    is for (for the manager's page and the API)."""
    queryset = Delivery.objects.filter(organisation=actor.organisation).select_related(
        "notification__recipient"
    )
    if state:
        queryset = queryset.filter(state=state)
    return queryset.order_by("-next_attempt_at", "-pk")


def delivery_counts(*, actor: Actor) -> dict[str, int]:
    """How many deliveries are in each state (one query)."""
    totals = Delivery.objects.filter(organisation=actor.organisation).aggregate(
        **{state: Count("pk", filter=Q(state=state)) for state in Delivery.State.values}
    )
    return totals


def delivery_get_for_manager(*, actor: Actor, delivery_id: int) -> Delivery:
    delivery = Delivery.objects.filter(organisation=actor.organisation, pk=delivery_id).first()
    if delivery is None:
        raise not_found()
    require(actor, Permission.VIEW_SENT_NOTIFICATIONS)
    return delivery
