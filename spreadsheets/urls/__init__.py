"""Spreadsheets' routes, a module by area."""
