"""Writing rows to a CSV or Excel (.xlsx) file, a row at a time, so memory
does not grow with the number of rows: the file goes to a temporary file on
disk (openpyxl's write-only mode for .xlsx, the csv module for CSV), which
the caller sends and closes.

Every text cell is made safe from formula injection (OWASP "CSV
injection"): text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is written with a single quote in front, so a spreadsheet
program shows it as text and never runs it. Numbers and dates are written
as numbers and dates, in both formats."""

from __future__ import annotations

import csv
import datetime
import io
import re
import tempfile
from collections.abc import Iterable
from decimal import Decimal
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from keyring_net.clock import local

# What a spreadsheet program may read as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters an .xlsx file cannot hold (control characters other than tab,
# line feed and carriage return).
NOT_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
DATE_FORMAT = "DD/MM/YYYY"
TIME_FORMAT = "DD/MM/YYYY HH:MM"

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def safe_text(text: str) -> str:
    """``text`` as a spreadsheet will show it and never run it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _plain(value):
    """A cell's value: text made safe, times in the organisation's clock
    (Europe/London) without a zone, which .xlsx cannot keep; numbers,
    dates and empty cells as they are."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, datetime.datetime):
        return local(value).replace(tzinfo=None, second=0, microsecond=0)
    if isinstance(value, datetime.date):
        return value
    return safe_text(str(value))


def _csv_text(value) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def write_csv(headings: list[str], rows: Iterable[list]) -> tuple[IO[bytes], int]:
    """The rows as a UTF-8 CSV file (with a byte-order mark, so Excel reads
    the accents right) and how many rows it holds."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the response sends and closes it)
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow([safe_text(h) for h in headings])
    count = 0
    for row in rows:
        writer.writerow([_csv_text(v) for v in row])
        count += 1
    text.flush()
    text.detach()
    out.seek(0)
    return out, count


def _xlsx_cell(sheet, value) -> WriteOnlyCell:
    value = _plain(value)
    if isinstance(value, str):
        value = NOT_IN_XLSX.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime.datetime):
        cell.number_format = TIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    return cell


def write_xlsx(title: str, headings: list[str], rows: Iterable[list]) -> tuple[IO[bytes], int]:
    """The rows as an Excel (.xlsx) workbook of one sheet, headings in bold,
    and how many rows it holds."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    bold = Font(bold=True)
    header = []
    for heading in headings:
        cell = WriteOnlyCell(sheet, value=safe_text(heading))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
        count += 1
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the response sends and closes it)
    book.save(out)
    out.seek(0)
    return out, count
