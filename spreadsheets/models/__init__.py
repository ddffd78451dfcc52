"""Spreadsheets' models, a module by area; imported here so Django finds them."""

from spreadsheets.models.exports import ExportRecord
from spreadsheets.models.imports import ImportedRow, ImportRun

__all__ = ["ExportRecord", "ImportRun", "ImportedRow"]
