"""Reads of documents, within the viewer's organisation and reach.

A document is reached exactly as the row it is attached to: the kind's
``in_reach`` (registered by its app) decides, so another organisation's
document, and one attached to a row out of reach, are "not found"."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from documents.models import Document, DocumentDownload
from documents.registry import Attachable, attachable, kinds
from keyring_net.access import not_found, require
from keyring_net.actors import Actor
from keyring_net.policy import Permission, can


def _attached_in_reach(actor: Actor, *, seen_only: bool) -> Q:
    reached = Q(pk__in=[])
    for entry in kinds().values():
        if seen_only and not can(actor, entry.view_permission):
            continue
        rows = entry.in_reach(actor).values("pk")
        reached |= Q(attached_kind=entry.kind, attached_id__in=rows)
    return reached


def documents_in_reach(actor: Actor) -> QuerySet[Document]:
    """Every document attached to a row the viewer reaches, withdrawn ones
    too, whether or not their role may open it (the API's detail routes
    then answer 403 rather than 404 for those)."""
    return (
        Document.objects.filter(organisation=actor.organisation)
        .filter(_attached_in_reach(actor, seen_only=False))
        .select_related("uploaded_by", "withdrawn_by")
    )


def documents_for_viewer(actor: Actor) -> QuerySet[Document]:
    """The documents the viewer may see (reach and role), withdrawn ones
    too; lists leave those out (``current``)."""
    if not can(actor, Permission.VIEW_DOCUMENTS):
        return Document.objects.none()
    return (
        Document.objects.filter(organisation=actor.organisation)
        .filter(_attached_in_reach(actor, seen_only=True))
        .select_related("uploaded_by", "withdrawn_by")
    )


def current(documents: QuerySet[Document]) -> QuerySet[Document]:
    return documents.filter(withdrawn_at__isnull=True)


def attached_get_for_viewer(
    *, actor: Actor, kind: str, object_id: int, attach: bool = False
) -> tuple[Attachable, Any]:
    """The row ``kind`` ``object_id`` and its registration: 404 when the
    kind is unknown or the row missing, in another organisation or out of
    reach; 403 when in reach but the role may not see its documents (or,
    with ``attach``, may not add or withdraw them)."""
    entry = attachable(kind)
    if entry is None:
        raise not_found()
    row = entry.in_reach(actor).filter(pk=object_id).first()
    if row is None:
        raise not_found()
    require(actor, Permission.VIEW_DOCUMENTS)
    require(actor, entry.view_permission)
    if attach:
        require(actor, Permission.MANAGE_DOCUMENTS)
        require(actor, entry.attach_permission)
    return entry, row


def check_document(actor: Actor, document: Document, *, attach: bool = False) -> Document:
    """A document already found in reach: 403 unless the role may see it
    (or, with ``attach``, withdraw it). Puts its registration and row on it
    (``entry``, ``attached``)."""
    document.entry, document.attached = attached_get_for_viewer(
        actor=actor, kind=document.attached_kind, object_id=document.attached_id, attach=attach
    )
    return document


def document_get_for_viewer(*, actor: Actor, document_id: int, attach: bool = False) -> Document:
    """One document: 404 when missing, in another organisation or attached
    to a row the viewer does not reach; 403 when their role may not see it
    (or withdraw it, with ``attach``)."""
    document = documents_in_reach(actor).filter(pk=document_id).first()
    if document is None:
        raise not_found()
    return check_document(actor, document, attach=attach)


def documents_of(*, actor: Actor, entry: Attachable, row: Any) -> QuerySet[Document]:
    """A row's current documents, newest first: one query."""
    return current(
        Document.objects.filter(
            organisation=actor.organisation, attached_kind=entry.kind, attached_id=row.pk
        ).select_related("uploaded_by")
    ).order_by("-uploaded_at", "-pk")


def may_attach(actor: Actor, entry: Attachable) -> bool:
    return can(actor, Permission.MANAGE_DOCUMENTS) and can(actor, entry.attach_permission)


def may_see(actor: Actor, entry: Attachable) -> bool:
    return can(actor, Permission.VIEW_DOCUMENTS) and can(actor, entry.view_permission)


def downloads_of(*, actor: Actor, document: Document) -> QuerySet[DocumentDownload]:
    return (
        DocumentDownload.objects.filter(organisation=actor.organisation, document=document)
        .select_related("user")
        .order_by("-downloaded_at")
    )
