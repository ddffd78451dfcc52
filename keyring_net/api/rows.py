"""How the API shows rows: serializers that only read, and the values they
take from related rows."""

from __future__ import annotations

from rest_framework import serializers


def read_only(model, fields: list[str]) -> type:
    """The ``Meta`` of a serializer that only shows rows: ``fields`` of
    ``model``, none of them written through it."""
    return type("Meta", (), {"model": model, "fields": fields, "read_only_fields": fields})


def shown(source: str, field=serializers.CharField, **kwargs) -> serializers.Field:
    """A value read from ``source`` (e.g. ``"network.name"``) next to a
    row's own fields; ``optional=True`` for one that may be empty."""
    if kwargs.pop("optional", False):
        kwargs.update(default=None, allow_null=True)
    return field(source=source, read_only=True, **kwargs)
