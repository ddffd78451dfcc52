"""API for members: the same selectors, services and policy as the pages."""

from __future__ import annotations

from dataclasses import dataclass

import django_filters
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from keyring_net.api_base import FieldRulesMixin, OrgScopedViewSet
from keyring_net.policy import Permission
from members import selectors, services
from members.models import (
    CommunityConnection,
    Contact,
    ContactCorrection,
    Member,
    PeerConnection,
    RecordAccess,
    Referral,
)
from networks.api import ReachedField, id_parameter, service_errors
from networks.models import Home
from networks.selectors import assets_for_viewer


class HomeSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Home
        fields = ["id", "address_line_1", "address_line_2", "town", "postcode", "tenure"]


class MemberSerializer(FieldRulesMixin, serializers.ModelSerializer):
    network_name = serializers.CharField(source="network.name", read_only=True, default=None)
    home = HomeSummarySerializer(read_only=True)

    field_rules = {
        "support_needs": "members.Member.support_needs",
        "home": "members.Member.home",
    }

    class Meta:
        model = Member
        fields = [
            "id",
            "full_name",
            "preferred_name",
            "status",
            "network",
            "network_name",
            "joined_on",
            "home",
            "support_needs",
        ]
        read_only_fields = fields


class MemberFilter(django_filters.FilterSet):
    # Plain ids, not model choices: a choice field would query members'
    # networks outside any organisation scope when the class is built.
    network = django_filters.NumberFilter(field_name="network_id")
    status = django_filters.ChoiceFilter(choices=Member.Status.choices)

    class Meta:
        model = Member
        fields = ["network", "status"]


class MemberViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrgScopedViewSet):
    """Members the signed-in person reaches. Reading one is logged."""

    serializer_class = MemberSerializer
    filterset_class = MemberFilter
    permission = Permission.VIEW_MEMBERS
    lookup_url_kwarg = "member_id"

    def scoped_queryset(self, actor):
        return selectors.members_for_viewer(actor)

    def retrieve(self, request, *args, **kwargs):
        member = self.get_object()
        services.record_member_access(
            actor=self.actor, member=member, channel=RecordAccess.Channel.API
        )
        return Response(self.get_serializer(member).data)


def date_field(
    required_message: str = "This field is required.", **kwargs
) -> serializers.DateField:
    """A date whose errors are plain words, as on the pages' date fields."""
    return serializers.DateField(
        error_messages={
            "required": required_message,
            "invalid": "Enter a real date, like 2026-03-03.",
        },
        **kwargs,
    )


# --- Referrals ---------------------------------------------------------------------------------


class ReferralSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    network = serializers.IntegerField(source="member.network_id", read_only=True, allow_null=True)
    network_name = serializers.CharField(source="member.network.name", read_only=True, default=None)
    decided_by_name = serializers.CharField(
        source="decided_by.full_name", read_only=True, default=None
    )

    class Meta:
        model = Referral
        fields = [
            "id",
            "member",
            "member_name",
            "network",
            "network_name",
            "source",
            "referrer",
            "referred_on",
            "reason_in_referrers_words",
            "reason_in_own_words",
            "stage",
            "assessment_started_on",
            "assessment_notes",
            "decided_on",
            "decision_reason",
            "decided_by",
            "decided_by_name",
        ]
        read_only_fields = fields


class ReferralCreateSerializer(serializers.Serializer):
    """A new referral, checked as on the page (``ReferralForm``). The person
    becomes a member at status "referred"."""

    full_name = serializers.CharField(
        max_length=200,
        error_messages={
            "required": "Enter the person's full name.",
            "blank": "Enter the person's full name.",
        },
    )
    preferred_name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    source = serializers.ChoiceField(
        choices=Referral.Source.choices, error_messages={"required": "Choose who referred them."}
    )
    referrer = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    referred_on = date_field("Enter the date of the referral.")
    reason_in_referrers_words = serializers.CharField(
        error_messages={
            "required": "Enter why they were referred.",
            "blank": "Enter why they were referred.",
        }
    )
    reason_in_own_words = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_referred_on(self, day):
        # The page's rule (ReferralForm.clean_referred_on), in the same words.
        if day > timezone.localdate():
            raise ValidationError("The referral date cannot be in the future.")
        return day


class ReferralDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[
            (Referral.Stage.ACCEPTED, "Accept"),
            (Referral.Stage.DECLINED, "Decline"),
            (Referral.Stage.WITHDRAWN, "They withdrew"),
        ],
        error_messages={"required": "Choose a decision."},
    )
    on = date_field("Enter the date of the decision.")
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Needed when declining."
    )


class ReferralFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(choices=Referral.Stage.choices)
    source = django_filters.ChoiceFilter(choices=Referral.Source.choices)
    network = django_filters.NumberFilter(field_name="member__network_id")

    class Meta:
        model = Referral
        fields = ["stage", "source", "network"]


@extend_schema_view(
    create=extend_schema(request=ReferralCreateSerializer, responses={201: ReferralSerializer}),
)
class ReferralViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, OrgScopedViewSet
):
    """Referrals, for support managers. Recording one makes the person a
    member at status "referred"; ``decide`` accepts, declines or records a
    withdrawal."""

    filterset_class = ReferralFilter
    permission = Permission.MANAGE_REFERRALS
    lookup_url_kwarg = "referral_id"

    def scoped_queryset(self, actor):
        return selectors.referrals_reached(actor)

    def get_serializer_class(self):
        if self.action == "create":
            return ReferralCreateSerializer
        if self.action == "decide":
            return ReferralDecisionSerializer
        return ReferralSerializer

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            referral = services.referral_create(actor=self.actor, **serializer.validated_data)
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ReferralDecisionSerializer,
        responses=ReferralSerializer,
        parameters=[id_parameter("referral_id")],
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, *args, **kwargs):
        referral = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            referral = services.referral_decide(
                actor=self.actor, referral=referral, **serializer.validated_data
            )
        return Response(ReferralSerializer(referral).data)


# --- Contacts ----------------------------------------------------------------------------------

CONTACTS_RULE = "members.Member.contacts"


class ContactCorrectionSerializer(serializers.ModelSerializer):
    corrected_by_name = serializers.CharField(source="corrected_by.full_name", read_only=True)

    class Meta:
        model = ContactCorrection
        fields = ["id", "text", "reason", "corrected_by", "corrected_by_name", "corrected_at"]
        read_only_fields = fields


def _topic() -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=Contact.Topic.choices)


class ContactSerializer(FieldRulesMixin, serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    worker_name = serializers.CharField(source="worker.full_name", read_only=True)
    peer_name = serializers.CharField(source="peer.full_name", read_only=True, default=None)
    topics = serializers.ListField(child=_topic(), read_only=True)
    corrections = ContactCorrectionSerializer(many=True, read_only=True)
    editable = serializers.SerializerMethodField(
        help_text="Whether the person asking may still change it (its author, for 24 hours)."
    )

    field_rules = {"notes": CONTACTS_RULE, "corrections": CONTACTS_RULE}

    class Meta:
        model = Contact
        fields = [
            "id",
            "member",
            "member_name",
            "worker",
            "worker_name",
            "peer",
            "peer_name",
            "happened_at",
            "minutes",
            "method",
            "topics",
            "notes",
            "corrections",
            "created_at",
            "editable",
        ]
        read_only_fields = fields

    def get_editable(self, contact: Contact) -> bool:
        actor = self.context["request"]._request.actor
        return services.contact_is_editable(actor=actor, contact=contact)


class ContactChangeSerializer(FieldRulesMixin, serializers.Serializer):
    """A contact as logged on the page (``ContactForm``). The worker is
    always the person sending it."""

    member = ReachedField(reach="members", error_messages={"required": "Choose the member."})
    method = serializers.ChoiceField(
        choices=Contact.Method.choices, error_messages={"required": "Choose how."}
    )
    minutes = serializers.IntegerField(
        min_value=1, max_value=24 * 60, error_messages={"required": "Choose how long."}
    )
    topics = serializers.ListField(child=_topic(), required=False, default=list)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    peer = ReachedField(
        reach="members",
        required=False,
        allow_null=True,
        default=None,
        help_text="For peer support: the member who helped.",
    )
    happened_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text="Leave out for now."
    )

    field_rules = {"notes": CONTACTS_RULE}


class ContactFilter(django_filters.FilterSet):
    member = django_filters.NumberFilter(field_name="member_id")
    worker = django_filters.NumberFilter(field_name="worker_id")
    method = django_filters.ChoiceFilter(choices=Contact.Method.choices)
    happened_from = django_filters.DateFilter(field_name="happened_at", lookup_expr="date__gte")
    happened_to = django_filters.DateFilter(field_name="happened_at", lookup_expr="date__lte")

    class Meta:
        model = Contact
        fields = ["member", "worker", "method", "happened_from", "happened_to"]


EDIT_REFUSED = (
    "Only its author can change a contact, and only for 24 hours. "
    "After that, add a correction: the original stays as it was written."
)


@extend_schema_view(
    create=extend_schema(request=ContactChangeSerializer, responses={201: ContactSerializer}),
    update=extend_schema(
        request=ContactChangeSerializer,
        responses=ContactSerializer,
        parameters=[id_parameter("contact_id")],
    ),
    partial_update=extend_schema(
        request=ContactChangeSerializer,
        responses=ContactSerializer,
        parameters=[id_parameter("contact_id")],
    ),
)
class ContactViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    OrgScopedViewSet,
):
    """Support given to members the signed-in person reaches. Its author may
    change a contact for 24 hours. Reading one is logged on the member's
    record."""

    filterset_class = ContactFilter
    permission = Permission.RECORD_CONTACTS
    lookup_url_kwarg = "contact_id"

    def scoped_queryset(self, actor):
        return selectors.contacts_for_viewer(actor)

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return ContactChangeSerializer
        return ContactSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["members"] = selectors.members_for_viewer(self.actor)
        return context

    def retrieve(self, request, *args, **kwargs):
        contact = self.get_object()
        services.record_member_access(
            actor=self.actor, member=contact.member, channel=RecordAccess.Channel.API
        )
        return Response(ContactSerializer(contact, context=self.get_serializer_context()).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["happened_at"] = data["happened_at"] or timezone.now()
        with service_errors():
            contact = services.contact_record(actor=self.actor, **data)
        return Response(
            ContactSerializer(contact, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    def update(self, request, *args, **kwargs):
        contact = self.get_object()
        # Refused before the input is read, as the page does: someone who may
        # not change it learns nothing from having their changes checked.
        if not services.contact_is_editable(actor=self.actor, contact=contact):
            raise PermissionDenied(EDIT_REFUSED)
        serializer = self.get_serializer(data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data.get("happened_at", "kept") is None:
            del data["happened_at"]  # left out: it keeps its time, as on the page
        with service_errors():
            contact = services.contact_edit(actor=self.actor, contact=contact, **data)
        return Response(ContactSerializer(contact, context=self.get_serializer_context()).data)


# --- Connections -------------------------------------------------------------------------------

PEER, COMMUNITY = "peer", "community"
CONNECTION_KINDS = [
    (PEER, "Two members who know and help each other"),
    (COMMUNITY, "A member and a place or person in the neighbourhood"),
]


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
    note = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")

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
)


@extend_schema_view(
    retrieve=extend_schema(parameters=[CONNECTION_ID]),
    create=extend_schema(request=ConnectionCreateSerializer, responses={201: ConnectionSerializer}),
)
class ConnectionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, OrgScopedViewSet
):
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

    def get_serializer_class(self):
        return ConnectionCreateSerializer if self.action == "create" else ConnectionSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["members"] = selectors.members_for_viewer(self.actor)
            context["assets"] = assets_for_viewer(self.actor)
        return context

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
        return self.get_paginated_response(ConnectionSerializer(rows, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(ConnectionSerializer(ConnectionRow.of(self.get_object())).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with service_errors():
            if data["kind"] == PEER:
                connection = services.peer_connect(
                    actor=self.actor,
                    member=data["member"],
                    other=data["other"],
                    a_agreed_on=data["a_agreed_on"],
                    b_agreed_on=data["b_agreed_on"],
                    note=data["note"],
                )
            else:
                connection = services.community_connect(
                    actor=self.actor,
                    member=data["member"],
                    asset=data["asset"],
                    started_on=data["started_on"],
                    note=data["note"],
                )
        return Response(
            ConnectionSerializer(ConnectionRow.of(connection)).data, status=status.HTTP_201_CREATED
        )
