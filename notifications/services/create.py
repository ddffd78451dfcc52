"""Creating notifications: one (``notify``) or many at once
(``create_notifications``, a constant number of queries). Both are no-ops
for a message whose unique key its person (or address) already has.

A message goes to a person (``Spec.recipient_id``: in their inbox, and by
e-mail or text as they chose) or to a plain e-mail address that is nobody's
account (``Spec.address``, such as an out-of-hours inbox: by e-mail only).
Either way it is a ``Delivery`` row per channel, sent and recorded by
``services.sending``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone

from keyring_net.clock import local_zone
from keyring_net.models import Organisation, User
from notifications import registry, rules
from notifications.models import Channel, Delivery, Kind, Notification, NotificationPreference
from notifications.selectors import preferences_by_user


def make_key(kind: str, about: str, due: datetime.date | datetime.datetime) -> str:
    """kind + object + due date: the same reminder twice has the same key."""
    day = due.date() if isinstance(due, datetime.datetime) else due
    return f"{kind}:{about}:{day.isoformat()}"


@dataclass
class Spec:
    """One notification to create, for the person ``recipient_id`` or, with
    ``recipient_id=None``, for the e-mail ``address`` of nobody's account.
    ``easy_read`` ``None``: decided from whether the recipient is a member
    of the organisation."""

    recipient_id: int | None
    kind: str
    about: str
    due_at: datetime.datetime
    context: dict = field(default_factory=dict)
    link: str = ""
    unique_key: str = ""
    easy_read: bool | None = None
    # Channels not to use even if the person chose them (sent another way).
    skip_channels: frozenset[str] = frozenset()
    # Channels to use even if the person did not choose them (a message that
    # has always gone by e-mail, like a lone-working alert).
    always_channels: frozenset[str] = frozenset()
    address: str = ""
    # The e-mail itself, encrypted, when it holds a secret (``Notification.sealed``).
    sealed: str = ""

    def key(self) -> str:
        return self.unique_key or make_key(self.kind, self.about, self.due_at)

    def to(self) -> int | str:
        """Who it is for: the person's id, or the address."""
        return self.address if self.recipient_id is None else self.recipient_id


def render_message(kind: str, context: dict, *, easy_read: bool) -> tuple[str, str]:
    """Title (first line) and body of ``notifications/messages/<kind>.txt``."""
    text = render_to_string(
        f"notifications/messages/{kind}.txt", {**context, "easy_read": easy_read}
    ).strip()
    title, _, body = text.partition("\n")
    lines = [line.strip() for line in body.strip().splitlines()]
    return title.strip()[:200], "\n".join(line for line in lines if line)


def notify(
    *,
    organisation: Organisation,
    recipient: User,
    kind: str,
    about: str,
    due_at: datetime.datetime,
    unique_key: str = "",
    context: dict | None = None,
    link: str = "",
) -> Notification:
    """Tell ``recipient`` about ``about`` at ``due_at`` on the channels they
    chose. A no-op (returning the existing notification) when they already
    have one with this key; ``unique_key`` defaults to kind + about + the
    due date. Run inside the organisation's scope. Sent after commit."""
    spec = Spec(
        recipient_id=recipient.pk,
        kind=kind,
        about=about,
        due_at=due_at,
        context=context or {},
        link=link,
        unique_key=unique_key,
    )
    create_notifications(organisation=organisation, specs=[spec])
    return Notification.objects.get(
        organisation=organisation, recipient_id=recipient.pk, unique_key=spec.key()
    )


def create_notifications(*, organisation: Organisation, specs: list[Spec]) -> int:
    """Create the notifications in ``specs`` that do not exist yet, with a
    delivery for each channel their recipient chose (an address: e-mail).
    Returns how many deliveries were added. Five queries for people (six
    when easy read must be looked up), four more for addresses, however
    many specs: callers batch.

    Safe to run twice or at once: the unique constraints refuse repeats
    (``ignore_conflicts``), and a notification gets its deliveries only
    while it has none.
    """
    unknown = [s for s in specs if s.kind not in Kind.values]
    if unknown:
        raise ValidationError(f"Unknown kind of notification: {unknown[0].kind}.")
    people = [s for s in specs if s.recipient_id is not None]
    addresses = [s for s in specs if s.recipient_id is None]
    added = _for_people(organisation, people) if people else 0
    return added + (_for_addresses(organisation, addresses) if addresses else 0)


def _members_among(organisation: Organisation, specs: list[Spec]) -> set[int]:
    """Which recipients are members (written to in easy read): one query,
    none when every spec says."""
    if all(s.easy_read is not None for s in specs):
        return set()
    ids = {s.recipient_id for s in specs}
    return set(registry.members().user_ids(organisation).filter(user_id__in=ids))


def _new_rows(organisation: Organisation, specs: list[Spec], members: set) -> dict:
    """Write each notification not yet written (once per key and person or
    address); returns the specs by (key, person or address)."""
    now = timezone.now()
    rows, seen = [], {}
    for spec in specs:
        key = (spec.key(), spec.to())
        if key in seen:
            continue
        seen[key] = spec
        easy = spec.easy_read if spec.easy_read is not None else spec.recipient_id in members
        title, body = render_message(spec.kind, spec.context, easy_read=easy)
        rows.append(
            Notification(
                organisation=organisation,
                recipient_id=spec.recipient_id,
                address=spec.address,
                kind=spec.kind,
                about=spec.about[:100],
                due_at=spec.due_at,
                unique_key=key[0],
                title=title,
                body=body,
                link=spec.link,
                easy_read=easy,
                created_at=now,
                sealed=spec.sealed,
            )
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return seen


def _without_deliveries(organisation: Organisation, seen: dict, **to) -> list[Notification]:
    """The notifications just asked for that have no deliveries yet."""
    keys = {k for k, _ in seen}
    found = Notification.objects.filter(
        organisation=organisation, unique_key__in=keys, deliveries__isnull=True, **to
    ).only("pk", "recipient_id", "address", "unique_key", "due_at")
    return [n for n in found if (n.unique_key, n.recipient_id or n.address) in seen]


def _for_people(organisation: Organisation, specs: list[Spec]) -> int:
    seen = _new_rows(organisation, specs, _members_among(organisation, specs))
    fresh = _without_deliveries(
        organisation, seen, recipient_id__in={s.recipient_id for s in specs}
    )
    if not fresh:
        return 0
    preferences = preferences_by_user(organisation, {n.recipient_id for n in fresh})
    zone = local_zone(organisation)
    deliveries = []
    for notification in fresh:
        preference = preferences.get(notification.recipient_id)
        channels = preference.channels if preference and preference.channels else None
        spec = seen[(notification.unique_key, notification.recipient_id)]
        chosen = set(channels or rules.DEFAULT_CHANNELS) | spec.always_channels
        for channel in [c for c in rules.CHANNELS if c in chosen]:
            if channel in spec.skip_channels:
                continue
            if channel == Channel.SMS and not (preference and preference.sms_phone):
                continue
            due = notification.due_at
            if channel != Channel.IN_APP and spec.kind not in rules.IMMEDIATE_KINDS:
                due = after_quiet_hours(due, preference, zone)
            deliveries.append(_delivery(organisation, notification, channel, due))
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    return len(deliveries)


def _for_addresses(organisation: Organisation, specs: list[Spec]) -> int:
    """An address has no inbox, choices or quiet hours: one e-mail each."""
    seen = _new_rows(organisation, specs, set())
    fresh = _without_deliveries(
        organisation, seen, recipient__isnull=True, address__in={s.address for s in specs}
    )
    deliveries = [_delivery(organisation, n, Channel.EMAIL, n.due_at) for n in fresh]
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    return len(deliveries)


def _delivery(organisation, notification, channel, due) -> Delivery:
    return Delivery(
        organisation=organisation,
        notification_id=notification.pk,
        channel=channel,
        next_attempt_at=due,
    )


def after_quiet_hours(
    at: datetime.datetime, preference: NotificationPreference | None, zone: ZoneInfo
) -> datetime.datetime:
    """``at``, or the end of the person's quiet hours if it falls in them."""
    if preference is None:
        return at
    end = rules.quiet_hours_end(
        at,
        zone=zone,
        quiet_from=preference.quiet_from,
        quiet_until=preference.quiet_until,
        overnight=preference.quiet_overnight,
    )
    return end or at
