"""API for documents: list (by what they are attached to), upload
(multipart), read one, download, and withdraw (never deleted).

ROUTES are (prefix, viewset, basename) tuples that keyring_net/api_urls.py
registers."""

from __future__ import annotations

import json

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.renderers import BaseRenderer, JSONRenderer

from documents import selectors, services
from documents.models import Document
from documents.uploads import DocumentUploadParser, Received
from documents.views import file_response
from keyring_net import limits
from keyring_net.api.base import creates, id_parameter, row_action, service_errors
from keyring_net.api.fields import choice_field
from keyring_net.api.mixins import RowsViewSet
from keyring_net.api.rows import read_only, shown
from keyring_net.policy import Permission

API = "api"


class DocumentSerializer(serializers.ModelSerializer):
    category_label = shown("get_category_display")
    uploaded_by_name = shown("uploaded_by.full_name")

    Meta = read_only(
        Document,
        [
            "id",
            "attached_kind",
            "attached_id",
            "title",
            "category",
            "category_label",
            "original_name",
            "size",
            "content_type",
            "uploaded_by",
            "uploaded_by_name",
            "uploaded_at",
            "withdrawn_at",
            "withdrawn_reason",
        ],
    )


class DocumentUploadSerializer(serializers.Serializer):
    attached_kind = serializers.CharField(
        max_length=30,
        error_messages={
            "required": "Say what the document is attached to "
            "(member, volunteer, plan, concern, incident)."
        },
    )
    attached_id = serializers.IntegerField(
        min_value=1,
        error_messages={
            "required": "Give the id of what the document is attached to.",
            "invalid": "Give the id as a whole number.",
        },
    )
    title = serializers.CharField(
        max_length=200,
        error_messages={
            "required": "Give the document a title.",
            "blank": "Give the document a title.",
        },
    )
    category = choice_field(Document.Category.choices, "Choose what kind of document it is.")
    file = serializers.FileField(required=False, help_text="The file (multipart).")


class DocumentWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=limits.REASON,
        error_messages={
            "required": "Say why it is withdrawn.",
            "blank": "Say why it is withdrawn.",
        },
    )


class AnyFileRenderer(BaseRenderer):
    """The download's own type is set on the response; errors are JSON."""

    media_type = "application/octet-stream"
    format = "file"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes | str):
            return data
        return json.dumps(data).encode()


@creates(DocumentUploadSerializer, DocumentSerializer)
class DocumentViewSet(RowsViewSet):
    """Documents kept with the records you reach, newest first. Withdrawn
    ones are left out of the list (``?withdrawn=true`` for those) but kept.
    Upload with multipart (``attached_kind``, ``attached_id``, ``title``,
    ``category``, ``file``); the file is checked by its content."""

    permission = Permission.VIEW_DOCUMENTS
    write_permission = Permission.MANAGE_DOCUMENTS
    serializer_class = DocumentSerializer
    serializer_classes = {"withdraw": DocumentWithdrawSerializer}
    parser_classes = [DocumentUploadParser, JSONParser]
    filterset_class = type(
        "DocumentFilter",
        (django_filters.FilterSet,),
        {
            "attached_kind": django_filters.CharFilter(field_name="attached_kind"),
            "attached_id": django_filters.NumberFilter(field_name="attached_id"),
            "category": django_filters.ChoiceFilter(choices=Document.Category.choices),
            "withdrawn": django_filters.BooleanFilter(
                field_name="withdrawn_at", lookup_expr="isnull", exclude=True
            ),
            "Meta": type(
                "Meta",
                (),
                {"model": Document, "fields": ["attached_kind", "attached_id", "category"]},
            ),
        },
    )
    lookup_url_kwarg = "document_id"

    def scoped_queryset(self, actor):
        if self.detail:
            return selectors.documents_in_reach(actor)
        rows = selectors.documents_for_viewer(actor).order_by("-uploaded_at", "-pk")
        if self.request.query_params.get("withdrawn") is None:
            rows = selectors.current(rows)
        return rows

    def add(self, data: dict):
        received = getattr(self.request, "document_received", None) or Received()
        entry, row = selectors.attached_get_for_viewer(
            actor=self.actor, kind=data["attached_kind"], object_id=data["attached_id"], attach=True
        )
        document = services.document_upload(
            actor=self.actor,
            entry=entry,
            row=row,
            title=data["title"],
            category=data["category"],
            received=received,
        )
        return document, status.HTTP_201_CREATED

    def list(self, request, *args, **kwargs):
        """The page of documents; the records they are kept with are
        logged as seen (a member's documents on the member's record)."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        services.documents_listed(actor=self.actor, documents=page, channel=API)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        document = selectors.check_document(self.actor, self.get_object())
        services.document_looked_at(actor=self.actor, document=document, channel=API)
        return self.answer(document)

    @extend_schema(
        parameters=[id_parameter("document_id")],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, AnyFileRenderer])
    def download(self, request, *args, **kwargs):
        """The file, as a download with its checked type. Every download is
        recorded (and, for a member's document, on their record)."""
        document = selectors.check_document(self.actor, self.get_object())
        services.document_downloaded(actor=self.actor, document=document, channel=API)
        return file_response(document)

    @row_action(
        request=DocumentWithdrawSerializer, response=DocumentSerializer, id_name="document_id"
    )
    def withdraw(self, request, *args, **kwargs):
        """Withdraw a document added by mistake, with the reason: kept, not listed."""
        document = selectors.check_document(self.actor, self.get_object(), attach=True)
        reason = self.valid_data(request)["reason"]
        with service_errors():
            document = services.document_withdraw(
                actor=self.actor, document=document, reason=reason
            )
        return self.answer(document)


ROUTES: list = [("documents", DocumentViewSet, "api-document")]
