"""API tokens: make one (its key shown once), list, revoke, and find the
person a key belongs to.

A key is ``krn_`` and 43 random URL-safe characters (256 bits). Only its
SHA-256 hash is stored, with its first ``PREFIX_LENGTH`` characters to find
the row; the hash is then compared in constant time. Keys made before
tokens were hashed (40 hexadecimal characters) were hashed the same way by
migration 0007, so they still work.

A token is a person's, not an organisation's: a call made with it works in
their first organisation, like a sign-in with no choice made.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from keyring_net.access import not_found
from keyring_net.actors import Actor, audited
from keyring_net.models import ApiToken, User

KEY_START = "krn_"
PREFIX_LENGTH = 12
# How stale "last used" may be: writing it on every call would add a write
# to every API request.
LAST_USED_EVERY = datetime.timedelta(hours=1)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def key_prefix(key: str) -> str:
    return key[:PREFIX_LENGTH]


def new_key() -> str:
    return KEY_START + secrets.token_urlsafe(32)


def _store(*, user: User, name: str, key: str, made_by: User) -> ApiToken:
    token = ApiToken(user=user, name=name.strip(), prefix=key_prefix(key), key_hash=key_hash(key))
    token._history_user = made_by
    token.save()
    return token


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Make a token for ``user`` (who is the one making it). Returns the
    token and its key: the key is never stored, so this is the only time
    anyone can see it."""
    key = new_key()
    return _store(user=user, name=name, key=key, made_by=user), key


@transaction.atomic
def api_token_with_known_key(*, user: User, name: str, key: str) -> ApiToken:
    """For the demo only: a token with a key fixed in advance, so the printed
    demo logins stay the same. Making it again changes nothing."""
    existing = ApiToken.objects.filter(key_hash=key_hash(key)).first()
    return existing or _store(user=user, name=name, key=key, made_by=user)


@transaction.atomic
def api_token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    """Revoke one of ``user``'s own tokens: from now on it gets 401. The row
    stays, so their list still shows it and when it stopped."""
    if token.user_id != user.pk:
        raise PermissionDenied("This is someone else's token.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token._history_user = user
        token.save(update_fields=["revoked_at"])
    return token


@transaction.atomic
def api_tokens_revoke_all(*, actor: Actor, person: User) -> int:
    """Revoke every token ``person`` still has (when an admin deactivates
    them). Returns how many."""
    now = timezone.now()
    revoked = 0
    for token in ApiToken.objects.filter(user=person, revoked_at__isnull=True).order_by("pk"):
        token.revoked_at = now
        audited(token, actor).save(update_fields=["revoked_at"])
        revoked += 1
    return revoked


def api_token_authenticate(key: str) -> ApiToken | None:
    """The working token with this key, with its ``user``; ``None`` for an
    unknown or revoked key or a person whose account is switched off.

    Marks the token used when it was last marked more than
    ``LAST_USED_EVERY`` ago.
    """
    wanted = key_hash(key)
    found = None
    # The prefix narrows the search; the full hash decides, in constant time.
    for token in ApiToken.objects.select_related("user").filter(prefix=key_prefix(key)):
        if hmac.compare_digest(token.key_hash, wanted):
            found = token
    if found is None or found.revoked_at is not None or not found.user.is_active:
        return None
    now = timezone.now()
    if found.last_used_at is None or now - found.last_used_at > LAST_USED_EVERY:
        # An update, not save(): no history row for being used.
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        found.last_used_at = now
    return found


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """A person's own tokens, working ones first, newest first."""
    return ApiToken.objects.filter(user=user).order_by(
        F("revoked_at").desc(nulls_first=True), "-created_at", "-pk"
    )


def api_token_get_for_owner(*, user: User, token_id: int) -> ApiToken:
    """One of ``user``'s own tokens; anyone else's is not found (404)."""
    token = api_tokens_of(user).filter(pk=token_id).first()
    if token is None:
        raise not_found()
    return token
