"""Spreadsheets' models, a module by area; imported here so Django finds them."""

from spreadsheets.models.exports import ExportRecord
from spreadsheets.models.imports import ImportedRow, ImportReportRow, ImportRun

__all__ = ["ExportRecord", "ImportReportRow", "ImportRun", "ImportedRow"]
