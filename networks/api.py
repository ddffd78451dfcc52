"""API for networks, homes and community places: the same selectors,
services and policy as the pages."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
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


class NetworkFilter(django_filters.FilterSet):
    # Plain ids, not model choices: a choice field would query outside any
    # organisation scope when the class is built.
    cluster = django_filters.NumberFilter(field_name="cluster_id")
    status = django_filters.ChoiceFilter(choices=Network.Status.choices)

    class Meta:
        model = Network
        fields = ["cluster", "status"]


class NetworkViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrgScopedViewSet):
    """Networks the signed-in person works in. Read only."""

    serializer_class = NetworkSerializer
    filterset_class = NetworkFilter
    permission = Permission.VIEW_NETWORKS
    lookup_url_kwarg = "network_id"

    def scoped_queryset(self, actor):
        return selectors.networks_for_viewer(actor)


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


def _coordinate(name: str, low: int, high: int, example: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        min_value=low,
        max_value=high,
        required=False,
        allow_null=True,
        help_text=f"Only if the postcode cannot be found. For example {example}.",
        error_messages={"invalid": f"Enter the {name} as a number, like {example}."},
    )


class HomeChangeSerializer(serializers.Serializer):
    """A home's details, checked as on the page (``HomeForm``); the service
    checks the postcode, duplicates and the walk."""

    address_line_1 = serializers.CharField(
        max_length=200,
        error_messages={
            "required": "Enter the first line of the address.",
            "blank": "Enter the first line of the address.",
        },
    )
    address_line_2 = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    town = serializers.CharField(
        max_length=100,
        error_messages={"required": "Enter the town or city.", "blank": "Enter the town or city."},
    )
    postcode = serializers.CharField(
        max_length=10,
        error_messages={
            "required": "Enter the postcode.",
            "blank": "Enter the postcode.",
            "max_length": "Enter a full UK postcode, like M19 3AB.",
        },
    )
    tenure = serializers.ChoiceField(
        choices=Home.Tenure.choices, error_messages={"required": "Choose the kind of tenancy."}
    )
    latitude = _coordinate("latitude", 49, 61, "53.444200")
    longitude = _coordinate("longitude", -9, 2, "-2.192300")
    accept_far = serializers.BooleanField(
        default=False,
        help_text="Save it even though it is beyond the network's walking distance.",
    )


class HomeCreateSerializer(HomeChangeSerializer):
    network = ReachedField(reach="networks")


HOME_DETAILS = (
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "tenure",
    "latitude",
    "longitude",
)


def home_details(data: dict, home: Home | None = None) -> services.HomeDetails:
    """What to check and save: what was sent, over the home's current values
    when only some were sent. A postcode sent without coordinates is looked
    up, never paired with the old position."""
    current = {"address_line_2": "", "latitude": None, "longitude": None}
    if home is not None:
        current = {name: getattr(home, name) for name in HOME_DETAILS}
    if "postcode" in data and "latitude" not in data and "longitude" not in data:
        current["latitude"] = current["longitude"] = None
    sent = {name: value for name, value in data.items() if name in HOME_DETAILS}
    return services.HomeDetails(**{**current, **sent})


class HomeFilter(django_filters.FilterSet):
    network = django_filters.NumberFilter(field_name="network_id")
    tenure = django_filters.ChoiceFilter(choices=Home.Tenure.choices)
    postcode = django_filters.CharFilter(field_name="postcode", lookup_expr="iexact")

    class Meta:
        model = Home
        fields = ["network", "tenure", "postcode"]


@create_and_change_schema(
    create=HomeCreateSerializer,
    change=HomeChangeSerializer,
    response=HomeSavedSerializer,
    id_name="home_id",
)
class HomeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    OrgScopedViewSet,
):
    """Homes and their addresses, for the roles that may see addresses.
    Adding and changing one runs the walking check: a home beyond the
    network's walking distance is saved only with ``accept_far``."""

    filterset_class = HomeFilter
    serializer_class = HomeSerializer
    serializer_classes = {
        "create": HomeCreateSerializer,
        "update": HomeChangeSerializer,
        "partial_update": HomeChangeSerializer,
    }
    permission = Permission.VIEW_ADDRESSES
    write_permission = Permission.MANAGE_HOMES
    lookup_url_kwarg = "home_id"

    def scoped_queryset(self, actor):
        return selectors.homes_for_viewer(actor)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["networks"] = selectors.networks_for_viewer(self.actor)
        return context

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        home = self._save(data["network"], home_details(data), data["accept_far"])
        return Response(HomeSavedSerializer(home).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        home = self.get_object()
        serializer = self.get_serializer(data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        home = self._save(
            home.network, home_details(data, home), data.get("accept_far", False), home
        )
        return Response(HomeSavedSerializer(home).data)

    def _save(self, network, details, accept_far: bool, home: Home | None = None) -> Home:
        with service_errors():
            home, check = services.home_save(
                actor=self.actor, network=network, details=details, accept_far=accept_far, home=home
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


class CommunityAssetFilter(django_filters.FilterSet):
    network = django_filters.NumberFilter(field_name="network_id")
    category = django_filters.ChoiceFilter(choices=CommunityAsset.Category.choices)
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = CommunityAsset
        fields = ["network", "category", "is_active"]


@extend_schema_view(
    create=extend_schema(
        request=CommunityAssetCreateSerializer, responses={201: CommunityAssetSerializer}
    ),
    update=extend_schema(
        request=CommunityAssetChangeSerializer, responses=CommunityAssetSerializer
    ),
    partial_update=extend_schema(
        request=CommunityAssetChangeSerializer, responses=CommunityAssetSerializer
    ),
)
class CommunityAssetViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    OrgScopedViewSet,
):
    """The directory of places and people in the neighbourhood that members
    can use, network by network."""

    filterset_class = CommunityAssetFilter
    serializer_class = CommunityAssetSerializer
    serializer_classes = {
        "create": CommunityAssetCreateSerializer,
        "update": CommunityAssetChangeSerializer,
        "partial_update": CommunityAssetChangeSerializer,
    }
    permission = Permission.VIEW_NETWORKS
    write_permission = Permission.MANAGE_PLACES
    lookup_url_kwarg = "asset_id"

    def scoped_queryset(self, actor):
        return selectors.assets_for_viewer(actor)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["networks"] = selectors.networks_for_viewer(self.actor)
        return context

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        network = fields.pop("network")
        with service_errors():
            asset = services.asset_save(actor=self.actor, network=network, **fields)
        return Response(CommunityAssetSerializer(asset).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        asset = self.get_object()
        serializer = self.get_serializer(data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        with service_errors():
            asset = services.asset_save(
                actor=self.actor, network=asset.network, asset=asset, **serializer.validated_data
            )
        return Response(CommunityAssetSerializer(asset).data)
