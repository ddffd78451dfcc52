"""What every API view shares: authentication, pagination and error bodies.

Kept apart from the views because DRF imports these classes from settings
while its own view module loads.
"""

from __future__ import annotations

from rest_framework import authentication, exceptions, pagination

from keyring_net.api_tokens import api_token_authenticate
from keyring_net.models import ApiToken


class TokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>``, checked against the hashes of
    ``keyring_net.ApiToken`` (``api_tokens.api_token_authenticate``).
    Reuses what ``ApiTokenMiddleware`` already found, so the token is read
    once per request. Subclassing DRF's class keeps the token scheme in the
    API schema."""

    model = ApiToken

    def authenticate(self, request):
        django_request = getattr(request, "_request", request)
        token = getattr(django_request, "api_token", None)
        if token is not None:
            return (django_request.user, token)
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        token = api_token_authenticate(key)
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        return (token.user, token)


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def exception_handler(exc, context):
    """Every error answers with a JSON body that says what went wrong.

    Validation errors keep DRF's field -> messages shape under ``errors``;
    everything else has a ``detail`` sentence.
    """
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and set(data) == {"detail"}:
        body = {"detail": str(data["detail"])}
    else:
        body = {"detail": "Some of what was sent is not right.", "errors": data}
    response.data = body
    return response
