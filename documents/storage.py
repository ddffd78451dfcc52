"""Where documents' files are kept: ``STORAGES["documents"]`` (a private
folder, or an S3-compatible bucket). Never a web root."""

from __future__ import annotations

from django.core.files.storage import storages


def storage():
    return storages["documents"]


def keep_file(name: str, file) -> str:
    """Write ``file`` under ``name``; returns the name it is kept under."""
    return storage().save(name, file, max_length=100)


def open_file(name: str):
    return storage().open(name, "rb")
