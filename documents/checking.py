"""What a file must be to be kept: one of a short list of kinds, found by
reading its content, with a name whose ending agrees.

Each check reads the file itself: a PDF must start with ``%PDF-`` and open
in a PDF reader (pypdfium2); a PNG or JPEG must open and verify in Pillow;
a Word or Excel file (``.docx``, ``.xlsx``) must be a zip whose
``[Content_Types].xml`` names a Word document or an Excel workbook (a
macro-enabled one names another kind, so it is refused); a text file must be
UTF-8 with no NUL characters and must not start like a script (``#!``).
Anything else (a Windows program ``MZ``, a Linux program ``ELF``, a script,
an archive, an unknown kind) is refused."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from django.core.exceptions import ValidationError

KINDS_IN_WORDS = "a PDF, a photo (PNG or JPEG), a Word or Excel file (.docx, .xlsx) or a text file"
NOT_ALLOWED = (
    f"This kind of file cannot be kept. Choose {KINDS_IN_WORDS}; a program or a script "
    "is never accepted."
)
BAD_NAME = (
    "The file's name cannot contain slashes (/ or \\), two dots together (..) or hidden "
    "control characters. Rename the file and choose it again."
)
PROGRAM = "This file is a program or a script, which cannot be kept. " + (
    f"Choose {KINDS_IN_WORDS}."
)


@dataclass(frozen=True)
class Kind:
    name: str  # in words, for messages
    endings: tuple[str, ...]
    content_type: str


PDF = Kind("a PDF", (".pdf",), "application/pdf")
PNG = Kind("a PNG picture", (".png",), "image/png")
JPEG = Kind("a JPEG photo", (".jpg", ".jpeg"), "image/jpeg")
DOCX = Kind(
    "a Word document",
    (".docx",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
XLSX = Kind(
    "an Excel workbook",
    (".xlsx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
TEXT = Kind("a text file", (".txt",), "text/plain; charset=utf-8")
KINDS = (PDF, PNG, JPEG, DOCX, XLSX, TEXT)

_OFFICE_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
_PROGRAM_STARTS = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xfe\xed\xfa", b"\xcf\xfa\xed")


def check_name(name: str) -> str:
    """The file's name as given, refused when it holds anything a path is
    made of. It is only ever shown, never used to store the file."""
    if (
        not name
        or "/" in name
        or "\\" in name
        or ".." in name
        or any(unicodedata.category(c).startswith("C") for c in name)
    ):
        raise ValidationError({"file": BAD_NAME})
    if len(name) > 255:
        raise ValidationError({"file": "The file's name is too long: rename it shorter."})
    return name


def _ending(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def _is_pdf(data: bytes) -> bool:
    if not data.startswith(b"%PDF-"):
        return False
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except Exception:  # any failure to read it means it is not a PDF we keep
        return False
    try:
        return len(document) > 0
    finally:
        document.close()


def _picture(data: bytes) -> Kind | None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            found = image.format
            image.verify()
    except Exception:  # Pillow raises many kinds for a damaged or false picture
        return None
    return {"PNG": PNG, "JPEG": JPEG}.get(found)


def _office(data: bytes) -> Kind | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            types = archive.read("[Content_Types].xml").decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return None
    for main, kind in _OFFICE_MAIN.items():
        if f'ContentType="{main}"' in types:
            return kind
    return None


def _text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def what_it_is(data: bytes) -> Kind | None:
    """The kind the content shows, or None when it is none we keep."""
    if data.startswith(_PROGRAM_STARTS):
        return None
    if data.startswith(b"%PDF-"):
        return PDF if _is_pdf(data) else None
    if data.startswith(b"\x89PNG") or data.startswith(b"\xff\xd8\xff"):
        return _picture(data)
    if data.startswith(b"PK\x03\x04"):
        return _office(data)
    return TEXT if _text(data) else None


def check_content(name: str, file: BinaryIO) -> Kind:
    """The kind of ``file`` (named ``name``), found from its content and
    agreeing with its name's ending; refused in plain words otherwise."""
    data = file.read()
    file.seek(0)
    ending = _ending(name)
    claimed = next((kind for kind in KINDS if ending in kind.endings), None)
    if data.startswith(_PROGRAM_STARTS):
        raise ValidationError({"file": PROGRAM})
    found = what_it_is(data)
    if found is None:
        if claimed is not None:
            raise ValidationError(
                {
                    "file": f"The file's name says it is {claimed.name}, but it is not: "
                    "it may be damaged, or another kind of file renamed. "
                    "Open it on your computer to check, save it again and choose it again."
                }
            )
        raise ValidationError({"file": NOT_ALLOWED})
    if claimed is None:
        raise ValidationError(
            {
                "file": f"The file is {found.name}, but its name does not end in "
                f"{' or '.join(found.endings)}. Rename it to end in {found.endings[0]} "
                "and choose it again."
            }
        )
    if claimed is not found:
        raise ValidationError(
            {
                "file": f"The file's name says it is {claimed.name}, but it is {found.name}. "
                f"Rename it to end in {found.endings[0]} and choose it again."
            }
        )
    return found
