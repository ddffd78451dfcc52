"""Scoped reads of notifications. A person sees only their own; support
managers also see the deliveries to the people they support and work with
(``delivery_reach``, ``Permission.VIEW_SENT_NOTIFICATIONS``)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from keyring_net.access import not_found, require
from keyring_net.actors import Actor
from keyring_net.models import Role, RoleAssignment
from keyring_net.policy import Permission
from notifications import registry
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


def delivery_reach(actor: Actor) -> Q:
    """The deliveries a support manager may see, as a filter on
    ``Delivery``: those to the members they reach (``member_reach``), to
    the people working in their clusters' networks, and to themselves.
    Titles name members, so an organisation-wide list would show people to
    managers who do not support them. Everyone else: none."""
    if not actor.has_role(Role.SUPPORT_MANAGER):
        return Q(pk__in=[])
    clusters = [a.cluster_id for a in actor.assignments if a.role == Role.SUPPORT_MANAGER]
    staff = RoleAssignment.objects.filter(
        organisation=actor.organisation, ended_at__isnull=True
    ).filter(Q(cluster_id__in=clusters) | Q(network__cluster_id__in=clusters))
    return (
        Q(notification__recipient__in=registry.members().reached_user_ids(actor))
        | Q(notification__recipient__in=staff.values("user_id"))
        | Q(notification__recipient=actor.user)
    )


def deliveries(*, actor: Actor, state: str | None = None) -> QuerySet[Delivery]:
    """The deliveries a support manager reaches, latest first, with who
    each is for (for the sent page and the API)."""
    queryset = (
        Delivery.objects.filter(organisation=actor.organisation)
        .filter(delivery_reach(actor))
        .select_related("notification__recipient")
    )
    if state:
        queryset = queryset.filter(state=state)
    return queryset.order_by("-next_attempt_at", "-pk")


def delivery_counts(*, actor: Actor) -> dict[str, int]:
    """How many of those deliveries are in each state (one query)."""
    return (
        Delivery.objects.filter(organisation=actor.organisation)
        .filter(delivery_reach(actor))
        .aggregate(**{state: Count("pk", filter=Q(state=state)) for state in Delivery.State.values})
    )


def delivery_get_for_manager(*, actor: Actor, delivery_id: int) -> Delivery:
    """One delivery the support manager reaches; any other is 404."""
    delivery = deliveries(actor=actor).filter(pk=delivery_id).first()
    if delivery is None:
        raise not_found()
    require(actor, Permission.VIEW_SENT_NOTIFICATIONS)
    return delivery


def preferences_by_user(organisation, user_ids) -> dict[int, NotificationPreference]:
    """The choices of each of ``user_ids`` who has made some (one query)."""
    return {
        p.user_id: p
        for p in NotificationPreference.objects.filter(
            organisation=organisation, user_id__in=user_ids
        )
    }


def own_preferences(*, actor: Actor) -> QuerySet[NotificationPreference]:
    """The person's own choices, as a list of none or one (for the API)."""
    return NotificationPreference.objects.filter(user=actor.user).order_by("pk")
