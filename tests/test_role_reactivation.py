"""Giving a role to someone whose account is switched off: refused in
plain words unless the admin ticks "Switch them back on and give the role";
then the account is switched on with the role, in the change history. The
same on the people pages, in the API, and for an invitation."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from keyring_net import services
from keyring_net.actors import Actor
from keyring_net.models import Role, RoleAssignment, User
from keyring_net.tenancy import organisation_scope
from tests.helpers import api_token_for

pytestmark = pytest.mark.django_db

SWITCHED_OFF = "account is switched off, so they cannot sign in."


def admin_of(world) -> Actor:
    return Actor.for_user(world.admin, world.organisation.pk)


def switched_off(world) -> User:
    """The world's quality checker, deactivated (no roles anywhere else)."""
    person = world.users[Role.QUALITY_CHECKER]
    with organisation_scope(world.organisation):
        services.person_deactivate(actor=admin_of(world), person=person)
    person.refresh_from_db()
    assert not person.is_active
    return person


def current_roles(world, person) -> list[str]:
    with organisation_scope(world.organisation):
        return list(
            RoleAssignment.objects.filter(user=person, ended_at__isnull=True).values_list(
                "role", flat=True
            )
        )


def test_the_service_refuses_without_the_tick_and_switches_them_on_with_it(org_a):
    person = switched_off(org_a)
    with organisation_scope(org_a.organisation):
        with pytest.raises(ValidationError) as refused:
            services.role_grant(actor=admin_of(org_a), person=person, role=Role.QUALITY_CHECKER)
        assert list(refused.value.message_dict) == ["reactivate"]
        assert SWITCHED_OFF in refused.value.message_dict["reactivate"][0]
        person.refresh_from_db()
        assert not person.is_active and current_roles(org_a, person) == []
        services.role_grant(
            actor=admin_of(org_a), person=person, role=Role.QUALITY_CHECKER, reactivate=True
        )
        person.refresh_from_db()
        assert person.is_active
        assert current_roles(org_a, person) == [Role.QUALITY_CHECKER]
        change = person.history.latest()
        assert (change.is_active, change.history_user) == (True, org_a.admin)


def test_the_tick_changes_nothing_for_someone_already_switched_on(org_a):
    person = org_a.users[Role.QUALITY_CHECKER]
    with organisation_scope(org_a.organisation):
        before = person.history.count()
        services.role_grant(
            actor=admin_of(org_a),
            person=person,
            role=Role.CLV,
            network=org_a.network,
            reactivate=True,
        )
        assert person.history.count() == before


def test_the_person_page_says_they_are_switched_off_and_offers_the_tick(client, org_a):
    person = switched_off(org_a)
    client.force_login(org_a.admin)
    path = f"/organisation/people/{person.pk}/"
    page = client.get(path).content.decode()
    assert "Switch them back on and give the role" in page and "Deactivated" in page
    refused = client.post(path, {"role": "quality_checker"})
    assert refused.status_code == 200
    text = refused.content.decode().replace("&#x27;", "'")
    assert f"{person.full_name}'s {SWITCHED_OFF}" in text
    assert re.search(r'value="quality_checker"[^>]*checked', text)  # what was chosen is kept
    person.refresh_from_db()
    assert not person.is_active
    given = client.post(path, {"role": "quality_checker", "reactivate": "on"})
    assert given.status_code == 302
    person.refresh_from_db()
    assert person.is_active
    assert current_roles(org_a, person) == [Role.QUALITY_CHECKER]
    # Switched on again, the tick is no longer offered.
    assert "Switch them back on" not in client.get(path).content.decode()


def call(client, user, path, data):
    return client.post(
        f"/api/v1/{path}",
        data,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {api_token_for(user)}",
    )


def test_the_api_has_the_same_field(client, org_a):
    person = switched_off(org_a)
    path = f"people/{person.pk}/give-role/"
    refused = call(client, org_a.admin, path, {"role": "quality_checker"})
    assert refused.status_code == 400
    assert SWITCHED_OFF in refused.json()["errors"]["reactivate"][0]
    given = call(client, org_a.admin, path, {"role": "quality_checker", "reactivate": True})
    assert given.status_code == 200, given.json()
    assert given.json()["is_active"] is True
    assert [r["role"] for r in given.json()["roles"] if r["ended_at"] is None] == [
        "quality_checker"
    ]


def test_inviting_a_switched_off_address_asks_for_the_tick_too(client, org_a):
    person = switched_off(org_a)
    body = {"full_name": person.full_name, "email": person.email, "role": "quality_checker"}
    refused = call(client, org_a.admin, "people/", body)
    assert refused.status_code == 400
    assert "switched off" in refused.json()["errors"]["reactivate"][0]
    person.refresh_from_db()
    assert not person.is_active
    invited = call(client, org_a.admin, "people/", {**body, "reactivate": True})
    assert invited.status_code == 201, invited.json()
    person.refresh_from_db()
    assert person.is_active
