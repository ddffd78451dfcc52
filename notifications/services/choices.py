"""A person's own choices of how to hear from us (channels, a mobile for
texts, quiet hours, and for members their visit reminders)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from keyring_net.actors import Actor, save_changes, save_new
from notifications import rules
from notifications.models import Channel, NotificationPreference


def _checked(channels, sms_phone, quiet_from, quiet_until, quiet_overnight) -> tuple[list, str]:
    """The channels and phone, cleaned; raises ``ValidationError`` keyed by
    field with every problem at once."""
    errors: dict[str, list[str]] = {}
    try:
        channels = rules.clean_channels(channels)
    except ValidationError as error:
        errors["channels"] = error.messages
    phone = ""
    if sms_phone and sms_phone.strip():
        try:
            phone = rules.normalise_uk_mobile(sms_phone)
        except ValidationError as error:
            errors["sms_phone"] = error.messages
    elif "channels" not in errors and Channel.SMS in channels:
        errors["sms_phone"] = [rules.SMS_NEEDS_PHONE_MESSAGE]
    try:
        rules.check_quiet_hours(quiet_from, quiet_until, quiet_overnight)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return channels, phone


@transaction.atomic
def preference_update(
    *,
    actor: Actor,
    channels: list[str],
    quiet_from: datetime.time | None = None,
    quiet_until: datetime.time | None = None,
    quiet_overnight: bool = True,
    sms_phone: str = "",
    remind_day_before: bool = True,
    remind_hour_before: bool = False,
) -> NotificationPreference:
    """Save the acting person's own choices. Raises ``ValidationError``
    keyed by field: an unknown channel, a phone that is not a UK mobile, a
    text message chosen with no phone, quiet hours that end before they
    start (see ``rules``)."""
    channels, phone = _checked(channels, sms_phone, quiet_from, quiet_until, quiet_overnight)
    values = {
        "channels": channels,
        "quiet_from": quiet_from,
        "quiet_until": quiet_until,
        "quiet_overnight": quiet_overnight,
        "sms_phone": phone,
        "remind_day_before": remind_day_before,
        "remind_hour_before": remind_hour_before,
    }
    preference = NotificationPreference.objects.filter(
        organisation=actor.organisation, user=actor.user
    ).first()
    if preference is None:
        return save_new(actor, NotificationPreference, user=actor.user, **values)
    for name, value in values.items():
        setattr(preference, name, value)
    save_changes(preference, actor, *values)
    return preference
