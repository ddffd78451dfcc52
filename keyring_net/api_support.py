"""What every API view shares: authentication, pagination and error bodies.

Kept apart from the views because DRF imports these classes from settings
while its own view module loads.
"""

from __future__ import annotations

from rest_framework import authentication, pagination


class TokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>``. Reuses what ``ApiTokenMiddleware``
    already found, so the token is read once per request."""

    def authenticate(self, request):
        django_request = request._request
        token = getattr(django_request, "api_token", None)
        if token is not None:
            return (django_request.user, token)
        return super().authenticate(request)


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
