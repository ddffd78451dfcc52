"""The core's e-mails as notifications: an invitation to join an
organisation and django-allauth's e-mails (a sign-in code, a link to choose
a password or confirm an address, a security notice about an account).

The core cannot import notifications (it sits below it), so notifications
registers ``send_at_once`` as the core's mailer (``keyring_net.registry``,
from ``NotificationsConfig.ready``). Each e-mail becomes a notification with
one ``email`` delivery, whatever channels the person chose (no inbox
message, no text), queued at once and sent right after the commit, not at
the dispatcher's next run. The e-mail itself may hold a secret, so it is
kept encrypted in ``Notification.sealed`` and wiped once sent; the title
and body on the sent-messages pages only say what it was.
"""

from __future__ import annotations

import json
import uuid

from django.utils import timezone

from keyring_net import encryption
from keyring_net.registry import Mail
from keyring_net.tenancy import working_in
from notifications.models import Channel, Notification
from notifications.services.create import Spec, create_notifications
from notifications.services.sending import dispatch_now


def seal(mail: Mail) -> str:
    """The e-mail, encrypted, for ``Notification.sealed``."""
    message = {"subject": mail.subject, "text": mail.text, "html": mail.html}
    return encryption.encrypt(json.dumps(message))


def send_at_once(mail: Mail) -> Notification:
    """Record ``mail`` as a notification with an e-mail delivery in its
    organisation and send it as soon as this transaction commits (nothing,
    if it rolls back). Returns the notification."""
    person = mail.person
    key = f"{mail.kind}:{mail.about}:{uuid.uuid4().hex}"
    address = mail.address
    if person is not None and address.lower() == (person.email or "").lower():
        address = ""  # the account's own address: read when it is sent
    spec = Spec(
        recipient_id=person.pk if person is not None else None,
        address=address,
        kind=mail.kind,
        about=mail.about,
        due_at=timezone.now(),
        context={"title": mail.title, "summary": mail.summary},
        unique_key=key,
        easy_read=False,
        skip_channels=frozenset({Channel.IN_APP, Channel.SMS}),
        always_channels=frozenset({Channel.EMAIL}),
        sealed=seal(mail),
    )
    organisation = mail.organisation
    with working_in(organisation):
        create_notifications(organisation=organisation, specs=[spec])
        notification = Notification.objects.get(organisation=organisation, unique_key=key)
        dispatch_now(organisation=organisation, notification_ids=[notification.pk])
    return notification
