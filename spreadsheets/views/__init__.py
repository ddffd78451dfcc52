"""Spreadsheets' pages, a module by area."""
