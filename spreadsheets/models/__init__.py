"""Spreadsheets' models, a module by area; imported here so Django finds them."""

from spreadsheets.models.exports import ExportRecord

__all__ = ["ExportRecord"]
