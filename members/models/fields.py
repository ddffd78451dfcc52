"""The kinds of field members' models keep using, written once: a date on a
record, the member a row is about, and the staff member who did something."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from keyring_net import limits


def record_date(*, optional: bool = False, **kwargs) -> models.DateField:
    """A date on a record, never before records began (``limits``);
    ``optional`` ones may be left empty."""
    if optional:
        kwargs.update(null=True, blank=True)
    return models.DateField(validators=[limits.not_before_record_floor], **kwargs)


def member_link(related_name: str, **kwargs) -> models.ForeignKey:
    """The member a row is about; a member with rows is never deleted."""
    return models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name=related_name, **kwargs
    )


def staff_link(
    related_name: str = "+", *, optional: bool = False, on_delete=models.PROTECT, **kwargs
) -> models.ForeignKey:
    """The person who did something; kept as long as the row is, unless
    ``on_delete`` says otherwise."""
    if optional:
        kwargs.update(null=True, blank=True)
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=on_delete, related_name=related_name, **kwargs
    )
