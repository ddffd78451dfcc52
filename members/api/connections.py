"""API for connections: peer links between members and links to community places."""

from __future__ import annotations

from dataclasses import dataclass

import django_filters
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError

from keyring_net.api.base import ReachedField, creates
from keyring_net.api.fields import date_field, optional_text
from keyring_net.api.mixins import RowsViewSet
from keyring_net.policy import Permission
from members import selectors
from members.models import (
    CommunityConnection,
    PeerConnection,
    RecordAccess,
)
from members.services import record, support
from networks.selectors import assets_for_viewer

PEER, COMMUNITY = "peer", "community"

CONNECTION_KINDS = [
    (PEER, "Two members who know and help each other"),
    (COMMUNITY, "A member and a place or person in the neighbourhood"),
]


def _log_shown(actor, rows: list[ConnectionRow], *, in_list: bool) -> None:
    """Both members of a peer connection are shown, so both are logged."""
    record.record_members_access(
        actor=actor,
        members=[m for row in rows for m in (row.member, row.other) if m is not None],
        channel=RecordAccess.Channel.API,
        in_list=in_list,
    )


@dataclass(frozen=True)
class ConnectionRow:
    """A peer or a community connection, in one shape. For a peer
    connection ``member`` is the one with the lower id and ``other`` the
    second; for a community one, ``asset`` is the place."""

    id: str
    kind: str
    member: int
    member_name: str
    other: int | None
    other_name: str | None
    asset: int | None
    asset_name: str | None
    started_on: object
    ended_on: object
    note: str

    @classmethod
    def of(cls, connection: PeerConnection | CommunityConnection) -> ConnectionRow:
        common = {
            "started_on": connection.started_on,
            "ended_on": connection.ended_on,
            "note": connection.note,
        }
        if isinstance(connection, PeerConnection):
            return cls(
                id=f"{PEER}-{connection.pk}",
                kind=PEER,
                member=connection.member_a_id,
                member_name=connection.member_a.full_name,
                other=connection.member_b_id,
                other_name=connection.member_b.full_name,
                asset=None,
                asset_name=None,
                **common,
            )
        return cls(
            id=f"{COMMUNITY}-{connection.pk}",
            kind=COMMUNITY,
            member=connection.member_id,
            member_name=connection.member.full_name,
            other=None,
            other_name=None,
            asset=connection.asset_id,
            asset_name=connection.asset.name,
            **common,
        )


class ConnectionSerializer(serializers.Serializer):
    id = serializers.CharField(read_only=True, help_text='"peer-<n>" or "community-<n>".')
    kind = serializers.ChoiceField(choices=CONNECTION_KINDS, read_only=True)
    member = serializers.IntegerField(read_only=True)
    member_name = serializers.CharField(read_only=True)
    other = serializers.IntegerField(read_only=True, allow_null=True)
    other_name = serializers.CharField(read_only=True, allow_null=True)
    asset = serializers.IntegerField(read_only=True, allow_null=True)
    asset_name = serializers.CharField(read_only=True, allow_null=True)
    started_on = serializers.DateField(read_only=True)
    ended_on = serializers.DateField(read_only=True, allow_null=True)
    note = serializers.CharField(read_only=True)

    class Meta:
        # Read only by OrgScopedViewSet while drf-spectacular builds the
        # schema (it asks the serializer for a model); rows are either kind.
        model = CommunityConnection


NEEDED_FOR = {PEER: ("other", "a_agreed_on", "b_agreed_on"), COMMUNITY: ("asset", "started_on")}
# The service that records each kind.
CONNECT = {PEER: support.peer_connect, COMMUNITY: support.community_connect}


class ConnectionCreateSerializer(serializers.Serializer):
    """A new connection. ``peer``: ``other``, and the dates each member
    agreed (both must have). ``community``: ``asset`` and since when."""

    kind = serializers.ChoiceField(choices=CONNECTION_KINDS)
    member = ReachedField(reach="members", error_messages={"required": "Choose a member."})
    other = ReachedField(reach="members", required=False)
    a_agreed_on = date_field(required=False, help_text="When `member` agreed.")
    b_agreed_on = date_field(required=False, help_text="When `other` agreed.")
    asset = ReachedField(reach="assets", required=False)
    started_on = date_field(required=False)
    note = optional_text(250)

    def validate(self, attrs):
        missing = [name for name in NEEDED_FOR[attrs["kind"]] if name not in attrs]
        if missing:
            raise ValidationError(
                {name: [serializers.Field.default_error_messages["required"]] for name in missing}
            )
        return attrs


def _kind_of(queryset) -> str:
    return PEER if queryset.model is PeerConnection else COMMUNITY


class ConnectionFilter(django_filters.FilterSet):
    """Filters for either kind (the list reads both tables)."""

    kind = django_filters.ChoiceFilter(choices=CONNECTION_KINDS, method="filter_kind")
    member = django_filters.NumberFilter(method="filter_member", label="Either member")
    network = django_filters.NumberFilter(method="filter_network", label="A member's network")
    active = django_filters.BooleanFilter(method="filter_active", label="Not ended")

    def filter_kind(self, queryset, name, value: str):
        return queryset if _kind_of(queryset) == value else queryset.none()

    def filter_member(self, queryset, name, value: int):
        if _kind_of(queryset) == PEER:
            return queryset.filter(Q(member_a_id=value) | Q(member_b_id=value))
        return queryset.filter(member_id=value)

    def filter_network(self, queryset, name, value: int):
        if _kind_of(queryset) == PEER:
            return queryset.filter(Q(member_a__network_id=value) | Q(member_b__network_id=value))
        return queryset.filter(member__network_id=value)

    def filter_active(self, queryset, name, value: bool):
        return queryset.filter(ended_on__isnull=value)


CONNECTION_ID = OpenApiParameter(
    "connection_id",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description='"peer-<n>" or "community-<n>".',
    pattern=f"^(?:{PEER}|{COMMUNITY})-[0-9]+$",
)


@creates(
    ConnectionCreateSerializer,
    ConnectionSerializer,
    retrieve=extend_schema(parameters=[CONNECTION_ID]),
)
class ConnectionViewSet(RowsViewSet):
    """Members' peer connections and their links with community places, in
    one list, newest first. Ids say the kind: "peer-12", "community-5"."""

    serializer_class = ConnectionSerializer
    filterset_class = ConnectionFilter
    permission = Permission.VIEW_MEMBERS
    write_permission = Permission.RECORD_CONTACTS
    lookup_url_kwarg = "connection_id"
    lookup_field = "public_id"  # annotated by scoped_queryset
    lookup_value_regex = f"(?:{PEER}|{COMMUNITY})-[0-9]+"
    _kind: str | None = None  # which table get_queryset reads while listing

    def scoped_queryset(self, actor):
        kind = self._kind or self.kwargs[self.lookup_url_kwarg].split("-")[0]
        if kind == PEER:
            rows = selectors.peer_connections_for_viewer(actor)
        else:
            rows = selectors.community_connections_for_viewer(actor)
        return rows.annotate(
            kind=Value(kind, output_field=CharField()),
            public_id=Concat(Value(f"{kind}-"), Cast("pk", CharField()), output_field=CharField()),
        )

    reaches = {"members": selectors.members_for_viewer, "assets": assets_for_viewer}

    def _rows_of(self, kind: str):
        self._kind = kind
        try:
            return self.get_queryset()
        finally:
            self._kind = None

    def list(self, request, *args, **kwargs):
        # Both tables in one page: their keys are put together in the
        # database (ordered, counted and paged there), then the page's rows
        # are read, one query per kind.
        keys = [
            self.filter_queryset(self._rows_of(kind))
            .order_by()
            .values_list("kind", "id", "started_on")
            for kind in (PEER, COMMUNITY)
        ]
        combined = keys[0].union(keys[1], all=True).order_by("-started_on", "kind", "-id")
        page = self.paginate_queryset(combined)
        found = {}
        for kind in (PEER, COMMUNITY):
            ids = [pk for row_kind, pk, _ in page if row_kind == kind]
            if ids:
                found.update({(kind, c.pk): c for c in self._rows_of(kind).filter(pk__in=ids)})
        # A row gone between the two reads is left out, not a server error.
        rows = [ConnectionRow.of(found[kind, pk]) for kind, pk, _ in page if (kind, pk) in found]
        _log_shown(self.actor, rows, in_list=True)
        return self.get_paginated_response(ConnectionSerializer(rows, many=True).data)

    def written(self, connection):
        return ConnectionSerializer(ConnectionRow.of(connection))

    def retrieve(self, request, *args, **kwargs):
        connection = self.get_object()
        _log_shown(self.actor, [ConnectionRow.of(connection)], in_list=False)
        return self.answer(connection)

    def add(self, data):
        kind = data["kind"]
        given = {name: data[name] for name in ("member", *NEEDED_FOR[kind], "note")}
        return CONNECT[kind](actor=self.actor, **given), status.HTTP_201_CREATED
