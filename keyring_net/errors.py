"""Error answers outside the views: too large a body, and the API's 4xx/5xx.

Django answers these itself with HTML pages. A program calling the API needs
the same JSON body as every other API error (``keyring_net.api.support.exception_handler``),
and a person filling in a form needs a page in plain words, so:

* ``BodyTooLargeMiddleware`` refuses a request whose declared size is over
  ``DATA_UPLOAD_MAX_MEMORY_SIZE`` before anything reads it: 413, JSON under
  ``/api/``, a plain page elsewhere;
* ``bad_request`` does the same when the size was not declared and Django
  finds out while reading (``RequestDataTooBig``), and answers other 400s
  under ``/api/`` in JSON;
* ``page_not_found``, ``permission_denied`` and ``server_error`` answer JSON
  under ``/api/`` (an address no API route matches, for example) and keep
  the HTML pages everywhere else.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults

API_PREFIX = "/api/"
TOO_LARGE = 413


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _limit_for(request: HttpRequest) -> int | None:
    """The largest body this address takes: files for an import may be
    bigger (``LARGE_UPLOAD_PATHS``) than any other form or API call, and a
    document's upload reads a too-big file to the end to say so next to the
    field (``DOCUMENT_UPLOAD_PATHS``)."""
    if request.path.startswith(tuple(settings.DOCUMENT_UPLOAD_PATHS)):
        return settings.DOCUMENTS_BODY_MAX_BYTES
    if request.path.startswith(tuple(settings.LARGE_UPLOAD_PATHS)):
        return settings.LARGE_UPLOAD_MAX_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _limit_in_words(request: HttpRequest | None = None) -> str:
    limit = _limit_for(request) if request is not None else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    megabytes = limit / (1024 * 1024)
    return f"{megabytes:g} MB"


def too_large(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(
            {
                "detail": f"What was sent is too large: send at most {_limit_in_words(request)} "
                "at a time (long notes are limited to 10,000 characters)."
            },
            status=TOO_LARGE,
        )
    page = render_to_string("413.html", {"limit": _limit_in_words(request)})
    return HttpResponse(page, status=TOO_LARGE)


class BodyTooLargeMiddleware:
    """Refuse a body over the limit from its ``Content-Length``, unread."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = _limit_for(request)
        if limit is not None and length > limit:
            return too_large(request)
        return self.get_response(request)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return too_large(request)
    if _is_api(request):
        return JsonResponse({"detail": "The request could not be read."}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Your role does not allow this."}, status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(
            {"detail": "Sorry, something went wrong. Nothing was changed; try again."},
            status=500,
        )
    return defaults.server_error(request)
