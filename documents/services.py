"""Keeping, withdrawing and handing out documents.

Files go to the ``documents`` storage (``settings.STORAGES``): a private
folder on the server's disk by default, an S3-compatible bucket in
production; never a folder the web server or whitenoise serves. The file's
stored name is random; the name it came with is only shown."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from documents import checking, storage
from documents.models import Document, DocumentDownload
from documents.registry import Attachable, attachable
from documents.storage import keep_file
from documents.uploads import Received, limit_in_words, max_bytes
from keyring_net.access import require
from keyring_net.actors import Actor, save_changes, save_new
from keyring_net.policy import Permission

NO_FILE = "Choose the file to keep."
EMPTY = "The file is empty. Choose the file with the document in it."


def too_big_message() -> str:
    return (
        f"The file is bigger than {limit_in_words()}. Make it smaller (for example, scan at "
        "a lower quality or save as PDF) and choose it again."
    )


def check_received(received: Received) -> checking.Kind:
    """The upload's kind, or a refusal in plain words next to the file."""
    if received.too_big:
        raise ValidationError({"file": too_big_message()})
    if received.name:
        checking.check_name(received.name)
    if received.file is None:
        raise ValidationError({"file": NO_FILE})
    if received.file.size == 0:
        raise ValidationError({"file": EMPTY})
    if received.file.size > max_bytes():
        raise ValidationError({"file": too_big_message()})
    name = received.name or received.file.name
    checking.check_name(name)
    return checking.check_content(name, received.file)


@transaction.atomic
def document_upload(
    *,
    actor: Actor,
    entry: Attachable,
    row: Any,
    title: str,
    category: str,
    received: Received,
) -> Document:
    """Keep a file with ``row`` (of ``entry``'s kind, reached through
    ``selectors.attached_get_for_viewer(attach=True)``). Refused, with
    nothing kept, when the title or category is missing or the file is not
    one we keep (``checking``)."""
    require(actor, Permission.MANAGE_DOCUMENTS)
    require(actor, entry.attach_permission)
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = "Give the document a title, such as “Tenancy agreement 2026”."
    if category not in Document.Category.values:
        errors["category"] = "Choose what kind of document it is."
    try:
        kind = check_received(received)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    name = received.name or received.file.name
    stored = keep_file(f"{actor.organisation.pk}/{secrets.token_hex(20)}", received.file)
    return save_new(
        actor,
        Document,
        attached_kind=entry.kind,
        attached_id=row.pk,
        title=title,
        category=category,
        original_name=name,
        stored_name=stored,
        size=received.file.size,
        content_type=kind.content_type,
        uploaded_by=actor.user,
    )


@transaction.atomic
def document_withdraw(*, actor: Actor, document: Document, reason: str) -> Document:
    """Withdraw a document added by mistake: hidden from lists, kept (and
    its file) for the record. The reason is required; twice is refused."""
    require(actor, Permission.MANAGE_DOCUMENTS)
    if document.withdrawn_at is not None:
        raise ValidationError("This document was already withdrawn.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why it is withdrawn."})
    document.withdrawn_at = timezone.now()
    document.withdrawn_by = actor.user
    document.withdrawn_reason = reason
    save_changes(document, actor, "withdrawn_at", "withdrawn_by", "withdrawn_reason")
    return document


def document_looked_at(*, actor: Actor, document: Document, channel: str) -> None:
    """Tell the app that owns the row (``looked_at``): a member's record
    logs who looked at it. ``document`` comes from
    ``selectors.check_document`` (it carries ``entry`` and ``attached``)."""
    if document.entry.looked_at is not None:
        document.entry.looked_at(actor, document.attached, channel)


def documents_listed(*, actor: Actor, documents: list[Document], channel: str) -> None:
    """Tell each app whose rows a list of documents shows (``listed``):
    one call a kind, whatever the number of documents."""
    shown: dict[str, list[int]] = {}
    for document in documents:
        shown.setdefault(document.attached_kind, []).append(document.attached_id)
    for kind, ids in shown.items():
        entry = attachable(kind)
        if entry is not None and entry.listed is not None:
            entry.listed(actor, ids, channel)


@transaction.atomic
def document_downloaded(*, actor: Actor, document: Document, channel: str) -> DocumentDownload:
    """Record a download (every one) and open the file to send."""
    download = save_new(
        actor, DocumentDownload, document=document, user=actor.user, channel=channel
    )
    document_looked_at(actor=actor, document=document, channel=channel)
    return download


def open_file(document: Document):
    return storage.open_file(document.stored_name)


def safe_download_name(document: Document) -> str:
    """The name the browser saves it as: the original name, with anything
    but letters, digits, spaces, dots, dashes and underscores replaced."""
    kept = "".join(
        c if (c.isascii() and (c.isalnum() or c in " .-_")) else "_" for c in document.original_name
    ).strip(" .")
    return kept or f"document-{document.pk}"
