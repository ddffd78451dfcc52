"""Scoped reads of imports and exports."""
