"""Spreadsheets' API, a module by area."""
