"""What the API's viewsets of stars and plans share: writing through a
service, its refusals, and the fields their inputs are made of."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ClassVar

import django_filters
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.response import Response

from keyring_net import limits
from keyring_net.api.base import OrgScopedViewSet, ReachedField, service_errors
from keyring_net.policy import Permission
from members.api.shown import LogsMembersShown
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


def date_field(required_message: str = "This field is required.", **kwargs):
    kwargs.setdefault("validators", [limits.not_before_record_floor])
    return serializers.DateField(
        error_messages={
            "required": required_message,
            "invalid": "Enter a real date, like 2026-03-03.",
        },
        **kwargs,
    )


def text_field(required_message: str, **kwargs) -> serializers.CharField:
    kwargs.setdefault("max_length", limits.NOTE)
    return serializers.CharField(
        error_messages={"required": required_message, "blank": required_message}, **kwargs
    )


def optional_text(max_length: int = limits.NOTE, **kwargs) -> serializers.CharField:
    """Free text the request may leave out (blank when it does)."""
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default="", **kwargs
    )


def choice_field(choices, message: str, **kwargs) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=choices, error_messages={"required": message, "invalid_choice": message}, **kwargs
    )


def reached(reach: str, required: str | None = None, **kwargs) -> ReachedField:
    """The id of a row the person reaches (``reach``: its key in the
    serializer context). ``required`` is what to say when it is left out;
    without it, it may be (null)."""
    if required:
        return ReachedField(reach=reach, error_messages={"required": required}, **kwargs)
    return ReachedField(reach=reach, required=False, allow_null=True, default=None, **kwargs)


def plan_field(message: str = "Choose the plan.") -> ReachedField:
    """A plan version the person reaches."""
    return reached("plans", message)


def read_only(model, fields: list[str]) -> type:
    """The ``Meta`` of a serializer that only shows rows: ``fields`` of
    ``model``, none of them written through it."""
    return type("Meta", (), {"model": model, "fields": fields, "read_only_fields": fields})


class WritesThroughServices:
    """For an ``OrgScopedViewSet`` whose writes go through services: the
    request's data checked by the action's serializer, and the row written
    read back through the scoped queryset."""

    def valid_data(self, request, *, partial: bool = False) -> dict:
        serializer = self.get_serializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def answer(self, row, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=row.pk)
        return Response(self.serializer_class(fresh).data, status=code)


class PlanRecordViewSet(
    WritesThroughServices,
    LogsMembersShown,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    OrgScopedViewSet,
):
    """Rows of members' stars and plans. Read with ``VIEW_PLANS`` (or, for a
    member, their own records with ``VIEW_OWN_RECORD``: reach keeps them to
    their own); write with ``WRITE_PLANS``.

    POST checks the request with ``serializer_classes["create"]`` and hands
    what it holds to ``add``: by default the service ``adds`` (``actor=`` and
    the fields), answering 201 with the row made."""

    permission = Permission.VIEW_PLANS
    write_permission = Permission.WRITE_PLANS
    shown_member = "plan.member_id"
    adds: ClassVar[Callable]  # the service a POST calls, unless ``add`` says otherwise

    def permission_for(self, action: str | None) -> Permission:
        if action in ("list", "retrieve") and reach.own_only(self.actor):
            return Permission.VIEW_OWN_RECORD
        return super().permission_for(action)

    def reached_rows(self) -> dict:
        """The rows incoming ids may name, by context key."""
        return {}

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context.update(self.reached_rows())
        return context

    def create(self, request, *args, **kwargs):
        data = self.valid_data(request)
        with refusals():
            row, code = self.add(data)
        return self.answer(row, code)

    def add(self, data: dict):
        """Write the row a POST asks for: ``(row, status)``."""
        return type(self).adds(actor=self.actor, **data), status.HTTP_201_CREATED


class PlanPartViewSet(PlanRecordViewSet):
    """Rows of one part of a plan version; ids sent name plans in reach."""

    def reached_rows(self):
        return {"plans": reach.plans_in_reach(self.actor)}


def row_filter(model, **filters) -> type[django_filters.FilterSet]:
    """The filters of a list of ``model``'s rows: ``filters`` by name."""
    meta = type("Meta", (), {"model": model, "fields": list(filters)})
    return type(f"{model.__name__}Filter", (django_filters.FilterSet,), {**filters, "Meta": meta})


def plan_part_filter(model, **filters) -> type[django_filters.FilterSet]:
    """The filters of a part of a plan version: by plan, by member, and
    ``filters``."""
    return row_filter(
        model,
        plan=django_filters.NumberFilter(field_name="plan_id"),
        member=django_filters.NumberFilter(field_name="plan__member_id"),
        **filters,
    )
