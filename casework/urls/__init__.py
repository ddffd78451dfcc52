"""Casework's routes, a module by area."""
