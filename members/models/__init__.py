"""Members: people who live in their own homes in a network.

One module by area; Django finds the models through these imports, so
``members.models.Member`` and the rest keep working."""

from members.models.circle import ChosenPerson, CommunityConnection, Consent, PeerConnection
from members.models.contacts import Contact, ContactCorrection
from members.models.journey import Allocation, Referral, StatusChange, SupportLevelChange
from members.models.record import CommunicationNeed, LoginCard, Member, RecordAccess

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
