"""API for quality checks: the same selectors, services and policy as the
pages. Organisation admins, support managers and quality checkers list and
read the checks of the networks they reach, and record a check with its
findings and actions in one request.

ROUTES are (prefix, viewset, basename) tuples that keyring_net/api_urls.py
registers.
"""

from __future__ import annotations

from django.db import transaction
from rest_framework import serializers, status

from keyring_net import limits
from keyring_net.api.base import ReachedField, creates
from keyring_net.api.fields import (
    optional_date,
    optional_id,
    optional_text,
    reached,
    reached_many,
    row_id,
)
from keyring_net.api.filters import CHOICES, row_filter
from keyring_net.api.mixins import RowsViewSet
from keyring_net.api.rows import read_only, shown
from keyring_net.policy import Permission
from networks.selectors import networks_for_viewer
from outcomes.forms.quality import checkers_of, staff_of
from outcomes.models import (
    QualityAction,
    QualityCheck,
    QualityFinding,
)
from outcomes.selectors import quality as selectors
from outcomes.services import quality as services


class QualityFindingSerializer(serializers.ModelSerializer):
    item_text = shown("item.text", optional=True)

    Meta = read_only(QualityFinding, ["id", "item", "item_text", "rating", "note"])


class QualityActionSerializer(serializers.ModelSerializer):
    Meta = read_only(
        QualityAction, ["id", "finding", "text", "owner", "due_on", "done_on", "follow_up"]
    )


class QualityCheckSerializer(serializers.ModelSerializer):
    network_name = shown("network.name")
    findings = QualityFindingSerializer(many=True, read_only=True)
    actions = QualityActionSerializer(many=True, read_only=True)

    Meta = read_only(
        QualityCheck,
        [
            "id",
            "network",
            "network_name",
            "checklist",
            "visit_on",
            "status",
            "checkers",
            "other_checkers",
            "summary",
            "created_at",
            "findings",
            "actions",
        ],
    )


class FindingInputSerializer(serializers.Serializer):
    item = row_id("checklist item", "item", help_text="The id of an item of the check's checklist.")
    rating = serializers.ChoiceField(
        choices=QualityFinding.Rating.choices,
        error_messages={
            "required": "Choose good, okay or needs to get better.",
            "invalid_choice": "Choose good, okay or needs_work.",
        },
    )
    note = optional_text()


class ActionInputSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=limits.NOTE, error_messages={"required": "Write what needs to be done."}
    )
    owner = reached("owners")
    due_on = optional_date()
    item = optional_id(help_text="The checklist item whose finding this action is about.")


class QualityCheckCreateSerializer(serializers.Serializer):
    """A visit, and (when it has happened) what was found and what is to be
    done. Leave out ``findings`` and ``summary`` to plan a visit only."""

    network = ReachedField(reach="networks", error_messages={"required": "Choose the network."})
    checklist = reached("checklists", help_text="Leave out for the organisation's first checklist.")
    visit_on = serializers.DateField(
        validators=[limits.not_before_record_floor],
        error_messages={"required": "Enter the day of the visit."},
    )
    checkers = reached_many("checkers", help_text="Ids of the organisation's quality checkers.")
    other_checkers = optional_text(200)
    summary = optional_text()
    findings = FindingInputSerializer(many=True, required=False, default=list)
    actions = ActionInputSerializer(many=True, required=False, default=list)


@creates(QualityCheckCreateSerializer, QualityCheckSerializer)
class QualityCheckViewSet(RowsViewSet):
    """Quality checkers' visits to networks, with their findings and
    actions. A check of a network out of reach is not found."""

    serializer_class = QualityCheckSerializer
    filterset_class = row_filter(
        QualityCheck,
        network="network_id",
        status=CHOICES,
    )
    permission = Permission.VIEW_QUALITY_CHECKS
    write_permission = Permission.RECORD_QUALITY_CHECKS
    lookup_url_kwarg = "quality_check_id"

    reads = selectors.checks_in_full

    def reach(self):
        organisation = self.actor.organisation
        return {
            "networks": networks_for_viewer(self.actor),
            "checklists": selectors.active_checklists(organisation),
            "checkers": checkers_of(organisation),
            "owners": staff_of(organisation),
        }

    def add(self, data):
        actor = self.actor
        with transaction.atomic():
            checklist = data["checklist"] or services.ensure_default_checklist(actor.organisation)
            check = services.check_plan(
                actor=actor,
                network=data["network"],
                checklist=checklist,
                visit_on=data["visit_on"],
                checkers=data["checkers"],
                other_checkers=data["other_checkers"],
            )
            if data["findings"] or data["summary"]:
                services.check_record(
                    actor=actor,
                    check=check,
                    findings=[
                        services.FindingInput(f["item"], f["rating"], f["note"])
                        for f in data["findings"]
                    ],
                    summary=data["summary"],
                )
            by_item = selectors.findings_by_item(check)
            items = selectors.checklist_item_ids(checklist)
            for entry in data["actions"]:
                if entry["item"] is not None and entry["item"] not in items:
                    raise serializers.ValidationError(
                        {"actions": ["An action's item must be on the check's checklist."]}
                    )
                services.action_add(
                    actor=actor,
                    check=check,
                    text=entry["text"],
                    owner=entry["owner"],
                    due_on=entry["due_on"],
                    finding=by_item.get(entry["item"]),
                )
        return check, status.HTTP_201_CREATED


ROUTES: list = [("quality-checks", QualityCheckViewSet, "api-quality-check")]
