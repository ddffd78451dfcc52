"""Casework's models, a module by area (imported here so Django finds them)."""

from casework.models.appointments import Appointment, Outcome, PlannedVisit  # noqa: F401
from casework.models.incidents import Incident, IncidentAction  # noqa: F401
from casework.models.safeguarding import (  # noqa: F401
    ConcernAction,
    ConcernView,
    SafeguardingConcern,
    SafeguardingLead,
)
from casework.models.tasks import Task  # noqa: F401
