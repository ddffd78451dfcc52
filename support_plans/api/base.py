"""What the API's viewsets of stars and plans share: writing through a
service, its refusals, and the fields their inputs are made of."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import django_filters
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from rest_framework import exceptions, status

from keyring_net.api.base import ReachedField, service_errors
from keyring_net.api.fields import reached
from keyring_net.api.filters import row_filter
from keyring_net.api.mixins import RowsViewSet
from keyring_net.policy import Permission
from members.api.shown import LogsMembersShownOrRead
from support_plans.selectors import reach


@contextmanager
def refusals() -> Iterator[None]:
    """A service's errors as 400s (``service_errors``), and a service's
    refusal as a 403 that keeps its own sentence (DRF would replace it with
    a generic one)."""
    try:
        with service_errors():
            yield
    except DjangoPermissionDenied as error:
        raise exceptions.PermissionDenied(str(error) or None) from error


def created_or_kept(made_at, asked_at) -> int:
    """201 for a row the request made; 200 for one already there, which
    a service returns as it is (an open draft, an open review request)."""
    return status.HTTP_200_OK if made_at < asked_at else status.HTTP_201_CREATED


def plan_field(message: str = "Choose the plan.") -> ReachedField:
    """A plan version the person reaches."""
    return reached("plans", message)


class PlanRecordViewSet(LogsMembersShownOrRead, RowsViewSet):
    """Rows of members' stars and plans. Read with ``VIEW_PLANS`` (or, for a
    member, their own records with ``VIEW_OWN_RECORD``: reach keeps them to
    their own); write with ``WRITE_PLANS``.

    POST writes through a service (``WritesThroughServices``), whose
    refusals keep their own sentence (``refusals``)."""

    permission = Permission.VIEW_PLANS
    write_permission = Permission.WRITE_PLANS
    shown_member = "plan.member_id"
    errors = staticmethod(refusals)

    def permission_for(self, action: str | None) -> Permission:
        if action in ("list", "retrieve") and reach.own_only(self.actor):
            return Permission.VIEW_OWN_RECORD
        return super().permission_for(action)


class PlanPartViewSet(PlanRecordViewSet):
    """Rows of one part of a plan version; ids sent name plans in reach."""

    reaches = {"plans": reach.plans_in_reach}


def plan_part_filter(model, **filters) -> type[django_filters.FilterSet]:
    """The filters of a part of a plan version: by plan, by member, and
    ``filters``."""
    return row_filter(
        model,
        plan="plan_id",
        member="plan__member_id",
        **filters,
    )
