"""API for exports: the same services, selectors and rules as the export
page. ``GET exports/`` lists the organisation's exports and refused tries;
``GET exports/members/?format=xlsx`` (or ``contacts``, ``hours``,
``compliance``; ``format=csv`` by default) answers with the file itself.
Anyone without the export permission gets 403, and the refusal is
recorded.

ROUTES are (prefix, viewset, basename) tuples that keyring_net/api_urls.py
registers."""

from __future__ import annotations

import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from keyring_net.api.base import OrgScopedViewSet
from keyring_net.api.rows import read_only, shown
from keyring_net.policy import Permission
from spreadsheets.exports_writing import CONTENT_TYPES
from spreadsheets.models import ExportRecord
from spreadsheets.selectors.exports import EXPORTABLE, exports_for_viewer
from spreadsheets.services.exports import export_records, require_export
from spreadsheets.views.exports import file_response

API = ExportRecord.Channel.API
FORMATS = ExportRecord.Format.values


class ExportRecordSerializer(serializers.ModelSerializer):
    person_name = shown("person.full_name")

    Meta = read_only(
        ExportRecord,
        ["id", "person", "person_name", "what", "format", "outcome", "channel", "rows", "at"],
    )


class FileRenderer(BaseRenderer):
    """Lets ``?format=csv`` and ``?format=xlsx`` choose the file; errors are
    answered as JSON (``ExportViewSet.finalize_response``)."""

    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return json.dumps(data).encode()


class CSVRenderer(FileRenderer):
    media_type = "text/csv"
    format = "csv"


class XLSXRenderer(FileRenderer):
    media_type = CONTENT_TYPES["xlsx"]
    format = "xlsx"


def _download(what: str, holds: str):
    """The action that answers with the file of ``what``."""

    def download(self, request, *args, **kwargs):
        wanted = request.query_params.get("format", ExportRecord.Format.CSV)
        if wanted not in FORMATS:
            raise ValidationError({"format": ["Give format=csv or format=xlsx."]})
        return file_response(
            export_records(actor=self.actor, what=what, format=wanted, channel=API)
        )

    download.__name__ = download.__qualname__ = what
    download.__doc__ = f"{ExportRecord.What(what).label}: {holds} As CSV, or with ?format=xlsx."
    schema = extend_schema(
        parameters=[OpenApiParameter("format", OpenApiTypes.STR, enum=FORMATS)],
        responses={
            (200, CONTENT_TYPES["csv"].split(";")[0]): OpenApiTypes.STR,
            (200, CONTENT_TYPES["xlsx"]): OpenApiTypes.BINARY,
        },
    )
    routed = action(
        detail=False,
        methods=["get"],
        url_path=what,
        renderer_classes=[JSONRenderer, CSVRenderer, XLSXRenderer],
    )
    return schema(routed(download))


class ExportViewSet(mixins.ListModelMixin, OrgScopedViewSet):
    """The organisation's exports (who, what, format, rows, when) and
    refused tries, newest first; and each export as a file."""

    serializer_class = ExportRecordSerializer
    permission = Permission.EXPORT_RECORDS
    reads = exports_for_viewer

    members = _download(*EXPORTABLE[0])
    contacts = _download(*EXPORTABLE[1])
    hours = _download(*EXPORTABLE[2])
    compliance = _download(*EXPORTABLE[3])

    def permission_denied(self, request, message=None, code=None):
        """A refusal of someone signed in is recorded before the 403."""
        if request.user and request.user.is_authenticated:
            what = self.action if self.action in dict(EXPORTABLE) else ExportRecord.What.PAGE
            require_export(
                self.actor,
                what=what,
                channel=API,
                format=request.query_params.get("format", ""),
            )
        super().permission_denied(request, message=message, code=code)

    def finalize_response(self, request, response, *args, **kwargs):
        """An error is JSON, whichever file was asked for."""
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and response.status_code >= 400:
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        return response


ROUTES: list = [("exports", ExportViewSet, "api-export")]
