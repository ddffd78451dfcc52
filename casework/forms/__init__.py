"""Casework forms, a module by area."""
