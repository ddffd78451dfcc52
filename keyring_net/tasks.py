"""Tasks of the tenancy core, and the helper every task uses to enter its
organisation."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from celery import shared_task
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from keyring_net.models import Heartbeat, Organisation
from keyring_net.tenancy import organisation_scope, set_database_organisation


@contextmanager
def in_organisation(organisation_id: int) -> Iterator[Organisation]:
    """Enter one organisation for the length of a task: scoped managers and,
    on PostgreSQL, the row-level security setting, inside one transaction.

    Raises ``Organisation.DoesNotExist`` for an unknown id, so a task for a
    removed organisation fails loudly rather than running unscoped.
    """
    organisation = Organisation.objects.get(pk=organisation_id)
    with transaction.atomic(), organisation_scope(organisation):
        set_database_organisation(organisation.pk)
        yield organisation


@shared_task(name="keyring_net.record_heartbeat")
def record_heartbeat_task(name: str) -> str:
    """Record that background work ran, under ``name``.

    The beat schedule calls it every minute as "scheduler", so the health page
    can say when periodic work last ran. Repeating it only moves the time on.
    """
    now = timezone.now()
    Heartbeat.objects.update_or_create(name=name, defaults={"last_seen_at": now})
    return now.isoformat()


@shared_task(name="keyring_net.clear_expired_sessions")
def clear_expired_sessions_task() -> None:
    """Remove expired login sessions (Django's ``clearsessions``)."""
    call_command("clearsessions")
