"""API for clusters and networks: read by the people who reach them, added
and changed through the same services, policy and checks as the pages (a
capacity outside 9 to 20 needs ``accept_capacity``, as the page's tick)."""

from __future__ import annotations

from rest_framework import serializers, status

from keyring_net import limits
from keyring_net.api.base import ReachedField, adds_and_changes, service_errors
from keyring_net.api.fields import choice_field, optional_date, text_field
from keyring_net.api.filters import CHOICES, row_filter
from keyring_net.api.mixins import ChangeableRowsViewSet
from keyring_net.api.rows import read_only, shown
from keyring_net.policy import Permission
from networks import selectors, services
from networks.forms import NETWORK_MESSAGES
from networks.models import Cluster, Network

# --- Clusters ----------------------------------------------------------------------------------


class ClusterManagerSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="The person's id (``people/{id}``).")
    name = serializers.CharField(read_only=True)


class ClusterSerializer(serializers.ModelSerializer):
    managers = ClusterManagerSerializer(
        many=True,
        read_only=True,
        help_text="The cluster's support managers now. Given and moved on the people "
        "pages and API (a support manager's role is scoped to a cluster).",
    )

    Meta = read_only(Cluster, ["id", "name", "managers"])


class ClusterChangeSerializer(serializers.Serializer):
    name = text_field("Enter the cluster's name.", max_length=120)


@adds_and_changes(create=ClusterChangeSerializer, id_name="cluster_id")
class ClusterViewSet(ChangeableRowsViewSet):
    """The organisation's clusters, for its admins: added and renamed, never
    deleted. Each shows its support managers, who are given a cluster on
    the people pages and API."""

    serializer_class = ClusterSerializer
    permission = Permission.MANAGE_CLUSTERS

    reads = selectors.clusters_with_managers
    adds = staticmethod(services.cluster_save)

    def update(self, request, *args, **kwargs):
        cluster = self.get_object()
        data = self.valid_data(request, partial=kwargs.get("partial", False))
        with service_errors():
            cluster = services.cluster_save(
                actor=self.actor, cluster=cluster, name=data.get("name", cluster.name)
            )
        return self.answer(cluster)


# --- Networks ----------------------------------------------------------------------------------


class NetworkSerializer(serializers.ModelSerializer):
    cluster_name = shown("cluster.name")

    Meta = read_only(
        Network,
        [
            "id",
            "name",
            "cluster",
            "cluster_name",
            "status",
            "capacity",
            "walking_threshold_minutes",
            "centre_latitude",
            "centre_longitude",
            "started_on",
            "description",
            "clv_home",
        ],
    )


def _whole_number(name: str, high: int, help_text: str) -> serializers.IntegerField:
    message = NETWORK_MESSAGES[name]
    return serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=high,
        help_text=help_text,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value"), message),
    )


class NetworkChangeSerializer(serializers.Serializer):
    """A network's details, checked as on the page (``NetworkForm``). What is
    left out keeps its value (a new network: forming, 10 places, 15 minutes)."""

    name = text_field(NETWORK_MESSAGES["name"], max_length=120)
    cluster = ReachedField(
        reach="clusters", error_messages={"required": NETWORK_MESSAGES["cluster"]}
    )
    status = choice_field(Network.Status.choices, NETWORK_MESSAGES["status"], required=False)
    capacity = _whole_number("capacity", 100, "How many members it can support (usually 9 to 20).")
    accept_capacity = serializers.BooleanField(
        default=False,
        help_text="Save a capacity outside 9 to 20 (or below the members it supports) anyway.",
    )
    walking_threshold_minutes = _whole_number(
        "walking_threshold_minutes", 60, "Homes further than this on foot are flagged."
    )
    started_on = optional_date(error_messages={"invalid": NETWORK_MESSAGES["started_on"]})
    description = serializers.CharField(max_length=limits.NOTE, required=False, allow_blank=True)
    clv_home = ReachedField(
        reach="homes",
        required=False,
        allow_null=True,
        help_text="One of the network's own homes (for people who may see addresses).",
    )


@adds_and_changes(create=NetworkChangeSerializer, id_name="network_id")
class NetworkViewSet(ChangeableRowsViewSet):
    """Networks the signed-in person works in. Organisation admins add them;
    admins and the support managers of a network's cluster change them. A
    network ends by closing (``status``), never by being deleted."""

    serializer_class = NetworkSerializer
    filterset_class = row_filter(Network, cluster="cluster_id", status=CHOICES)
    permission = Permission.VIEW_NETWORKS
    write_permission = Permission.MANAGE_NETWORKS

    reads = selectors.networks_for_viewer
    reaches = {"clusters": selectors.clusters_for_viewer, "homes": selectors.homes_for_viewer}

    def permission_for(self, action: str | None) -> Permission:
        if action == "create":
            return Permission.ADD_NETWORKS
        return super().permission_for(action)

    def _save(self, data: dict, network: Network | None = None) -> Network:
        accept = data.pop("accept_capacity", False)
        current = services.network_details_of(network) if network else {}
        return services.network_save(
            actor=self.actor,
            details=services.NetworkDetails(**{**current, **data}),
            accept_capacity=accept,
            network=network,
        )

    def add(self, data):
        return self._save(data), status.HTTP_201_CREATED

    def update(self, request, *args, **kwargs):
        network = self.get_object()
        data = self.valid_data(request, partial=kwargs.get("partial", False))
        with service_errors():
            network = self._save(data, network)
        return self.answer(network)
