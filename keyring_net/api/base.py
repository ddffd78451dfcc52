"""The base every API viewset inherits: the safe path is the only easy path.

``OrgScopedViewSet`` owns ``get_queryset`` and ``get_object``; subclasses
cannot override them (a TypeError at import, as PostHog does after a near
miss). A subclass says which rows the person reaches (``scoped_queryset``)
and which permission the endpoint needs; the base answers:

* not signed in -> 401;
* an object out of reach, missing or in another organisation -> 404;
* a list, or an object in reach, with a role too low -> 403.

DRF does not apply object permissions to lists, so the scoped queryset is
the only guard there: ``scoped_queryset`` must start from the actor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ClassVar

from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings

from keyring_net.actors import Actor
from keyring_net.policy import Permission, can, may_see_field


class FieldRulesMixin:
    """Drop fields the person may not see (``policy.FIELD_RULES``).

    ``field_rules`` maps a serializer field to its rule name, e.g.
    ``{"support_needs": "members.Member.support_needs"}``.
    """

    field_rules: ClassVar[dict[str, str]] = {}

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        actor = getattr(getattr(request, "_request", None), "actor", None)
        if actor is None:
            return fields  # building the OpenAPI schema: document every field
        for name, rule in self.field_rules.items():
            if name in fields and not may_see_field(actor, rule):
                del fields[name]
        return fields


class PolicyPermission(permissions.BasePermission):
    message = "Your role does not allow this."

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if view.detail:
            return True  # decided after the lookup, so out of reach is 404 first
        return can(view.actor, view.permission_for(view.action))

    def has_object_permission(self, request, view, obj) -> bool:
        return can(view.actor, view.permission_for(view.action))


class OrgScopedViewSet(viewsets.GenericViewSet):
    permission_classes: ClassVar = [PolicyPermission]
    # Permission for reading; writes name theirs in ``write_permission``.
    permission: ClassVar[Permission]
    write_permission: ClassVar[Permission | None] = None
    # The selector of the rows the person reaches (``scoped_queryset``).
    reads: ClassVar[Callable[[Actor], QuerySet]]
    # Selectors of the rows incoming ids may name, by serializer context key.
    reaches: ClassVar[dict[str, Callable[[Actor], QuerySet]]] = {}

    _guarded = ("get_queryset", "get_object")

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name in cls._guarded:
            if name in cls.__dict__:
                raise TypeError(
                    f"{cls.__name__} must not override {name}; override scoped_queryset"
                )

    @property
    def actor(self) -> Actor:
        return self.request._request.actor

    # Input serializers by action, where they differ from ``serializer_class``
    # (STYLE: separate input and output serializers).
    serializer_classes: ClassVar[dict[str, type]] = {}

    def get_serializer_class(self):
        return self.serializer_classes.get(self.action) or super().get_serializer_class()

    def permission_for(self, action: str | None) -> Permission:
        if action in {"create", "update", "partial_update", "destroy"}:
            return self.write_permission or self.permission
        return self.permission

    def reach(self) -> dict:
        """The rows incoming ids may name (``ReachedField``), by their key in
        the serializer context: ``reaches``' selectors, asked for the
        person's."""
        return {key: rows(self.actor) for key, rows in self.reaches.items()}

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):  # no person while the schema is built
            return context
        # Only input names ids, so a read (a list, one row) does without the
        # reach: building its selectors cost every GET a tenth of its time.
        if self.request.method not in SAFE_METHODS:
            context.update(self.reach())
        return context

    def scoped_queryset(self, actor: Actor) -> QuerySet:
        """The rows ``actor`` reaches: the selector ``reads``, unless a
        subclass says more here. Every subclass defines one of them."""
        reads = getattr(type(self), "reads", None)
        if reads is None:
            raise ImproperlyConfigured(f"{type(self).__name__} must define scoped_queryset")
        return reads(actor)

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading types
            return self.get_serializer_class().Meta.model.objects.none()
        queryset = self.scoped_queryset(self.actor)
        # The organisation filter stays explicit even though the manager is
        # scoped: the manager is a net, not the main check.
        return queryset.filter(organisation=self.actor.organisation)


# --- Helpers every API module shares ----------------------------------------------


@contextmanager
def service_errors() -> Iterator[None]:
    """Answer a service's ``ValidationError`` as a 400 whose ``errors`` keep
    the service's field -> messages; a message about no one field goes under
    ``non_field_errors``."""
    try:
        yield
    except DjangoValidationError as error:
        if not hasattr(error, "error_dict"):
            raise ValidationError({api_settings.NON_FIELD_ERRORS_KEY: error.messages}) from error
        raise ValidationError(
            {
                api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name: messages
                for name, messages in error.message_dict.items()
            }
        ) from error


@extend_schema_field(OpenApiTypes.INT)
class ReachedField(serializers.PrimaryKeyRelatedField):
    """The id of a row the requesting person reaches.

    The rows are a selector's, put in the serializer context under ``reach``
    by the viewset, so they are already limited to the request's
    organisation and the person's reach. A missing id, another
    organisation's and one out of reach all get the same "Not found.".
    """

    default_error_messages = {
        "does_not_exist": "Not found.",
        "incorrect_type": "Give the id as a whole number.",
    }

    def __init__(self, *, reach: str, **kwargs):
        self.reach = reach
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.context[self.reach]


def id_parameter(name: str) -> OpenApiParameter:
    """A path id, for the schema of an action whose input serializer has no
    model (``OrgScopedViewSet`` reads the model from the serializer)."""
    return OpenApiParameter(name, OpenApiTypes.INT, OpenApiParameter.PATH)


def create_and_change_schema(*, create, change, response, id_name: str):
    """The schema of a viewset that creates with ``create``, changes (PUT and
    PATCH) with ``change`` and answers with ``response`` for both."""

    return creates(
        create,
        response,
        update=changes(change, response, id_name),
        partial_update=changes(change, response, id_name),
    )


def adds_and_changes(*, create, id_name: str, change=None, response=None):
    """A viewset that adds (POST) with ``create``, changes (PUT, PATCH)
    with ``change`` (``create`` again unless said) and answers with
    ``response`` (its ``serializer_class`` unless said); its rows' ids are
    ``id_name``. The viewset's input serializers and lookup are set, and the
    schema says so (the id's type comes from the model when ``change`` has
    one)."""
    change = change or create

    def decorate(viewset):
        answer = response or viewset.serializer_class
        viewset.serializer_classes = {"update": change, "partial_update": change}
        viewset.lookup_url_kwarg = id_name
        if issubclass(change, serializers.ModelSerializer):
            changing = extend_schema(request=change, responses=answer)
        else:
            changing = changes(change, answer, id_name)
        return creates(create, answer, update=changing, partial_update=changing)(viewset)

    return decorate


def creates(request, response, *, or_kept: bool = False, **actions):
    """A viewset whose POST is checked with ``request`` and answers 201 with
    ``response`` (``or_kept``: or 200 with the one already there), and its
    schema; ``actions`` name the schema of its other actions."""
    responses = {201: response, 200: response} if or_kept else {201: response}
    schema = extend_schema_view(
        create=extend_schema(request=request, responses=responses), **actions
    )

    def decorate(viewset):
        viewset.serializer_classes = {**viewset.serializer_classes, "create": request}
        return schema(viewset)

    return decorate


def changes(request, response, id_name: str):
    """The schema of an action on one row (id ``id_name``) that takes
    ``request`` (None: no body) and answers with ``response``."""
    return extend_schema(request=request, responses=response, parameters=[id_parameter(id_name)])


def row_action(*, request, response, id_name: str, **kwargs):
    """A POST on one row (``.../{id}/<name>/``) and its schema: it takes
    ``request`` (None: no body) and answers with ``response``."""

    def decorate(method):
        routed = action(detail=True, methods=["post"], **kwargs)(method)
        return changes(request, response, id_name)(routed)

    return decorate
