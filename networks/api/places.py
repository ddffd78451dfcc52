"""API for homes and community places: the same selectors, services and
policy as the pages."""

from __future__ import annotations

import django_filters
from rest_framework import serializers, status

from keyring_net.api.base import (
    ReachedField,
    adds_and_changes,
    service_errors,
)
from keyring_net.api.fields import optional_text
from keyring_net.api.filters import CHOICES, row_filter
from keyring_net.api.mixins import ChangeableRowsViewSet
from keyring_net.api.rows import read_only, shown
from keyring_net.policy import Permission
from networks import selectors, services
from networks.forms import COORDINATES, HOME_MISSING, HomeForm
from networks.geo.postcodes import POSTCODE_MESSAGE
from networks.models import CommunityAsset, Home, Network


def _adds_and_changes(*, response=None, **inputs):
    """A ``_NetworkRowViewSet`` that answers with ``response`` (its
    ``serializer_class`` unless said; ``adds_and_changes``)."""

    def decorate(viewset):
        viewset.response_serializer = response or viewset.serializer_class
        return adds_and_changes(response=viewset.response_serializer, **inputs)(viewset)

    return decorate


class _NetworkRowViewSet(ChangeableRowsViewSet):
    """Rows that belong to a network (homes, places): listed, read, added
    and changed through their service. A new row names its network, which
    must be one the person works in; ``response_serializer`` answers."""

    response_serializer: type[serializers.Serializer]

    def save_row(self, network: Network, data: dict, row=None):
        raise NotImplementedError

    reaches = {"networks": selectors.networks_for_viewer}

    def written(self, row):
        return self.response_serializer(row)

    def add(self, data):
        return self.save_row(data.pop("network"), data), status.HTTP_201_CREATED

    def update(self, request, *args, **kwargs):
        row = self.get_object()
        data = self.valid_data(request, partial=kwargs.get("partial", False))
        with service_errors():
            row = self.save_row(row.network, data, row)
        return self.answer(row)


# --- Homes -------------------------------------------------------------------------------------


class HomeSerializer(serializers.ModelSerializer):
    network_name = shown("network.name", optional=True)

    Meta = read_only(
        Home,
        [
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
        ],
    )


class HomeSavedSerializer(HomeSerializer):
    walk_summary = serializers.CharField(
        read_only=True, help_text="How far the home is on foot from the network's other homes."
    )

    Meta = read_only(Home, [*HomeSerializer.Meta.fields, "walk_summary"])


def _coordinate(name: str) -> serializers.DecimalField:
    """The page's latitude or longitude (``HomeForm``): the same limits and
    the same words when it is not a number."""
    page = HomeForm.base_fields[name]
    return serializers.DecimalField(
        max_digits=page.max_digits,
        decimal_places=page.decimal_places,
        min_value=page.min_value,
        max_value=page.max_value,
        required=False,
        allow_null=True,
        help_text=f"Only if the postcode cannot be found. For example {COORDINATES[name][2]}.",
        error_messages={"invalid": page.error_messages["invalid"]},
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
    address_line_2 = optional_text(200)
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

    filterset_class = row_filter(
        Home,
        network="network_id",
        tenure=CHOICES,
        postcode=django_filters.CharFilter(field_name="postcode", lookup_expr="iexact"),
    )
    serializer_class = HomeSerializer
    permission = Permission.VIEW_ADDRESSES
    write_permission = Permission.MANAGE_HOMES

    reads = selectors.homes_for_viewer

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
    network_name = shown("network.name")
    introduced_by_name = shown("introduced_by.full_name", optional=True)

    Meta = read_only(
        CommunityAsset,
        [
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
        ],
    )


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


@_adds_and_changes(
    create=CommunityAssetCreateSerializer, change=CommunityAssetChangeSerializer, id_name="asset_id"
)
class CommunityAssetViewSet(_NetworkRowViewSet):
    """The directory of places and people in the neighbourhood that members
    can use, network by network."""

    filterset_class = row_filter(
        CommunityAsset,
        network="network_id",
        category=CHOICES,
        is_active=django_filters.BooleanFilter(),
    )
    serializer_class = CommunityAssetSerializer
    permission = Permission.VIEW_NETWORKS
    write_permission = Permission.MANAGE_PLACES

    reads = selectors.assets_for_viewer

    def save_row(self, network: Network, data: dict, row=None) -> CommunityAsset:
        return services.asset_save(actor=self.actor, network=network, asset=row, **data)
