"""Members: people who live in their own homes in a network.

One module by area; Django finds the models through these imports, so
``members.models.Member`` and the rest keep working."""

from members.models.members import (
    Allocation,
    CommunicationNeed,
    LoginCard,
    Member,
    RecordAccess,
    Referral,
    StatusChange,
    SupportLevelChange,
)
from members.models.support import (
    ChosenPerson,
    CommunityConnection,
    Consent,
    Contact,
    ContactCorrection,
    PeerConnection,
)

__all__ = [
    "Allocation",
    "ChosenPerson",
    "CommunicationNeed",
    "CommunityConnection",
    "Consent",
    "Contact",
    "ContactCorrection",
    "LoginCard",
    "Member",
    "PeerConnection",
    "RecordAccess",
    "Referral",
    "StatusChange",
    "SupportLevelChange",
]
