"""Spreadsheets' forms, a module by area."""
