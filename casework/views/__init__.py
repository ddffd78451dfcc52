"""Casework pages, a module by area."""
