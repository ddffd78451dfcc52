"""Documents' pages. A record's documents have their own addresses per kind
(``/documents/member/<member_id>/``), made from what the apps registered
(``documents.registry``), so the role matrix walks each kind."""

from __future__ import annotations

from django.urls import path

from documents import views
from documents.registry import kinds

app_name = "documents"


def _per_kind() -> list:
    routes = []
    for kind, entry in sorted(kinds().items()):
        here = f"{kind}/<int:{entry.url_kwarg}>/"
        routes += [
            path(here, views.attached_list, {"kind": kind}, name=f"{kind}-list"),
            path(f"{here}add/", views.attached_add, {"kind": kind}, name=f"{kind}-add"),
        ]
    return routes


urlpatterns = [
    *_per_kind(),
    path("<int:document_id>/", views.document_detail, name="detail"),
    path("<int:document_id>/download/", views.document_download, name="download"),
    path("<int:document_id>/withdraw/", views.document_withdraw, name="withdraw"),
]
