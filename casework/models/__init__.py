"""Casework's models, a module by area (imported here so Django finds them)."""

from casework.models.appointments import Appointment, Outcome, PlannedVisit  # noqa: F401
