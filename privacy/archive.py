"""The copy a member is given, as one zip archive:

- ``summary.pdf``: easy read (short sentences, one idea a line, a picture
  beside each, large text): what is in the copy and what to do next;
- ``record.pdf``: everything, kind by kind, item by item;
- ``data.json``: the same, for a computer; ``csv/<kind>.csv``: one file a
  kind of record;
- ``documents/``: the member's files, unless a reviewer left one out.

Both PDFs come from ``keyring_net.pdf`` and are tagged PDF/UA. What a
reviewer removed reads "[Removed: <reason>]" in every part."""

from __future__ import annotations

import csv
import datetime
import io
import json
import logging
import re
import zipfile

from django.template.loader import render_to_string

from documents.models import Document
from documents.storage import open_file
from keyring_net.pdf import render_pdf
from privacy.collection import Collection

logger = logging.getLogger(__name__)

RECORD_MAX_PAGES = 2000  # a long record is long; the cap only stops a runaway
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "file"


def _file_name(text: str) -> str:
    """A file's own name, safe inside the archive (no folders, no dots
    leading anywhere)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip(".-") or "file"


def _cell(value) -> str:
    """A CSV cell a spreadsheet will not run as a formula (OWASP)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def as_data(collection: Collection, *, request, released_at: datetime.datetime) -> dict:
    return {
        "member": collection.member.full_name,
        "request": {
            "received_on": request.received_on.isoformat(),
            "due_on": request.due_on.isoformat(),
            "released_at": released_at.isoformat(),
        },
        "records": {
            section.key: {
                "title": section.title,
                "items": [{n: v for n, _, v in item.shown()} for item in section.items],
            }
            for section in collection.sections
        },
    }


def _csv(section) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([text for _, text in section.columns])
    for item in section.items:
        writer.writerow([_cell(v) for _, _, v in item.shown()])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _files(collection: Collection) -> list[tuple[str, bytes | None]]:
    """Each document's place in the archive and its bytes (``None`` when
    it was removed or withdrawn, or its file cannot be read)."""
    section = collection.section("documents.Document")
    files = []
    for item in section.items if section else []:
        values = {n: v for n, _, v in item.fields}
        name = f"documents/{item.id}-{_file_name(str(values.get('original_name') or 'file'))}"
        if item.removed or values.get("withdrawn_at"):
            files.append((name, None))
            continue
        stored = _stored_name(item.id, collection)
        try:
            with open_file(stored) as handle:
                files.append((name, handle.read()))
        except (OSError, ValueError):
            logger.warning("Document %s could not be read for a copy of records", item.id)
            files.append((name, None))
    return files


def _stored_name(document_id: int, collection: Collection) -> str:
    # The stored name is never released (it is where the file lives), so
    # it is read here, not from the collection.
    return (
        Document.objects.filter(organisation=collection.member.organisation, pk=document_id)
        .values_list("stored_name", flat=True)
        .first()
        or ""
    )


def build_archive(collection: Collection, *, request, released_at: datetime.datetime) -> bytes:
    """The zip archive's bytes."""
    data = as_data(collection, request=request, released_at=released_at)
    kinds = [s for s in collection.sections if s.items]
    context = {
        "member": collection.member,
        "request": request,
        "released_at": released_at,
        "sections": kinds,
        "documents": len(getattr(collection.section("documents.Document"), "items", [])),
    }
    summary = render_pdf(render_to_string("privacy/pdf/summary.html", context))
    record = render_pdf(
        render_to_string("privacy/pdf/record.html", context), max_pages=RECORD_MAX_PAGES
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("summary.pdf", summary)
        archive.writestr("record.pdf", record)
        archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False, default=str))
        for section in kinds:
            archive.writestr(f"csv/{_slug(section.key)}.csv", _csv(section))
        for name, content in _files(collection):
            if content is not None:
                archive.writestr(name, content)
    return buffer.getvalue()
