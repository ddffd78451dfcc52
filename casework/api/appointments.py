"""API for members' appointments and workers' planned visits: listed, read,
added, changed while still planned (PUT, PATCH: one date of a repeating
appointment on its own), marked attended / missed / cancelled, and a done
visit logged as a contact, through the same services and reach as the
pages. Lists and
reads are logged on the record of each member shown."""

from __future__ import annotations

import django_filters
from rest_framework import serializers, status

from casework.models import Appointment, Outcome, PlannedVisit
from casework.selectors import appointments as selectors
from casework.services import appointments as services
from keyring_net import limits
from keyring_net.api.base import changes, creates, row_action, service_errors
from keyring_net.api.fields import choice_field, optional_date, optional_text, reached
from keyring_net.api.filters import CHOICES, row_filter
from keyring_net.api.mixins import ChangeableRowsViewSet
from keyring_net.api.rows import read_only, shown
from keyring_net.policy import Permission
from members.api.shown import LogsMembersShown
from members.models import RecordAccess
from members.services import record

OUTCOMES = [Outcome.ATTENDED, Outcome.MISSED, Outcome.CANCELLED]


def _dates(model, **more):
    """The list's filters, with the days it starts from and to."""
    return row_filter(
        model,
        **more,
        starts_from=django_filters.DateFilter(field_name="starts_at", lookup_expr="date__gte"),
        starts_to=django_filters.DateFilter(field_name="starts_at", lookup_expr="date__lte"),
    )


class AppointmentSerializer(serializers.ModelSerializer):
    member_name = shown("member.full_name")
    companion_full_name = shown("companion.full_name", optional=True)

    Meta = read_only(
        Appointment,
        [
            "id",
            "member",
            "member_name",
            "kind",
            "with_whom",
            "place",
            "starts_at",
            "ends_at",
            "companion",
            "companion_full_name",
            "companion_name",
            "notes",
            "status",
            "reason",
            "series",
            "created_at",
        ],
    )


class AppointmentCreateSerializer(serializers.Serializer):
    """An appointment as recorded on the page; a repeating one makes a row
    per date (the answer is the first)."""

    member = reached("members", "Choose the member.")
    kind = choice_field(Appointment.Kind.choices, "Choose what it is.")
    starts_at = serializers.DateTimeField(
        validators=[limits.not_before_record_floor],
        error_messages={"required": "Enter when it starts."},
    )
    ends_at = optional_date(serializers.DateTimeField)
    with_whom = optional_text(200)
    place = optional_text(200)
    companion = reached("workers", help_text="The worker who goes with them.")
    companion_name = optional_text(200, help_text="Or someone else who goes with them.")
    notes = optional_text(help_text="The member sees these.")
    repeat = serializers.ChoiceField(
        choices=[("", "No"), *services.REPEATS.items()], required=False, default=""
    )
    repeat_until = optional_date()


class AppointmentChangeSerializer(serializers.Serializer):
    """An appointment still planned, changed: this date only; the member
    stays."""

    kind = choice_field(Appointment.Kind.choices, "Choose what it is.")
    starts_at = serializers.DateTimeField(
        validators=[limits.not_before_record_floor],
        error_messages={"required": "Enter when it starts."},
    )
    ends_at = optional_date(serializers.DateTimeField)
    with_whom = optional_text(200)
    place = optional_text(200)
    companion = reached("workers", help_text="The worker who goes with them.")
    companion_name = optional_text(200, help_text="Or someone else who goes with them.")
    notes = optional_text(help_text="The member sees these.")


class OutcomeSerializer(serializers.Serializer):
    status = choice_field(OUTCOMES, "Choose what happened.")
    reason = optional_text(2_000, help_text="Needed when missed or cancelled.")


class AppointmentOutcomeSerializer(OutcomeSerializer):
    and_later = serializers.BooleanField(
        required=False, default=False, help_text="Cancel the later dates of its series too."
    )


class _LogsOne(LogsMembersShown):
    def retrieve(self, request, *args, **kwargs):
        row = self.get_object()
        record.record_member_access(
            actor=self.actor, member=row.member, channel=RecordAccess.Channel.API
        )
        return self.answer(row)


APPOINTMENT_CHANGE = changes(AppointmentChangeSerializer, AppointmentSerializer, "appointment_id")


def _changed(viewset, request, partial: bool, names: tuple[str, ...], service, row_name: str):
    """A PUT or PATCH: what was sent, the rest as it is, through the
    service (only a row still planned changes)."""
    row = viewset.get_object()
    data = viewset.valid_data(request, partial=partial)
    fields = {name: data[name] if name in data else getattr(row, name) for name in names}
    with service_errors():
        row = service(actor=viewset.actor, **{row_name: row}, **fields)
    return viewset.answer(row)


@creates(
    AppointmentCreateSerializer,
    AppointmentSerializer,
    update=APPOINTMENT_CHANGE,
    partial_update=APPOINTMENT_CHANGE,
)
class AppointmentViewSet(_LogsOne, ChangeableRowsViewSet):
    """Appointments of members the signed-in person reaches. PUT and PATCH
    change one that is still planned (one date of a repeating one)."""

    serializer_class = AppointmentSerializer
    serializer_classes = {
        "mark": AppointmentOutcomeSerializer,
        "update": AppointmentChangeSerializer,
        "partial_update": AppointmentChangeSerializer,
    }
    filterset_class = _dates(Appointment, member="member_id", kind=CHOICES, status=CHOICES)
    permission = Permission.RECORD_APPOINTMENTS
    lookup_url_kwarg = "appointment_id"
    reads = selectors.appointments_for_viewer
    reaches = {"members": selectors.members_to_plan_for, "workers": selectors.workers_for_viewer}

    def add(self, data):
        rows = services.appointment_add(actor=self.actor, **data)
        return rows[0], status.HTTP_201_CREATED

    def update(self, request, *args, **kwargs):
        names = tuple(AppointmentChangeSerializer().fields)
        partial = kwargs.get("partial", False)
        return _changed(self, request, partial, names, services.appointment_change, "appointment")

    @row_action(
        request=AppointmentOutcomeSerializer,
        response=AppointmentSerializer,
        id_name="appointment_id",
    )
    def mark(self, request, *args, **kwargs):
        """Mark it attended, missed or cancelled (with a reason)."""
        appointment = self.get_object()
        data = self.valid_data(request)
        with service_errors():
            appointment = services.appointment_mark(
                actor=self.actor, appointment=appointment, **data
            )
        return self.answer(appointment)


class PlannedVisitSerializer(serializers.ModelSerializer):
    member_name = shown("member.full_name")
    worker_name = shown("worker.full_name")
    contact_logged = serializers.SerializerMethodField(
        help_text="Whether the visit is logged as a contact (then ``contact`` is its id)."
    )

    Meta = read_only(
        PlannedVisit,
        [
            "id",
            "member",
            "member_name",
            "worker",
            "worker_name",
            "starts_at",
            "minutes",
            "purpose",
            "notes",
            "status",
            "reason",
            "contact",
            "contact_logged",
            "created_at",
        ],
    )

    def get_contact_logged(self, visit: PlannedVisit) -> bool:
        return visit.contact_id is not None


class VisitCreateSerializer(serializers.Serializer):
    member = reached("members", "Choose the member.")
    worker = reached("workers", "Choose who visits.")
    starts_at = serializers.DateTimeField(
        validators=[limits.not_before_record_floor],
        error_messages={"required": "Enter when the visit starts."},
    )
    minutes = serializers.IntegerField(min_value=1, max_value=24 * 60, default=60)
    purpose = optional_text(200)
    notes = optional_text(help_text="For staff only: never shown to the member.")


class VisitChangeSerializer(serializers.Serializer):
    """A visit still planned, changed; the member stays."""

    worker = reached("workers", "Choose who visits.")
    starts_at = serializers.DateTimeField(
        validators=[limits.not_before_record_floor],
        error_messages={"required": "Enter when the visit starts."},
    )
    minutes = serializers.IntegerField(min_value=1, max_value=24 * 60, default=60)
    purpose = optional_text(200)
    notes = optional_text(help_text="For staff only: never shown to the member.")


VISIT_CHANGE = changes(VisitChangeSerializer, PlannedVisitSerializer, "visit_id")


@creates(
    VisitCreateSerializer,
    PlannedVisitSerializer,
    update=VISIT_CHANGE,
    partial_update=VISIT_CHANGE,
)
class PlannedVisitViewSet(_LogsOne, ChangeableRowsViewSet):
    """Planned visits to members the signed-in person reaches. PUT and PATCH
    change one that is still planned."""

    serializer_class = PlannedVisitSerializer
    serializer_classes = {
        "mark": OutcomeSerializer,
        "update": VisitChangeSerializer,
        "partial_update": VisitChangeSerializer,
    }
    filterset_class = _dates(PlannedVisit, member="member_id", worker="worker_id", status=CHOICES)
    permission = Permission.PLAN_VISITS
    lookup_url_kwarg = "visit_id"
    reads = selectors.visits_for_viewer
    reaches = {"members": selectors.members_to_plan_for, "workers": selectors.workers_for_viewer}
    adds = services.visit_plan

    def update(self, request, *args, **kwargs):
        names = tuple(VisitChangeSerializer().fields)
        partial = kwargs.get("partial", False)
        return _changed(self, request, partial, names, services.visit_change, "visit")

    @row_action(request=OutcomeSerializer, response=PlannedVisitSerializer, id_name="visit_id")
    def mark(self, request, *args, **kwargs):
        """Mark it attended, missed or cancelled (with a reason)."""
        visit = self.get_object()
        data = self.valid_data(request)
        with service_errors():
            visit = services.visit_mark(actor=self.actor, visit=visit, **data)
        return self.answer(visit)

    @row_action(
        request=None,
        response=PlannedVisitSerializer,
        id_name="visit_id",
        url_path="log-contact",
        url_name="log-contact",
    )
    def log_contact(self, request, *args, **kwargs):
        """Log the done visit as a contact, once: asked again, it answers
        with the same contact."""
        visit = self.get_object()
        with service_errors():
            services.visit_log_contact(actor=self.actor, visit=visit)
        return self.answer(visit)


ROUTES: list = [
    ("appointments", AppointmentViewSet, "api-appointment"),
    ("planned-visits", PlannedVisitViewSet, "api-planned-visit"),
]
