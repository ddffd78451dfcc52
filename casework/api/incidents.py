"""API for incidents and accidents: the same selectors, services and
policy as the pages. Workers record one (a draft, or recorded at once),
finish their drafts; support managers review, add actions, mark them done
and close. Every member an answer shows is logged as a look at their
record.

ROUTES are (prefix, viewset, basename) tuples that keyring_net/api_urls.py
registers.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from rest_framework import serializers, status
from rest_framework.response import Response

from casework.models import Incident, IncidentAction
from casework.selectors import incidents as selectors
from casework.services import incidents as services
from keyring_net import limits
from keyring_net.api.base import creates, row_action, service_errors
from keyring_net.api.fields import (
    choice_field,
    optional_date,
    optional_text,
    reached,
    reached_many,
    text_field,
)
from keyring_net.api.filters import CHOICES, row_filter
from keyring_net.api.mixins import RowsViewSet
from keyring_net.api.rows import read_only, shown
from keyring_net.policy import Permission
from members.models import RecordAccess
from members.services.record import record_members_access


class IncidentActionSerializer(serializers.ModelSerializer):
    owner_name = shown("owner.full_name", optional=True)

    Meta = read_only(
        IncidentAction,
        ["id", "incident", "text", "owner", "owner_name", "due_on", "added_at", "done_at"],
    )


class IncidentSerializer(serializers.ModelSerializer):
    network_name = shown("network.name")
    actions = IncidentActionSerializer(many=True, read_only=True)
    # Blank on a draft made from a lone-working alert, until someone fills it in.
    kind = serializers.ChoiceField(Incident.Kind.choices, allow_blank=True, read_only=True)
    severity = serializers.ChoiceField(Incident.Severity.choices, allow_blank=True, read_only=True)

    Meta = read_only(
        Incident,
        [
            "id",
            "network",
            "network_name",
            "kind",
            "severity",
            "state",
            "happened_at",
            "place",
            "members",
            "staff",
            "others_involved",
            "what_happened",
            "done_at_once",
            "started_by",
            "recorded_by",
            "recorded_at",
            "review_findings",
            "reviewed_by",
            "reviewed_at",
            "closed_by",
            "closed_at",
            "source_alert",
            "actions",
        ],
    )


KIND = "Choose the kind: " + ", ".join(Incident.Kind.values) + "."
SEVERITY = "Choose the severity: " + ", ".join(Incident.Severity.values) + "."


class IncidentInputSerializer(serializers.Serializer):
    """An incident as a worker writes it. ``record``: true to record it
    now (then kind, severity and what happened are needed); false keeps a
    draft."""

    happened_at = serializers.DateTimeField(
        validators=[limits.not_before_record_floor],
        error_messages={"required": "Enter when it happened."},
    )
    kind = choice_field(Incident.Kind.choices, KIND, required=False, allow_blank=True, default="")
    severity = choice_field(
        Incident.Severity.choices, SEVERITY, required=False, allow_blank=True, default=""
    )
    place = optional_text(200)
    members = reached_many("members", help_text="Ids of members involved (in your reach).")
    staff = reached_many("staff", help_text="Ids of staff or volunteers involved.")
    network = reached("networks", help_text="Needed only when no member is named.")
    others_involved = optional_text(2000)
    what_happened = optional_text()
    done_at_once = optional_text()
    record = serializers.BooleanField(required=False, default=False)

    def details(self, data) -> services.IncidentDetails:
        return services.IncidentDetails(
            happened_at=data["happened_at"],
            kind=data["kind"],
            severity=data["severity"],
            place=data["place"],
            members=list(data["members"]),
            staff=list(data["staff"]),
            others_involved=data["others_involved"],
            what_happened=data["what_happened"],
            done_at_once=data["done_at_once"],
            network=data["network"],
        )


class IncidentReviewSerializer(serializers.Serializer):
    findings = text_field("Write what the review found.")


class IncidentActionInputSerializer(serializers.Serializer):
    text = text_field("Write what needs to be done.")
    owner = reached("staff", help_text="Who will do it (a worker in reach).")
    due_on = optional_date()


class IncidentActionDoneSerializer(serializers.Serializer):
    action = reached("actions", "Say which action is done.")


def _members_shown(actor, incidents) -> None:
    record_members_access(
        actor=actor,
        members=[m.pk for incident in incidents for m in incident.members.all()],
        channel=RecordAccess.Channel.API,
    )


@creates(IncidentInputSerializer, IncidentSerializer)
class IncidentViewSet(RowsViewSet):
    """Incidents and accidents in reach. Out of reach is not found."""

    serializer_class = IncidentSerializer
    filterset_class = row_filter(
        Incident, network="network_id", state=CHOICES, kind=CHOICES, severity=CHOICES
    )
    permission = Permission.VIEW_INCIDENTS
    write_permission = Permission.RECORD_INCIDENTS
    lookup_url_kwarg = "incident_id"
    reads = selectors.incidents_in_full

    def reach(self):
        actor = self.actor
        return {
            "members": selectors.members_to_name(actor),
            "staff": selectors.staff_to_name(actor),
            "networks": selectors.networks_to_choose(actor),
        }

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(queryset) if page is None else page
        _members_shown(self.actor, rows)
        data = self.get_serializer(rows, many=True).data
        return Response(data) if page is None else self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        incident = self.get_object()
        _members_shown(self.actor, [incident])
        return Response(self.get_serializer(incident).data)

    def add(self, data):
        record = data.pop("record")
        details = IncidentInputSerializer().details(data)
        incident = services.incident_start(actor=self.actor, details=details, record=record)
        return incident, status.HTTP_201_CREATED

    def _one(self, permission: Permission) -> Incident:
        incident = self.get_object()
        return selectors.incident_get_for_viewer(
            actor=self.actor, incident_id=incident.pk, permission=permission
        )

    @row_action(request=IncidentInputSerializer, response=IncidentSerializer, id_name="incident_id")
    def change(self, request, *args, **kwargs):
        """Change a draft (and record it, with ``record``: true)."""
        incident = self._one(Permission.RECORD_INCIDENTS)
        if not services.may_change(self.actor, incident):
            raise PermissionDenied(
                "Only the person who started this draft, or a manager, can change it."
            )
        serializer = IncidentInputSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        record = data.pop("record")
        with service_errors():
            incident = services.incident_change(
                actor=self.actor, incident=incident, details=serializer.details(data), record=record
            )
        return self.answer(incident)

    @row_action(
        request=IncidentReviewSerializer, response=IncidentSerializer, id_name="incident_id"
    )
    def review(self, request, *args, **kwargs):
        """The support manager's review: what it found."""
        incident = self._one(Permission.REVIEW_INCIDENTS)
        findings = self.valid_input(IncidentReviewSerializer)["findings"]
        with service_errors():
            incident = services.incident_review(
                actor=self.actor, incident=incident, findings=findings
            )
        return self.answer(incident)

    @row_action(
        request=IncidentActionInputSerializer,
        response=IncidentSerializer,
        id_name="incident_id",
        url_path="add-action",
    )
    def add_action(self, request, *args, **kwargs):
        """An action after the incident: what, who, by when."""
        incident = self._one(Permission.REVIEW_INCIDENTS)
        data = self.valid_input(IncidentActionInputSerializer)
        with service_errors():
            services.incident_action_add(actor=self.actor, incident=incident, **data)
        return self.answer(incident)

    @row_action(
        request=IncidentActionDoneSerializer,
        response=IncidentSerializer,
        id_name="incident_id",
        url_path="action-done",
    )
    def action_done(self, request, *args, **kwargs):
        """Mark one of the incident's actions done."""
        incident = self._one(Permission.REVIEW_INCIDENTS)
        serializer = IncidentActionDoneSerializer(
            data=request.data,
            context={**self.get_serializer_context(), "actions": incident.actions.all()},
        )
        serializer.is_valid(raise_exception=True)
        with service_errors():
            services.incident_action_done(
                actor=self.actor, action=serializer.validated_data["action"]
            )
        return self.answer(incident)

    @row_action(request=None, response=IncidentSerializer, id_name="incident_id")
    def close(self, request, *args, **kwargs):
        """Close a reviewed incident whose actions are all done."""
        incident = self._one(Permission.REVIEW_INCIDENTS)
        with service_errors():
            incident = services.incident_close(actor=self.actor, incident=incident)
        return self.answer(incident)

    def valid_input(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


ROUTES: list = [("incidents", IncidentViewSet, "api-incident")]
