"""The kinds of field every app's models keep using, written once: a date
or time on a record, the member a row is about, the person who did
something or a row is for, a link that may be left empty, and where a
place is on the map.

They name other apps' models by their "app.Model" label only, so the core
imports no app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from keyring_net import limits


def record_date(*, optional: bool = False, **kwargs) -> models.DateField:
    """A date on a record, never before records began (``limits``);
    ``optional`` ones may be left empty."""
    if optional:
        kwargs.update(null=True, blank=True)
    return models.DateField(validators=[limits.not_before_record_floor], **kwargs)


def record_time(*, optional: bool = False, **kwargs) -> models.DateTimeField:
    """A moment on a record, never before records began; ``optional`` ones
    may be left empty."""
    if optional:
        kwargs.update(null=True, blank=True)
    return models.DateTimeField(validators=[limits.not_before_record_floor], **kwargs)


def stamp(**kwargs) -> models.DateTimeField:
    """When a row was written (or something happened to it): now, unless
    the caller says otherwise."""
    return models.DateTimeField(default=timezone.now, **kwargs)


def member_link(related_name: str = "+", **kwargs) -> models.ForeignKey:
    """The member a row is about; a member with rows is never deleted."""
    return models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name=related_name, **kwargs
    )


def staff_link(
    related_name: str = "+", *, optional: bool = False, on_delete=models.PROTECT, **kwargs
) -> models.ForeignKey:
    """A person's account: who did something, or who a row is for (a
    message's recipient); kept as long as the row is, unless ``on_delete``
    says otherwise."""
    if optional:
        kwargs.update(null=True, blank=True)
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=on_delete, related_name=related_name, **kwargs
    )


def optional_link(
    to, related_name: str = "+", *, on_delete=models.PROTECT, **kwargs
) -> models.ForeignKey:
    """A link to another row that may be left empty; the row it points at
    is kept while linked, unless ``on_delete`` says otherwise."""
    return models.ForeignKey(
        to, null=True, blank=True, on_delete=on_delete, related_name=related_name, **kwargs
    )


def coordinate() -> models.DecimalField:
    """A latitude or a longitude, to six decimal places (about 10cm); empty
    until the place is found on the map."""
    return models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)


def part_of(whole, related_name: str, **kwargs) -> models.ForeignKey:
    """The row this one is a part of (a plan's goal, a survey's question, a
    message's delivery); the parts go when the whole does."""
    return models.ForeignKey(whole, on_delete=models.CASCADE, related_name=related_name, **kwargs)
