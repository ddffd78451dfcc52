"""Spreadsheets' reads, a module by area."""
