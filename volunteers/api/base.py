"""What every volunteers viewset shares: the rows incoming ids may name,
reading what was sent, calling the service, and answering with the row."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.response import Response

from keyring_net import limits
from keyring_net.actors import Actor
from keyring_net.api.base import OrgScopedViewSet, service_errors
from keyring_net.policy import Permission


def date_field(
    required_message: str = "This field is required.", **kwargs
) -> serializers.DateField:
    """A date, no earlier than the records go back."""
    kwargs.setdefault("validators", [limits.not_before_record_floor])
    return serializers.DateField(
        error_messages={
            "required": required_message,
            "invalid": "Enter a real date, like 2026-03-03.",
        },
        **kwargs,
    )


def shown(source: str, field=serializers.CharField, *, maybe: bool = False, **kwargs):
    """A linked row's value, shown read-only (``maybe``: the link may be empty)."""
    if maybe:
        kwargs.update(default=None, allow_null=True)
    return field(source=source, read_only=True, **kwargs)


def choice_field(choices, message: str, **kwargs) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=choices,
        error_messages={"required": message, "invalid_choice": message},
        **kwargs,
    )


def adds_schema(request, response):
    """The schema of a viewset that adds a row from ``request`` and answers
    with ``response`` (201)."""
    return extend_schema_view(create=extend_schema(request=request, responses={201: response}))


@contextmanager
def renamed_errors(names: dict[str, str]) -> Iterator[None]:
    """A service's field errors under the API's field names (the services
    say ``worker`` for whoever would be put on a shift; a swap's field is
    ``to_worker``)."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {names.get(name, name): errors for name, errors in error.error_dict.items()}
        ) from error


class VolunteersViewSet(OrgScopedViewSet):
    # Extra actions that need another permission than reading or writing.
    action_permissions: ClassVar[dict[str, Permission]] = {}

    # The rows the signed-in person reaches: a selector taking them.
    scope: ClassVar[Callable[[Actor], QuerySet]]

    def scoped_queryset(self, actor: Actor) -> QuerySet:
        return type(self).scope(actor)

    def permission_for(self, action: str | None) -> Permission:
        if action in self.action_permissions:
            return self.action_permissions[action]
        return super().permission_for(action)

    def sent(self, **kwargs) -> dict:
        """What was sent, checked by this action's input serializer."""
        serializer = self.get_serializer(data=self.request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def act(self, service: Callable, *, rename: dict[str, str] | None = None, **kwargs):
        """The service's answer, as the signed-in person; its errors are 400s
        (on the API's field names where ``rename`` gives them)."""
        with service_errors(), renamed_errors(rename or {}):
            return service(actor=self.actor, **kwargs)

    def answer(self, row, *, created: bool = False) -> Response:
        """The row as ``serializer_class`` shows it (201 when just made)."""
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(self.serializer_class(row).data, status=code)


class ListAndAddViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, VolunteersViewSet
):
    """Rows to list and read one by one, and a service (``adds``) that adds
    one from what was sent."""

    adds: ClassVar[staticmethod]

    def create(self, request, *args, **kwargs):
        return self.answer(self.act(self.adds, **self.sent()), created=True)
