"""What the API's viewsets that write through services share: the request
checked by the action's serializer, the service's errors as 400s, and the
row written answered as the list shows it."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rest_framework import mixins, status
from rest_framework.response import Response

from keyring_net.api.base import OrgScopedViewSet, service_errors


class WritesThroughServices:
    """For an ``OrgScopedViewSet`` whose writes go through services.

    POST checks the request with ``serializer_classes["create"]`` and hands
    what it holds to ``add``: by default the service ``adds`` (``actor=``
    and the fields), answering 201 with the row made (``written``: by
    default read back through the scoped queryset). ``errors`` turns a service's refusals into
    answers (``service_errors``: 400s)."""

    adds: ClassVar[Callable]  # the service a POST calls, unless ``add`` says otherwise
    errors: ClassVar[Callable] = staticmethod(service_errors)

    def valid_data(self, request, *, partial: bool = False) -> dict:
        serializer = self.get_serializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def answer(self, row, code=status.HTTP_200_OK) -> Response:
        return Response(self.written(row).data, status=code)

    def written(self, row):
        """The serializer that shows the row a write made or changed."""
        return self.serializer_class(self.get_queryset().get(pk=row.pk))

    def create(self, request, *args, **kwargs):
        data = self.valid_data(request)
        with self.errors():
            row, code = self.add(data)
        return self.answer(row, code)

    def add(self, data: dict):
        """Write the row a POST asks for: ``(row, status)``."""
        return type(self).adds(actor=self.actor, **data), status.HTTP_201_CREATED


class RowsViewSet(
    WritesThroughServices, mixins.ListModelMixin, mixins.RetrieveModelMixin, OrgScopedViewSet
):
    """Rows the person reaches: listed, read one by one, and added (POST)
    through a service."""


class ChangeableRowsViewSet(mixins.UpdateModelMixin, RowsViewSet):
    """Rows listed, read, added and changed (PUT, PATCH) through services;
    a subclass says how a change is written (``update``)."""
