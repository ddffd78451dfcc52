"""Calibration views for ``make bench``.

The benchmark reports every real page as a ratio to these three, measured in
the same run on the same machine, so the figures mean the same on a laptop
and a server. They answer 404 unless ``BENCH_VIEWS`` is on.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from keyring_net.models import LocalAuthority


def _enabled() -> None:
    if not settings.BENCH_VIEWS:
        raise Http404


def trivial(request: HttpRequest) -> HttpResponse:
    """No database, no template: the cost of Django itself."""
    _enabled()
    return HttpResponse("ok", content_type="text/plain")


def one_query(request: HttpRequest) -> HttpResponse:
    """One small query and a plain-text answer."""
    _enabled()
    return HttpResponse(str(LocalAuthority.objects.count()), content_type="text/plain")


def table(request: HttpRequest) -> HttpResponse:
    """A 50-row table from one query, in the page shell."""
    _enabled()
    rows = list(LocalAuthority.objects.order_by("name")[:50])
    return render(request, "keyring_net/calibration_table.html", {"rows": rows})
