"""Receiving a file: kept to the size limit, with its name as sent.

Django's own reading of a form would keep a file of any size and would
quietly cut a name such as ``../../notes.txt`` down to ``notes.txt``. Here
the file is written to a temporary file only up to ``DOCUMENTS_MAX_BYTES``;
past that the rest is read and thrown away, so the page (or the API) can
say in plain words that the file is too big, and keep what else was typed.
The name is kept exactly as the browser sent it, so a name with path
characters can be refused rather than changed.

The page must set this up before anything reads the form: its view is
``csrf_exempt`` outside and ``csrf_protect`` inside (``views.py``), as
Django's documentation on upload handlers says."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http.multipartparser import MultiPartParser
from rest_framework import parsers

FIELD = "file"


def max_bytes() -> int:
    return settings.DOCUMENTS_MAX_BYTES


def limit_in_words() -> str:
    return f"{max_bytes() / (1024 * 1024):g} MB"


@dataclass
class Received:
    """What came in the ``file`` field: the file (None when none came or it
    was too big), its name as sent, and whether it was over the limit."""

    file: Any = None
    name: str = ""
    too_big: bool = False


class LimitedUpload(FileUploadHandler):
    """Keeps the ``file`` field in a temporary file up to the limit."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = Received()
        self._spool = None
        self._size = 0

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        if field_name != FIELD:
            raise SkipFile()
        # Closed when the file is too big, or by Django once the request ends.
        self._spool = tempfile.SpooledTemporaryFile(max_size=2 * 1024 * 1024)  # noqa: SIM115
        self._size = 0

    def receive_data_chunk(self, raw_data, start):
        self._size += len(raw_data)
        if self._size > max_bytes():
            self.received.too_big = True
            self._spool.close()
            raise SkipFile()
        self._spool.write(raw_data)
        return None

    def file_complete(self, file_size):
        self._spool.seek(0)
        upload = UploadedFile(
            file=self._spool, name=self.file_name, content_type="", size=self._size
        )
        self.received.file = upload
        return upload


class NameKeepingParser(MultiPartParser):
    """Django's form reader, telling the handler the file's name as sent
    (Django keeps only its last part, and drops a name of ``..``)."""

    def sanitize_file_name(self, file_name):
        for handler in self._upload_handlers:
            if isinstance(handler, LimitedUpload):
                handler.received.name = file_name
        return super().sanitize_file_name(file_name)


def receive_on(request) -> Received:
    """Make ``request`` (a Django request not yet read) read its file this
    way; returns what will have been received once the form is read."""
    handler = LimitedUpload(request)
    request.upload_handlers = [handler]

    def parse(meta, post_data):
        return NameKeepingParser(meta, post_data, [handler], request.encoding).parse()

    request.parse_file_upload = parse
    return handler.received


class DocumentUploadParser(parsers.MultiPartParser):
    """The API's multipart reader for an upload: the same handler, and what
    it received kept on the request as ``document_received``."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        request = parser_context["request"]
        meta = request.META.copy()
        meta["CONTENT_TYPE"] = media_type
        handler = LimitedUpload(request)
        request.document_received = handler.received
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            data, files = NameKeepingParser(meta, stream, [handler], encoding).parse()
        except Exception as error:
            raise parsers.ParseError(f"The upload could not be read: {error}") from error
        return parsers.DataAndFiles(data, files)
