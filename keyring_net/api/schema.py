"""The OpenAPI schema's shared parts: the error answers every operation can give.

drf-spectacular documents what a view answers when all goes well. Our API
also answers, from any operation, with the JSON error body of
``keyring_net.api.support.exception_handler``: 400 (something sent is not right), 401
(not signed in), 403 (the role does not allow it), 404 (not found, or out of
reach) and, where a body is sent, 413 (the body is too large). Clients and
the fuzz tests read the schema, so every operation lists them.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

ERROR_BODY = inline_serializer(
    name="Error",
    fields={
        "detail": serializers.CharField(help_text="What went wrong, in a sentence."),
        "errors": serializers.JSONField(
            required=False,
            help_text=(
                "When something sent is not right: each field's name with its messages "
                "(``non_field_errors`` for the whole request)."
            ),
        ),
    },
)

ERROR_CODES = ("400", "401", "403", "404")
BODY_TOO_LARGE = "413"


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        # drf-spectacular's hook where every way of declaring responses (a
        # serializer, a dict by status, nothing) has become one dict by status.
        responses = super()._get_response_bodies(direction)
        codes = list(ERROR_CODES)
        if self.method in {"POST", "PUT", "PATCH"}:
            codes.append(BODY_TOO_LARGE)
        for code in codes:
            if code not in responses:
                responses[code] = self._get_response_for_code(ERROR_BODY, code, direction=direction)
        return responses
