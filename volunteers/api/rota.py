"""API for rotas: shifts, availability and time off, and swap requests.
The same selectors, services and policy as the pages.

Registered by keyring_net/api_urls.py from ``ROUTES``: (prefix, viewset,
basename) tuples.
"""

from __future__ import annotations

from typing import ClassVar

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action

from keyring_net import limits
from keyring_net.api.base import (
    ReachedField,
    create_and_change_schema,
    id_parameter,
)
from keyring_net.policy import Permission
from networks.selectors import networks_for_viewer
from volunteers.api.base import ListAndAddViewSet, VolunteersViewSet, adds_schema, shown
from volunteers.models import Availability, Shift, SwapRequest
from volunteers.selectors.rota import (
    availability_for_viewer,
    shifts_for_viewer,
    swaps_for_viewer,
    workers_for_viewer,
)
from volunteers.services import availability, shifts, swaps
from volunteers.wording import span_text

# --- Shifts ------------------------------------------------------------------------------------


class ShiftSerializer(serializers.ModelSerializer):
    network_name = shown("network.name")
    worker_name = shown("worker.full_name", maybe=True)
    when = serializers.SerializerMethodField(
        help_text='In words, in UK time: "from 6pm to 9pm on Tuesday 3 March".'
    )

    class Meta:
        model = Shift
        fields = [
            "id",
            "network",
            "network_name",
            "worker",
            "worker_name",
            "kind",
            "starts_at",
            "ends_at",
            "when",
            "lone_visits",
            "status",
            "pattern",
            "notes",
        ]
        read_only_fields = fields

    def get_when(self, shift: Shift) -> str:
        return span_text(shift.starts_at, shift.ends_at)


class ShiftChangeSerializer(serializers.Serializer):
    """A shift's details, checked by the same service as the page: it must
    end after it starts, and the worker must be free, not on time off, and
    (for lone visits) cleared."""

    kind = serializers.ChoiceField(
        choices=Shift.Kind.choices, error_messages={"required": "Choose the kind of shift."}
    )
    starts_at = serializers.DateTimeField(
        validators=[limits.not_before_record_floor],
        error_messages={"required": "Enter when the shift starts."},
        help_text="With its offset, or read as UK time.",
    )
    ends_at = serializers.DateTimeField(
        validators=[limits.not_before_record_floor],
        error_messages={"required": "Enter when the shift ends."},
    )
    worker = ReachedField(
        reach="workers",
        required=False,
        allow_null=True,
        default=None,
        help_text="Leave out (or null) for an open shift someone can pick up.",
    )
    lone_visits = serializers.BooleanField(required=False, default=True)
    notes = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ShiftCreateSerializer(ShiftChangeSerializer):
    network = ReachedField(reach="networks", error_messages={"required": "Choose the network."})


class ShiftCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ShiftFilter(django_filters.FilterSet):
    network = django_filters.NumberFilter(field_name="network_id")
    worker = django_filters.NumberFilter(field_name="worker_id")
    status = django_filters.ChoiceFilter(choices=Shift.Status.choices)
    kind = django_filters.ChoiceFilter(choices=Shift.Kind.choices)

    class Meta:
        model = Shift
        fields = ["network", "worker", "status", "kind"]


# "from" and "to" are Python keywords, so they are added by name: shifts
# starting on or after / on or before a day (UK time).
for _name, _lookup, _label in (
    ("from", "date__gte", "Starting on or after this day (UK time)"),
    ("to", "date__lte", "Starting on or before this day (UK time)"),
):
    ShiftFilter.base_filters[_name] = django_filters.DateFilter(
        field_name="starts_at", lookup_expr=_lookup, label=_label
    )


SHIFT_FIELDS = ("kind", "starts_at", "ends_at", "worker", "lone_visits", "notes")


@create_and_change_schema(
    create=ShiftCreateSerializer,
    change=ShiftChangeSerializer,
    response=ShiftSerializer,
    id_name="shift_id",
)
class ShiftViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    VolunteersViewSet,
):
    """Shifts in the networks the signed-in person works in. Support
    managers add, change and cancel them; CLVs and enablers pick up open
    ones. Times are UTC with their offset; ``when`` says it in UK time."""

    filterset_class = ShiftFilter
    serializer_class = ShiftSerializer
    serializer_classes = {
        "create": ShiftCreateSerializer,
        "update": ShiftChangeSerializer,
        "partial_update": ShiftChangeSerializer,
        "cancel": ShiftCancelSerializer,
    }
    permission = Permission.VIEW_ROTA
    write_permission = Permission.MANAGE_ROTA
    action_permissions: ClassVar = {
        "cancel": Permission.MANAGE_ROTA,
        "pick_up": Permission.WORK_SHIFTS,
    }
    lookup_url_kwarg = "shift_id"
    scope = staticmethod(shifts_for_viewer)
    reaches: ClassVar = {"networks": networks_for_viewer, "workers": workers_for_viewer}

    def create(self, request, *args, **kwargs):
        return self.answer(self.act(shifts.shift_create, **self.sent()), created=True)

    def update(self, request, *args, **kwargs):
        shift = self.get_object()
        sent = self.sent(partial=kwargs.get("partial", False))
        # What was sent, over the shift's current values (PATCH sends some).
        fields = {name: sent.get(name, getattr(shift, name)) for name in SHIFT_FIELDS}
        return self.answer(self.act(shifts.shift_change, shift=shift, **fields))

    @extend_schema(
        request=ShiftCancelSerializer,
        responses=ShiftSerializer,
        parameters=[id_parameter("shift_id")],
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        """Cancel this shift only; a repeating pattern's other shifts stay."""
        shift = self.get_object()
        return self.answer(self.act(shifts.shift_cancel, shift=shift, **self.sent()))

    @extend_schema(request=None, responses=ShiftSerializer, parameters=[id_parameter("shift_id")])
    @action(detail=True, methods=["post"], url_path="pick-up", url_name="pick-up")
    def pick_up(self, request, *args, **kwargs):
        """Take an open shift (if you are free and, for lone visits, cleared)."""
        return self.answer(self.act(shifts.shift_pick_up, shift=self.get_object()))


# --- Availability and time off -----------------------------------------------------------------


class AvailabilitySerializer(serializers.ModelSerializer):
    worker_name = shown("worker.full_name")

    class Meta:
        model = Availability
        fields = ["id", "worker", "worker_name", "kind", "starts_at", "ends_at", "note"]
        read_only_fields = fields


class AvailabilityCreateSerializer(serializers.Serializer):
    """Your own availability or time off: the worker is always the sender."""

    kind = serializers.ChoiceField(
        choices=Availability.Kind.choices,
        error_messages={"required": "Choose time off or when you can work."},
    )
    starts_at = serializers.DateTimeField(
        validators=[limits.not_before_record_floor],
        error_messages={"required": "Enter when it starts."},
    )
    ends_at = serializers.DateTimeField(
        validators=[limits.not_before_record_floor],
        error_messages={"required": "Enter when it ends."},
    )
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class AvailabilityFilter(django_filters.FilterSet):
    worker = django_filters.NumberFilter(field_name="worker_id")
    kind = django_filters.ChoiceFilter(choices=Availability.Kind.choices)

    class Meta:
        model = Availability
        fields = ["worker", "kind"]


for _name, _field, _lookup, _label in (
    ("from", "ends_at", "date__gte", "Ending on or after this day (UK time)"),
    ("to", "starts_at", "date__lte", "Starting on or before this day (UK time)"),
):
    AvailabilityFilter.base_filters[_name] = django_filters.DateFilter(
        field_name=_field, lookup_expr=_lookup, label=_label
    )


@adds_schema(AvailabilityCreateSerializer, AvailabilitySerializer)
class AvailabilityViewSet(ListAndAddViewSet):
    """Availability and time off. CLVs, enablers and connections volunteers
    see and add their own; support managers see everyone's in their
    networks."""

    filterset_class = AvailabilityFilter
    serializer_class = AvailabilitySerializer
    serializer_classes = {"create": AvailabilityCreateSerializer}
    permission = Permission.VIEW_ROTA
    write_permission = Permission.WORK_SHIFTS
    lookup_url_kwarg = "availability_id"
    scope = staticmethod(availability_for_viewer)

    def create(self, request, *args, **kwargs):
        row, _ = self.act(availability.availability_add, **self.sent())
        return self.answer(row, created=True)


# --- Swap requests -----------------------------------------------------------------------------


class SwapRequestSerializer(serializers.ModelSerializer):
    shift_when = serializers.SerializerMethodField(help_text="The shift, in words, in UK time.")
    network = shown("shift.network_id", serializers.IntegerField)
    from_worker_name = shown("from_worker.full_name")
    to_worker_name = shown("to_worker.full_name")

    class Meta:
        model = SwapRequest
        fields = [
            "id",
            "shift",
            "shift_when",
            "network",
            "from_worker",
            "from_worker_name",
            "to_worker",
            "to_worker_name",
            "reason",
            "status",
            "requested_at",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = fields

    def get_shift_when(self, swap: SwapRequest) -> str:
        return span_text(swap.shift.starts_at, swap.shift.ends_at)


class SwapRequestCreateSerializer(serializers.Serializer):
    """Offer your own shift to a named colleague."""

    shift = ReachedField(reach="shifts", error_messages={"required": "Choose the shift."})
    to_worker = ReachedField(
        reach="workers", error_messages={"required": "Choose a colleague to offer it to."}
    )
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SwapDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[("approve", "Approve"), ("decline", "Decline")],
        error_messages={"required": "Choose approve or decline."},
    )


class SwapRequestFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=SwapRequest.Status.choices)
    network = django_filters.NumberFilter(field_name="shift__network_id")

    class Meta:
        model = SwapRequest
        fields = ["status", "network"]


@adds_schema(SwapRequestCreateSerializer, SwapRequestSerializer)
class SwapRequestViewSet(ListAndAddViewSet):
    """Swap requests. The person on a shift offers it to a colleague; a
    support manager approves (the shift moves, if the colleague is free and
    cleared) or declines. Support managers see every swap in their
    networks, others only their own."""

    filterset_class = SwapRequestFilter
    serializer_class = SwapRequestSerializer
    serializer_classes = {
        "create": SwapRequestCreateSerializer,
        "decide": SwapDecisionSerializer,
    }
    permission = Permission.VIEW_ROTA
    write_permission = Permission.WORK_SHIFTS
    action_permissions: ClassVar = {
        "decide": Permission.MANAGE_ROTA,
        "withdraw": Permission.WORK_SHIFTS,
    }
    lookup_url_kwarg = "swap_id"
    scope = staticmethod(swaps_for_viewer)
    reaches: ClassVar = {"shifts": shifts_for_viewer, "workers": workers_for_viewer}

    def create(self, request, *args, **kwargs):
        swap = self.act(swaps.swap_request, rename={"worker": "to_worker"}, **self.sent())
        return self.answer(swap, created=True)

    @extend_schema(
        request=SwapDecisionSerializer,
        responses=SwapRequestSerializer,
        parameters=[id_parameter("swap_id")],
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, *args, **kwargs):
        """Approve or decline (support managers)."""
        swap = self.get_object()
        approve = self.sent()["decision"] == "approve"
        return self.answer(self.act(swaps.swap_decide, swap=swap, approve=approve))

    @extend_schema(
        request=None, responses=SwapRequestSerializer, parameters=[id_parameter("swap_id")]
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, *args, **kwargs):
        """Take back your own offer while it waits."""
        return self.answer(self.act(swaps.swap_withdraw, swap=self.get_object()))


ROUTES: list = [
    ("shifts", ShiftViewSet, "api-shift"),
    ("availability", AvailabilityViewSet, "api-availability"),
    ("swap-requests", SwapRequestViewSet, "api-swap-request"),
]
