"""What every API view shares: authentication, pagination and error bodies.

Kept apart from the views because DRF imports these classes from settings
while its own view module loads.
"""

from __future__ import annotations

from django_filters import filters as django_filters
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import authentication, exceptions, pagination
from rest_framework.exceptions import ValidationError

from keyring_net.api.tokens import api_token_authenticate
from keyring_net.models import ApiToken

# The largest id a row can have (a 64-bit signed integer).
LARGEST_ID = 2**63 - 1


class TokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>``, checked against the hashes of
    ``keyring_net.ApiToken`` (``keyring_net.api.tokens.api_token_authenticate``).
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
    """Pages of 50 rows; ``page_size`` asks for 1 to 200.

    A ``page_size`` that is not a whole number in that range is refused with
    a 400, rather than quietly giving 50 (a client asking for ``null`` or
    ``1000`` would otherwise never learn that it was not heard).
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_page_message = "There is no page {page_number}: the pages start at 1."

    def get_page_size(self, request):
        if self.page_size_query_param not in request.query_params:
            return self.page_size
        wanted = request.query_params[self.page_size_query_param].strip()
        if not (_is_whole_number(wanted) and 1 <= int(wanted) <= self.max_page_size):
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        f"Give the page size as a whole number from 1 to {self.max_page_size}, "
                        "or leave it out for pages of 50."
                    ]
                }
            )
        return int(wanted)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            elif parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1)
        return parameters


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter's backend, refusing what it would quietly ignore.

    A filter named with no value (``?taken_from=``) and an id filter that is
    not a whole number (``?member=1.5``, ``?member=null``, a number too big
    for an id) answer 400 naming the filter, like a value outside a filter's
    choices already does. Otherwise the list would come back unfiltered and
    look like an answer to the question asked.
    """

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        errors = {}
        for name, filter_ in filterset.filters.items():
            if name not in request.query_params:
                continue
            value = request.query_params[name].strip()
            if value == "":
                errors[name] = ["Give a value here, or leave it out of the address."]
            elif isinstance(filter_, django_filters.NumberFilter) and not _is_an_id(value):
                errors[name] = ["Give an id: a whole number, such as 12."]
            elif isinstance(filter_, django_filters.BooleanFilter) and value.lower() not in YES_NO:
                errors[name] = ["Give true or false."]
        if errors:
            raise ValidationError(errors)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return filterset.qs


YES_NO = {"true", "false", "1", "0"}


def _is_whole_number(value: str) -> bool:
    return value.isascii() and value.isdigit()


def _is_an_id(value: str) -> bool:
    return _is_whole_number(value) and int(value) <= LARGEST_ID


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
