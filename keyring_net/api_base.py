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

from typing import ClassVar

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from rest_framework import permissions, viewsets

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

    def permission_for(self, action: str | None) -> Permission:
        if action in {"create", "update", "partial_update", "destroy"}:
            return self.write_permission or self.permission
        return self.permission

    def scoped_queryset(self, actor: Actor) -> QuerySet:
        """The rows ``actor`` reaches. Every subclass defines it."""
        raise ImproperlyConfigured(f"{type(self).__name__} must define scoped_queryset")

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading types
            return self.get_serializer_class().Meta.model.objects.none()
        queryset = self.scoped_queryset(self.actor)
        # The organisation filter stays explicit even though the manager is
        # scoped: the manager is a net, not the main check.
        return queryset.filter(organisation=self.actor.organisation)
