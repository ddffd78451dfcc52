"""Casework's models, a module by area (imported here so Django finds them)."""

from casework.models.incidents import Incident, IncidentAction  # noqa: F401
