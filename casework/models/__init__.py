"""Casework's models, a module by area (imported here so Django finds them)."""
