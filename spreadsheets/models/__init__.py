"""Imports and exports: the models Django needs, by area."""

from spreadsheets.models.imports import ImportedRow, ImportRun

__all__ = ["ImportRun", "ImportedRow"]
