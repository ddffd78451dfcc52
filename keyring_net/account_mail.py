"""django-allauth's e-mails (sign-in codes, links to choose a password or
confirm an address, security notices about an account), sent through the
registered mailer (``keyring_net.registry``) like every other message: each
is a notification with an e-mail delivery and its attempts.

A message is recorded in an organisation: the one the person is working in
(their session's), else the one where their earliest active role began.
Someone with no active role anywhere (platform staff) gets no e-mail from
allauth: they reset a password with ``manage.py changepassword``, and
``createsuperuser`` confirms the address it is given. An address that is
nobody's account gets nothing either (``ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS``
is off), so the page says the same whoever asks.
"""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage

from keyring_net import registry
from keyring_net.actors import person_active_assignments
from keyring_net.models import Organisation, User
from keyring_net.registry import Mail
from keyring_net.tenancy import people_identifiable

logger = logging.getLogger(__name__)

# What each e-mail is, in words without its secret, for the sent-messages
# pages: (title, summary). Others are security notices, titled by subject.
WHAT_IT_IS = {
    "account/email/login_code": (
        "Your sign-in code for KeyRing Net",
        "A code to sign in. The code is not kept here.",
    ),
    "account/email/password_reset_key": (
        "A link to choose a new password",
        "A link to choose a new password. The link is not kept here.",
    ),
    "account/email/password_reset_code": (
        "A code to choose a new password",
        "A code to choose a new password. The code is not kept here.",
    ),
    "account/email/email_confirmation": (
        "A link to confirm an e-mail address",
        "A link to confirm this e-mail address. The link is not kept here.",
    ),
    "account/email/email_confirmation_signup": (
        "A link to confirm an e-mail address",
        "A link to confirm this e-mail address. The link is not kept here.",
    ),
}
NOTICE = "A notice about the security of this account, sent to the person."


def person_with_address(address: str) -> User | None:
    """The account whose address this is, if any (sign-in rows are readable
    only in the ``identify`` grant)."""
    with people_identifiable():
        return User.objects.filter(email__iexact=address.strip()).first()


def organisation_for(person: User, working_in_id: int | None) -> Organisation | None:
    """Where ``person``'s e-mail is recorded: the organisation they are
    working in (``working_in_id``, from their session) if they still hold a
    role there, else the one of their earliest active role; ``None`` when
    they hold none (platform staff)."""
    assignments = person_active_assignments(person)
    for assignment in assignments:
        if assignment.organisation_id == working_in_id:
            return assignment.organisation
    earliest = min(assignments, key=lambda a: (a.granted_at, a.pk), default=None)
    return earliest.organisation if earliest else None


def account_mail_send(
    *, template: str, message: EmailMessage, person: User | None, working_in_id: int | None
) -> bool:
    """Send allauth's rendered ``message`` (from ``template``, its template
    prefix) through the mailer. Returns whether it was sent: not for an
    address that is nobody's account, nor for someone with no organisation."""
    address = message.to[0]
    person = person or person_with_address(address)
    organisation = organisation_for(person, working_in_id) if person else None
    if organisation is None:
        logger.info("No e-mail %s: the address has no account in any organisation.", template)
        return False
    subject = message.subject
    title, summary = WHAT_IT_IS.get(template, (subject.removeprefix("KeyRing Net: "), NOTICE))
    html = next((c for c, kind in getattr(message, "alternatives", []) if kind == "text/html"), "")
    registry.mailer()(
        Mail(
            organisation=organisation,
            person=person,
            address=address,
            kind="account",
            about=f"keyring_net.user:{person.pk}",
            title=title,
            summary=summary,
            subject=subject,
            text=message.body,
            html=html,
        )
    )
    return True
