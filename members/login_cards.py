"""Login cards: issue, revoke, and sign in with one.

Signing in with a card is the one path that finds a row before anyone is
signed in, so it looks the card up by its secret's hash across
organisations; that lookup is on the reviewed list in
tests/test_conventions.py.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
import uuid

from django.db import transaction
from django.utils import timezone

from keyring_net.access import require
from keyring_net.actors import Actor, audited, person_active_assignments
from keyring_net.models import Role, RoleAssignment, User
from keyring_net.policy import TWO_STEP_ROLES, Permission
from keyring_net.tenancy import all_organisations
from members.models import LoginCard, Member

DEFAULT_LIFETIME_DAYS = 7
# A card's code: 20 characters a member can type from the printed card if
# the camera does not work (about 99 bits). No 0, O, 1, I or L, which look
# alike; case, spaces and dashes do not matter when typed.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 20


class CardDoesNotWork(Exception):
    """Unknown, used, revoked or expired: the member sees one plain message."""


def normalise_code(typed: str) -> str:
    """A code as typed (any case, with spaces or dashes) in its stored form."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def code_for_print(token: str) -> str:
    """The code in groups of five, easier to read and type: ABCDE-FGHJK-..."""
    return "-".join(token[i : i + 5] for i in range(0, len(token), 5))


def _hash(token: str) -> str:
    return hashlib.sha256(normalise_code(token).encode()).hexdigest()


def _member_login(actor: Actor, member: Member) -> User:
    """The member's own login, made now if they have none (members without
    e-mail get an address that can never receive mail)."""
    if member.user_id is not None:
        return member.user
    user = User(
        email=f"member-{uuid.uuid4().hex[:12]}@no-email.invalid",
        full_name=member.full_name,
        preferred_name=member.preferred_name,
    )
    user.set_unusable_password()
    audited(user, actor)
    user.save()
    member.user = user
    audited(member, actor)
    member.save(update_fields=["user"])
    if not RoleAssignment.objects.filter(
        organisation=actor.organisation, user=user, role=Role.MEMBER, ended_at__isnull=True
    ).exists():
        RoleAssignment.objects.create(
            organisation=actor.organisation, user=user, role=Role.MEMBER, granted_by=actor.user
        )
    return user


@transaction.atomic
def card_issue(*, actor: Actor, member: Member) -> tuple[LoginCard, str]:
    """Issue a card; returns it with its secret, which is shown once (on the
    printable page) and never stored."""
    require(actor, Permission.ISSUE_LOGIN_CARD)
    _member_login(actor, member)
    now = timezone.now()
    for old in LoginCard.objects.filter(
        organisation=actor.organisation,
        member=member,
        used_at__isnull=True,
        revoked_at__isnull=True,
    ):
        old.revoked_at = now
        audited(old, actor)
        old.save(update_fields=["revoked_at"])
    days = int(actor.organisation.settings.get("login_card_days", DEFAULT_LIFETIME_DAYS))
    token = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    card = LoginCard(
        organisation=actor.organisation,
        member=member,
        token_hash=_hash(token),
        issued_by=actor.user,
        issued_at=now,
        expires_at=now + datetime.timedelta(days=days),
    )
    audited(card, actor)
    card.save()
    return card, token


@transaction.atomic
def card_revoke(*, actor: Actor, card: LoginCard) -> LoginCard:
    require(actor, Permission.ISSUE_LOGIN_CARD)
    if card.revoked_at is None and card.used_at is None:
        card.revoked_at = timezone.now()
        audited(card, actor)
        card.save(update_fields=["revoked_at"])
    return card


def card_find(token: str) -> LoginCard:
    """The working card with this secret, or ``CardDoesNotWork``."""
    with all_organisations():
        card = (
            LoginCard.objects.select_related("member", "member__user", "organisation")
            .filter(token_hash=_hash(token))
            .first()
        )
    if card is None or card.state != "ready" or card.member.user is None:
        raise CardDoesNotWork
    user = card.member.user
    if (
        not user.is_active
        or user.is_staff
        or any(a.role in TWO_STEP_ROLES for a in person_active_assignments(user))
    ):
        # Staff, commissioners and platform staff never sign in with a card:
        # they need two steps.
        raise CardDoesNotWork
    return card


@transaction.atomic
def card_use(token: str) -> User:
    """Spend the card: exactly once, even if two phones try at the same
    time (the row is locked while it is checked and marked used)."""
    card = card_find(token)
    with all_organisations():
        locked = LoginCard.objects.select_for_update().get(pk=card.pk)
        if locked.state != "ready":
            raise CardDoesNotWork
        locked.used_at = timezone.now()
        locked.save(update_fields=["used_at"])
    return card.member.user
