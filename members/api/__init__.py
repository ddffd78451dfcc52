"""The members API, one module a resource (STYLE: split past ~400 lines)."""

from members.api.connections import ConnectionViewSet
from members.api.contacts import ContactViewSet
from members.api.members import MemberViewSet
from members.api.referrals import ReferralViewSet

__all__ = ["ConnectionViewSet", "ContactViewSet", "MemberViewSet", "ReferralViewSet"]
