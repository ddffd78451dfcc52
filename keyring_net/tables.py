"""What every tenant's model keeps repeating besides its fields, written
once: its indexes and constraints (every query on a tenant's table asks for
its organisation first, so they begin with it), and how a row is shown."""

from __future__ import annotations

from django.db import models


def org_index(*fields: str) -> models.Index:
    """An index for finding one organisation's rows by these fields."""
    return models.Index(fields=["organisation", *fields])


def once_in_organisation(*fields: str, name: str, **kwargs) -> models.UniqueConstraint:
    """At most one row in an organisation with the same values of these
    fields (under ``condition``, when one is given)."""
    return models.UniqueConstraint(fields=["organisation", *fields], name=name, **kwargs)


def comes_after(
    later: str, earlier: str, *, name: str, or_same: bool = False, optional: bool = False
) -> models.CheckConstraint:
    """``later`` is after ``earlier`` (or the same, with ``or_same``): an end
    after its start, a top of a scale above its bottom. With ``optional``,
    a row missing either value passes."""
    lookup = "gte" if or_same else "gt"
    condition = models.Q(**{f"{later}__{lookup}": models.F(earlier)})
    if optional:
        condition = (
            models.Q(**{f"{later}__isnull": True})
            | models.Q(**{f"{earlier}__isnull": True})
            | condition
        )
    return models.CheckConstraint(name=name, condition=condition)


def within(field: str, low: int, high: int, *, name: str) -> models.CheckConstraint:
    """``field`` is from ``low`` to ``high``, both included."""
    condition = models.Q(**{f"{field}__gte": low}) & models.Q(**{f"{field}__lte": high})
    return models.CheckConstraint(name=name, condition=condition)


def not_negative(field: str, *, name: str) -> models.CheckConstraint:
    """An amount of money that is never below nothing."""
    return models.CheckConstraint(name=name, condition=models.Q(**{f"{field}__gte": 0}))


class ShownBy:
    """A row shown by one of its own fields (``shown_by``: its name unless
    the model says title, text or label), in lists, the admin and history.
    Put it before the model's base: ``class Cluster(ShownBy, OrgOwnedModel)``."""

    shown_by = "name"

    def __str__(self) -> str:
        return str(getattr(self, self.shown_by))
