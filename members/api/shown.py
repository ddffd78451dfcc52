"""API lists that show members' records log every member they show."""

from __future__ import annotations

from operator import attrgetter
from typing import ClassVar

from rest_framework.response import Response

from members.models import RecordAccess
from members.services import record


class LogsMembersShown:
    """For an ``OrgScopedViewSet`` whose list shows what is in members'
    records (support needs, contact notes, plans, outcomes): each member on
    the page is logged as seen in a list by the person asking, in one insert
    (``record.record_members_access``), so the member's "who has looked
    at my record" counts lists too.

    ``shown_member`` is the path from a row to its member's id; the
    viewset's queryset must load what the path crosses (``select_related``),
    or the page costs a query a row. A row with no member logs nothing.
    """

    shown_member: ClassVar[str] = "member_id"

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(queryset) if page is None else page
        data = self.get_serializer(rows, many=True).data
        member_of = attrgetter(self.shown_member)
        record.record_members_access(
            actor=self.actor,
            members=[member_id for row in rows if (member_id := member_of(row)) is not None],
            channel=RecordAccess.Channel.API,
        )
        return Response(data) if page is None else self.get_paginated_response(data)


class LogsMembersShownOrRead(LogsMembersShown):
    """``LogsMembersShown``, and reading one row by its id logs its member
    once (not ``in_list``). Only for viewsets that read one row already: a
    ``retrieve`` here would give a list-only viewset a route of its own."""

    def retrieve(self, request, *args, **kwargs):
        row = self.get_object()
        member_id = attrgetter(self.shown_member)(row)
        if member_id is not None:
            record.record_members_access(
                actor=self.actor,
                members=[member_id],
                channel=RecordAccess.Channel.API,
                in_list=False,
            )
        return Response(self.get_serializer(row).data)
