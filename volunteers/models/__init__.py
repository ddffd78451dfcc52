"""Volunteers and enablers: profiles and recruitment, values-based interview
panels, DBS checks, training, rotas (shifts, patterns, open shifts, swaps),
availability, lone working and calendar feeds. A module by area; the
imports keep ``volunteers.models.X`` working."""

from volunteers.models.panels import PanelScore, PanelSeat, RecruitmentValue
from volunteers.models.people import (
    DBSCheck,
    Interview,
    Reference,
    TrainingModule,
    TrainingRecord,
    VolunteerProfile,
)
from volunteers.models.rota import (
    Availability,
    CalendarFeed,
    PlannedVisit,
    Shift,
    ShiftPattern,
    SwapRequest,
)
from volunteers.models.today import LoneWorkingAlert, LoneWorkingSession

__all__ = [
    "Availability",
    "CalendarFeed",
    "DBSCheck",
    "Interview",
    "LoneWorkingAlert",
    "LoneWorkingSession",
    "PanelScore",
    "PanelSeat",
    "PlannedVisit",
    "RecruitmentValue",
    "Reference",
    "Shift",
    "ShiftPattern",
    "SwapRequest",
    "TrainingModule",
    "TrainingRecord",
    "VolunteerProfile",
]
