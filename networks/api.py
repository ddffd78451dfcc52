"""API for networks, homes and community places: the same selectors,
services and policy as the pages."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.response import Response

from keyring_net.api.base import (
    OrgScopedViewSet,
    ReachedField,
    create_and_change_schema,
    service_errors,
)
from keyring_net.policy import Permission
from networks import selectors, services
from networks.forms import COORDINATES, HOME_MISSING, coordinate_invalid
from networks.geo.postcodes import POSTCODE_MESSAGE
from networks.models import CommunityAsset, Home, Network

# --- Networks ----------------------------------------------------------------------------------


class NetworkSerializer(serializers.ModelSerializer):
    cluster_name = serializers.CharField(source="cluster.name", read_only=True)

    class Meta:
        model = Network
        fields = [
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
        ]
        read_only_fields = fields


# Filters name every field themselves (no Meta): plain ids, not model
# choices, as a choice field would query outside any organisation scope when
# the class is built.


class NetworkFilter(django_filters.FilterSet):
    cluster = django_filters.NumberFilter(field_name="cluster_id")
    status = django_filters.ChoiceFilter(choices=Network.Status.choices)


class _InNetworkFilter(django_filters.FilterSet):
    network = django_filters.NumberFilter(field_name="network_id")


class NetworkViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrgScopedViewSet):
    """Networks the signed-in person works in. Read only."""

    serializer_class = NetworkSerializer
    filterset_class = NetworkFilter
    permission = Permission.VIEW_NETWORKS
    lookup_url_kwarg = "network_id"

    def scoped_queryset(self, actor):
        return selectors.networks_for_viewer(actor)


def _adds_and_changes(*, create, change, response, id_name: str):
    """A ``_NetworkRowViewSet`` that adds with ``create``, changes with
    ``change`` and answers with ``response``; its rows' ids are ``id_name``.
    The schema says so (the id's type comes from the model when ``change``
    has one)."""

    def decorate(viewset):
        viewset.serializer_classes = {"create": create, "update": change, "partial_update": change}
        viewset.response_serializer = response
        viewset.lookup_url_kwarg = id_name
        if not issubclass(change, serializers.ModelSerializer):
            schema = create_and_change_schema(
                create=create, change=change, response=response, id_name=id_name
            )
            return schema(viewset)
        changing = extend_schema(request=change, responses=response)
        return extend_schema_view(
            create=extend_schema(request=create, responses={201: response}),
            update=changing,
            partial_update=changing,
        )(viewset)

    return decorate


class _NetworkRowViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    OrgScopedViewSet,
):
    """Rows that belong to a network (homes, places): listed, read, added
    and changed through their service. A new row names its network, which
    must be one the person works in; ``response_serializer`` answers."""

    response_serializer: type[serializers.Serializer]

    def save_row(self, network: Network, data: dict, row=None):
        raise NotImplementedError

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["networks"] = selectors.networks_for_viewer(self.actor)
        return context

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        with service_errors():
            row = self.save_row(data.pop("network"), data)
        return Response(self.response_serializer(row).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        row = self.get_object()
        serializer = self.get_serializer(data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        with service_errors():
            row = self.save_row(row.network, dict(serializer.validated_data), row)
        return Response(self.response_serializer(row).data)


# --- Homes -------------------------------------------------------------------------------------


class HomeSerializer(serializers.ModelSerializer):
    network_name = serializers.CharField(
        source="network.name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Home
        fields = [
            "id",
            "network",
            "network_name",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
            "tenure",
            "latitude",
            "longitude",
            "location_source",
            "local_authority",
            "ward",
        ]
        read_only_fields = fields


class HomeSavedSerializer(HomeSerializer):
    walk_summary = serializers.CharField(
        read_only=True, help_text="How far the home is on foot from the network's other homes."
    )

    class Meta(HomeSerializer.Meta):
        fields = [*HomeSerializer.Meta.fields, "walk_summary"]
        read_only_fields = fields


def _coordinate(name: str) -> serializers.DecimalField:
    low, high, example = COORDINATES[name]
    return serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        min_value=low,
        max_value=high,
        required=False,
        allow_null=True,
        help_text=f"Only if the postcode cannot be found. For example {example}.",
        error_messages={"invalid": coordinate_invalid(name)},
    )


def _missing(name: str) -> dict[str, str]:
    """Left out or sent empty: the page's words (``HomeForm``)."""
    return {"required": HOME_MISSING[name], "blank": HOME_MISSING[name]}


class HomeChangeSerializer(serializers.Serializer):
    """A home's details, checked as on the page (``HomeForm``); the service
    checks the postcode, duplicates and the walk."""

    address_line_1 = serializers.CharField(
        max_length=200, error_messages=_missing("address_line_1")
    )
    address_line_2 = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    town = serializers.CharField(max_length=100, error_messages=_missing("town"))
    postcode = serializers.CharField(
        max_length=10, error_messages={**_missing("postcode"), "max_length": POSTCODE_MESSAGE}
    )
    tenure = serializers.ChoiceField(
        choices=Home.Tenure.choices, error_messages={"required": HOME_MISSING["tenure"]}
    )
    latitude = _coordinate("latitude")
    longitude = _coordinate("longitude")
    accept_far = serializers.BooleanField(
        default=False,
        help_text="Save it even though it is beyond the network's walking distance.",
    )


class HomeCreateSerializer(HomeChangeSerializer):
    network = ReachedField(reach="networks")


def home_details(data: dict, home: Home | None = None) -> services.HomeDetails:
    """What to check and save: what was sent, over the home's current values
    when only some were sent. A postcode sent without coordinates is looked
    up, never paired with the old position."""
    current = {"address_line_2": "", "latitude": None, "longitude": None}
    if home is not None:
        current = services.home_details_of(home)
    if "postcode" in data and "latitude" not in data and "longitude" not in data:
        current["latitude"] = current["longitude"] = None
    sent = {name: value for name, value in data.items() if name in services.HOME_DETAILS}
    return services.HomeDetails(**{**current, **sent})


class HomeFilter(_InNetworkFilter):
    tenure = django_filters.ChoiceFilter(choices=Home.Tenure.choices)
    postcode = django_filters.CharFilter(field_name="postcode", lookup_expr="iexact")


@_adds_and_changes(
    create=HomeCreateSerializer,
    change=HomeChangeSerializer,
    response=HomeSavedSerializer,
    id_name="home_id",
)
class HomeViewSet(_NetworkRowViewSet):
    """Homes and their addresses, for the roles that may see addresses.
    Adding and changing one runs the walking check: a home beyond the
    network's walking distance is saved only with ``accept_far``."""

    filterset_class = HomeFilter
    serializer_class = HomeSerializer
    permission = Permission.VIEW_ADDRESSES
    write_permission = Permission.MANAGE_HOMES

    def scoped_queryset(self, actor):
        return selectors.homes_for_viewer(actor)

    def save_row(self, network: Network, data: dict, row: Home | None = None) -> Home:
        home, check = services.home_save(
            actor=self.actor,
            network=network,
            details=home_details(data, row),
            accept_far=data.get("accept_far", False),
            home=row,
        )
        home.walk_summary = check.report.summary()
        return home


# --- Community places and people ---------------------------------------------------------------


class CommunityAssetSerializer(serializers.ModelSerializer):
    network_name = serializers.CharField(source="network.name", read_only=True)
    introduced_by_name = serializers.CharField(
        source="introduced_by.full_name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = CommunityAsset
        fields = [
            "id",
            "network",
            "network_name",
            "name",
            "category",
            "address",
            "postcode",
            "latitude",
            "longitude",
            "opening_times",
            "contact",
            "notes",
            "is_active",
            "introduced_by",
            "introduced_by_name",
        ]
        read_only_fields = fields


ASSET_FIELDS = ["name", "category", "address", "postcode", "opening_times", "contact", "notes"]


class CommunityAssetChangeSerializer(serializers.ModelSerializer):
    """What the page's ``AssetForm`` takes, with the model's own checks."""

    class Meta:
        model = CommunityAsset
        fields = ASSET_FIELDS
        extra_kwargs = {
            "name": {"error_messages": {"required": "Enter the name of the place or person."}},
            "category": {"error_messages": {"required": "Choose what kind of place it is."}},
        }


class CommunityAssetCreateSerializer(CommunityAssetChangeSerializer):
    network = ReachedField(reach="networks")

    class Meta(CommunityAssetChangeSerializer.Meta):
        fields = ["network", *ASSET_FIELDS]


class CommunityAssetFilter(_InNetworkFilter):
    category = django_filters.ChoiceFilter(choices=CommunityAsset.Category.choices)
    is_active = django_filters.BooleanFilter()


@_adds_and_changes(
    create=CommunityAssetCreateSerializer,
    change=CommunityAssetChangeSerializer,
    response=CommunityAssetSerializer,
    id_name="asset_id",
)
class CommunityAssetViewSet(_NetworkRowViewSet):
    """The directory of places and people in the neighbourhood that members
    can use, network by network."""

    filterset_class = CommunityAssetFilter
    serializer_class = CommunityAssetSerializer
    permission = Permission.VIEW_NETWORKS
    write_permission = Permission.MANAGE_PLACES

    def scoped_queryset(self, actor):
        return selectors.assets_for_viewer(actor)

    def save_row(self, network: Network, data: dict, row=None) -> CommunityAsset:
        return services.asset_save(actor=self.actor, network=network, asset=row, **data)
