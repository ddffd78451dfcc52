"""The clusters and networks a role can be scoped to, for the core's people
pages (``keyring_net.selectors.scope_choices``). Registered in
``NetworksConfig.ready``."""

from __future__ import annotations

from django.db.models import QuerySet

from keyring_net.actors import Actor
from keyring_net.policy import network_reach
from networks.models import Cluster, Network


def cluster_choices(actor: Actor) -> QuerySet[Cluster]:
    return Cluster.objects.filter(organisation=actor.organisation).order_by("name")


def network_choices(actor: Actor) -> QuerySet[Network]:
    """The networks of the organisation that the actor reaches."""
    return (
        Network.objects.filter(organisation=actor.organisation)
        .filter(network_reach(actor))
        .order_by("name")
    )
