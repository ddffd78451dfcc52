"""Fixtures for the whole suite. Every run has two organisations, A and B,
each with its own people (STYLE.md §14)."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from django_scopes import scopes_disabled

from keyring_net.models import Organisation, Role, User
from keyring_net.tenancy import organisation_scope
from tests import factories


@dataclass
class OrgWorld:
    organisation: Organisation
    admin: User
    manager: User
    clv: User
    member_user: User
    network: object
    member: object


def _world(slug: str) -> OrgWorld:
    with scopes_disabled():
        organisation = factories.OrganisationFactory(slug=slug, name=f"Organisation {slug}")
        cluster = factories.ClusterFactory(organisation=organisation)
        network = factories.NetworkFactory(cluster=cluster)
        member = factories.MemberFactory(network=network)

        def person(role, **scope):
            user = factories.UserFactory()
            factories.RoleAssignmentFactory(
                organisation=organisation, user=user, role=role, **scope
            )
            return user

        admin = person(Role.ORG_ADMIN)
        manager = person(Role.SUPPORT_MANAGER, cluster=cluster)
        clv = person(Role.CLV, network=network)
        member_user = person(Role.MEMBER)
        member.user = member_user
        member.save(update_fields=["user"])
    return OrgWorld(organisation, admin, manager, clv, member_user, network, member)


@pytest.fixture
def org_a(db) -> OrgWorld:
    return _world("org-a")


@pytest.fixture
def org_b(db) -> OrgWorld:
    return _world("org-b")


@pytest.fixture
def in_org_a(org_a):
    with organisation_scope(org_a.organisation):
        yield org_a


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set: tests that need Redis are skipped.")
    return url
