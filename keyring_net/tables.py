"""The indexes and constraints every tenant's table keeps repeating, written
once. Every query on a tenant's table asks for its organisation first, so
both begin with it."""

from __future__ import annotations

from django.db import models


def org_index(*fields: str) -> models.Index:
    """An index for finding one organisation's rows by these fields."""
    return models.Index(fields=["organisation", *fields])


def once_in_organisation(*fields: str, name: str, **kwargs) -> models.UniqueConstraint:
    """At most one row in an organisation with the same values of these
    fields (under ``condition``, when one is given)."""
    return models.UniqueConstraint(fields=["organisation", *fields], name=name, **kwargs)
