"""Reading a CSV or Excel (.xlsx) file a row at a time.

Excel files are read with openpyxl in read-only mode and CSV files with
Python's ``csv`` module, both streaming, so memory does not grow with the
file (django-import-export would load the whole file through tablib).

What people and other systems really make is accepted: UTF-8 with or
without a byte-order mark, Windows-1252 when the text is not UTF-8,
trailing spaces, blank rows (skipped), numbers stored as text, and cells
that begin with ``=``, which stay text and are never worked out. An Excel
date cell comes back as a date; every other cell as text.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError

ZIP_START = b"PK\x03\x04"
OLD_EXCEL_START = b"\xd0\xcf\x11\xe0"
NOT_A_SPREADSHEET = (
    "The file must be a spreadsheet saved as CSV or Excel (.xlsx). Open it in your "
    "spreadsheet program and save it as one of those."
)
OLD_EXCEL = "This is an older Excel file (.xls). Save it as Excel (.xlsx) or CSV and try again."
EMPTY = "The file is empty. Choose the file with your records in it."
NO_HEADERS = (
    "The file has no header row. Put the column names (like Reference, Full name, "
    "Network) in its first row."
)

Cell = str | datetime.date


@dataclass(frozen=True)
class Row:
    """One row of the file: its number as the spreadsheet shows it (the
    header is row 1) and its cells, tidied."""

    number: int
    cells: tuple[Cell, ...]


def _is_utf8(data: bytes) -> bool:
    """True when the bytes are UTF-8, checked a piece at a time (no copy of
    the whole text)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), 1 << 16):
            decoder.decode(view[start : start + (1 << 16)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def kind_of(data: bytes, file_name: str) -> str:
    """``"xlsx"`` or ``"csv"``, or ``ValidationError`` in plain words."""
    if not data.strip():
        raise ValidationError(EMPTY)
    if data.startswith(ZIP_START):
        return "xlsx"
    if data.startswith(OLD_EXCEL_START):
        raise ValidationError(OLD_EXCEL)
    if file_name.lower().endswith((".xlsx", ".xls", ".xlsm")) or b"\x00" in data[:8192]:
        raise ValidationError(NOT_A_SPREADSHEET)
    return "csv"


def _text(value) -> Cell:
    """A cell as text (or a date): numbers without a needless ".0", spaces
    trimmed. A formula stays its text ("=SUM(A1:A3)"), never worked out."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(data: bytes) -> Iterator[list]:
    encoding = "utf-8-sig" if _is_utf8(data) else "cp1252"
    text = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, errors="replace", newline="")
    sample = text.read(4096)
    text.seek(0)
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    yield from csv.reader(text, dialect)


def _xlsx_rows(data: bytes) -> Iterator[tuple]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ValidationError(NOT_A_SPREADSHEET) from error
    try:
        sheet = book.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    finally:
        book.close()


def read(data: bytes, file_name: str) -> tuple[list[str], Iterator[Row]]:
    """The file's headers and an iterator of its rows (blank rows left out).
    Raises ``ValidationError`` for a file it cannot read or with no header."""
    rows = _xlsx_rows(data) if kind_of(data, file_name) == "xlsx" else _csv_rows(data)
    headers: list[str] = []
    number = 0
    try:
        for raw in rows:
            number += 1
            cells = [_text(value) for value in raw]
            if any(cells):
                headers = [str(cell) for cell in cells]
                break
    except (csv.Error, UnicodeError) as error:
        raise ValidationError(NOT_A_SPREADSHEET) from error
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise ValidationError(NO_HEADERS)

    def body(start: int) -> Iterator[Row]:
        for offset, raw in enumerate(rows, start=start + 1):
            cells = tuple(_text(value) for value in raw)
            if any(cells):
                yield Row(offset, cells)

    return headers, body(number)
