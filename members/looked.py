"""Pages that show a member's record log that someone looked, on reading.

A page is logged when it is read (GET or HEAD). Sending its form (POST) is
not logged again: the page was logged when it was opened, and a change is
in the record's own history. Routes with only a POST log nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import HttpRequest

from members.models import Member, RecordAccess
from members.services import record

PAGE = RecordAccess.Channel.PAGE


def _reading(request: HttpRequest) -> bool:
    return request.method in ("GET", "HEAD")


def page_about(request: HttpRequest, member: Member, channel=PAGE) -> None:
    """A page about one member: one ``RecordAccess`` for them."""
    if _reading(request):
        record.record_member_access(actor=request.actor, member=member, channel=channel)


def page_listing(request: HttpRequest, members: Iterable[Member | int], channel=PAGE) -> None:
    """A page that shows several members (rows or ids; ``None`` skipped):
    one ``RecordAccess`` each, in one insert however many."""
    if _reading(request):
        record.record_members_access(
            actor=request.actor, members=[m for m in members if m is not None], channel=channel
        )


def page_listing_all(request: HttpRequest, members: QuerySet[Member], channel=PAGE) -> None:
    """A page that shows every member ``members`` finds (a network's
    picture): one ``RecordAccess`` each, the query inside the one insert."""
    if _reading(request):
        record.record_members_access_matching(actor=request.actor, members=members, channel=channel)
