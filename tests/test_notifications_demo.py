"""The demo leaves notifications in every state, for the pages to show."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from keyring_net.models import Organisation
from keyring_net.tenancy import organisation_scope
from members.models import Member
from notifications.models import Delivery, Notification

pytestmark = pytest.mark.django_db


def _seed() -> None:
    call_command("seed_demo", "--allow-production", "--json", stdout=io.StringIO())


def _counts() -> dict:
    found = {}
    for org in Organisation.objects.order_by("slug"):
        with organisation_scope(org):
            found[org.slug] = (
                Notification.objects.count(),
                sorted(set(Delivery.objects.values_list("state", flat=True))),
                Notification.objects.filter(read_at__isnull=False).count(),
                Notification.objects.filter(read_at__isnull=True).count(),
            )
    return found


def test_the_demo_has_notifications_in_every_state_and_seeding_again_adds_none(client):
    _seed()
    first = _counts()
    assert len(first) == 2
    for _slug, (total, states, read, unread) in first.items():
        assert total >= 5
        assert states == ["failed", "sent", "unknown", "waiting"]
        assert read >= 1 and unread >= 1
    _seed()
    assert _counts() == first
    org = Organisation.objects.order_by("slug").first()
    with organisation_scope(org):
        member = Member.objects.filter(user__isnull=False).order_by("pk").first()
    client.force_login(member.user)
    page = client.get("/notifications/").content.decode()
    assert "Please tell us what you think." in page
    assert "base_easy_read.html" in [t.name for t in client.get("/notifications/").templates]
