"""API for the contact log: quick to add, editable by its author for 24 hours."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied

from keyring_net.api.base import (
    FieldRulesMixin,
    ReachedField,
    adds_and_changes,
    service_errors,
)
from keyring_net.api.fields import optional_date, optional_text, reached
from keyring_net.api.filters import CHOICES, row_filter
from keyring_net.api.mixins import ChangeableRowsViewSet
from keyring_net.api.rows import read_only, shown
from keyring_net.policy import Permission
from members import selectors
from members.api.shown import LogsMembersShown
from members.models import (
    Contact,
    ContactCorrection,
    RecordAccess,
)
from members.services import record, support

CONTACTS_RULE = "members.Member.contacts"


class ContactCorrectionSerializer(serializers.ModelSerializer):
    corrected_by_name = shown("corrected_by.full_name")

    Meta = read_only(
        ContactCorrection,
        ["id", "text", "reason", "corrected_by", "corrected_by_name", "corrected_at"],
    )


def _topic() -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=Contact.Topic.choices)


class ContactSerializer(FieldRulesMixin, serializers.ModelSerializer):
    member_name = shown("member.full_name")
    worker_name = shown("worker.full_name")
    peer_name = shown("peer.full_name", optional=True)
    topics = serializers.ListField(child=_topic(), read_only=True)
    corrections = ContactCorrectionSerializer(many=True, read_only=True)
    editable = serializers.SerializerMethodField(
        help_text="Whether the person asking may still change it (its author, for 24 hours)."
    )

    field_rules = {"notes": CONTACTS_RULE, "corrections": CONTACTS_RULE}

    Meta = read_only(
        Contact,
        [
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
        ],
    )

    def get_editable(self, contact: Contact) -> bool:
        actor = self.context["request"]._request.actor
        return support.contact_is_editable(actor=actor, contact=contact)


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
    notes = optional_text()
    peer = reached("members", help_text="For peer support: the member who helped.")
    happened_at = optional_date(serializers.DateTimeField, help_text="Leave out for now.")

    field_rules = {"notes": CONTACTS_RULE}


EDIT_REFUSED = (
    "Only its author can change a contact, and only for 24 hours. "
    "After that, add a correction: the original stays as it was written."
)


# Contacts come in as they are logged on the page.
@adds_and_changes(create=ContactChangeSerializer, id_name="contact_id")
class ContactViewSet(LogsMembersShown, ChangeableRowsViewSet):
    """Support given to members the signed-in person reaches. Its author may
    change a contact for 24 hours. Reading one, or a page of the list, is
    logged on the record of each member shown."""

    serializer_class = ContactSerializer
    filterset_class = row_filter(
        Contact,
        member="member_id",
        worker="worker_id",
        method=CHOICES,
        happened_from=django_filters.DateFilter(field_name="happened_at", lookup_expr="date__gte"),
        happened_to=django_filters.DateFilter(field_name="happened_at", lookup_expr="date__lte"),
    )
    permission = Permission.RECORD_CONTACTS

    reads = selectors.contacts_for_viewer
    reaches = {"members": selectors.members_for_viewer}

    def written(self, contact):
        return ContactSerializer(contact, context=self.get_serializer_context())

    def retrieve(self, request, *args, **kwargs):
        contact = self.get_object()
        record.record_member_access(
            actor=self.actor, member=contact.member, channel=RecordAccess.Channel.API
        )
        return self.answer(contact)

    def add(self, data):
        data["happened_at"] = data["happened_at"] or timezone.now()
        return support.contact_record(actor=self.actor, **data), status.HTTP_201_CREATED

    def update(self, request, *args, **kwargs):
        contact = self.get_object()
        # Refused before the input is read, as the page does: someone who may
        # not change it learns nothing from having their changes checked.
        if not support.contact_is_editable(actor=self.actor, contact=contact):
            raise PermissionDenied(EDIT_REFUSED)
        data = self.valid_data(request, partial=kwargs.get("partial", False))
        if data.get("happened_at", "kept") is None:
            del data["happened_at"]  # left out: it keeps its time, as on the page
        with service_errors():
            contact = support.contact_edit(actor=self.actor, contact=contact, **data)
        return self.answer(contact)
