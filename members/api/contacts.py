"""API for the contact log: quick to add, editable by its author for 24 hours."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from keyring_net import limits
from keyring_net.api.base import (
    FieldRulesMixin,
    OrgScopedViewSet,
    ReachedField,
    create_and_change_schema,
    service_errors,
)
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
    peer_name = serializers.CharField(
        source="peer.full_name", read_only=True, default=None, allow_null=True
    )
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
    notes = serializers.CharField(
        max_length=limits.NOTE, required=False, allow_blank=True, default=""
    )
    peer = ReachedField(
        reach="members",
        required=False,
        allow_null=True,
        default=None,
        help_text="For peer support: the member who helped.",
    )
    happened_at = serializers.DateTimeField(
        validators=[limits.not_before_record_floor],
        required=False,
        allow_null=True,
        default=None,
        help_text="Leave out for now.",
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


@create_and_change_schema(
    create=ContactChangeSerializer,
    change=ContactChangeSerializer,
    response=ContactSerializer,
    id_name="contact_id",
)
class ContactViewSet(
    LogsMembersShown,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    OrgScopedViewSet,
):
    """Support given to members the signed-in person reaches. Its author may
    change a contact for 24 hours. Reading one, or a page of the list, is
    logged on the record of each member shown."""

    serializer_class = ContactSerializer
    # Contacts come in as they are logged on the page.
    serializer_classes = dict.fromkeys(
        ["create", "update", "partial_update"], ContactChangeSerializer
    )
    filterset_class = ContactFilter
    permission = Permission.RECORD_CONTACTS
    lookup_url_kwarg = "contact_id"

    def scoped_queryset(self, actor):
        return selectors.contacts_for_viewer(actor)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["members"] = selectors.members_for_viewer(self.actor)
        return context

    def retrieve(self, request, *args, **kwargs):
        contact = self.get_object()
        record.record_member_access(
            actor=self.actor, member=contact.member, channel=RecordAccess.Channel.API
        )
        return Response(ContactSerializer(contact, context=self.get_serializer_context()).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["happened_at"] = data["happened_at"] or timezone.now()
        with service_errors():
            contact = support.contact_record(actor=self.actor, **data)
        return Response(
            ContactSerializer(contact, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    def update(self, request, *args, **kwargs):
        contact = self.get_object()
        # Refused before the input is read, as the page does: someone who may
        # not change it learns nothing from having their changes checked.
        if not support.contact_is_editable(actor=self.actor, contact=contact):
            raise PermissionDenied(EDIT_REFUSED)
        serializer = self.get_serializer(data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data.get("happened_at", "kept") is None:
            del data["happened_at"]  # left out: it keeps its time, as on the page
        with service_errors():
            contact = support.contact_edit(actor=self.actor, contact=contact, **data)
        return Response(ContactSerializer(contact, context=self.get_serializer_context()).data)
