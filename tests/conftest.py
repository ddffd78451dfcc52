"""Fixtures for the whole suite. Every run has two organisations, A and B,
each with its own people (STYLE.md §14)."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from django_scopes import scopes_disabled

from keyring_net.models import Organisation, Role, User
from keyring_net.policy import TWO_STEP_ROLES
from keyring_net.tenancy import organisation_scope
from keyring_net.two_step import enrol_with_secret
from tests import factories

TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@dataclass
class OrgWorld:
    """One organisation with a person in every role, all of whom reach
    ``member`` (in ``network``). Names carry the slug, so a page that leaks
    another organisation's rows shows it: ``marker`` is in each name."""

    organisation: Organisation
    network: object
    member: object
    users: dict[str, User]
    marker: str
    records: dict = None

    @property
    def admin(self) -> User:
        return self.users[Role.ORG_ADMIN]

    @property
    def manager(self) -> User:
        return self.users[Role.SUPPORT_MANAGER]

    @property
    def clv(self) -> User:
        return self.users[Role.CLV]

    @property
    def member_user(self) -> User:
        return self.users[Role.MEMBER]

    @property
    def login_card(self):
        import datetime

        from django.utils import timezone

        from members.models import LoginCard

        with scopes_disabled():
            card = LoginCard.objects.filter(member=self.member).first()
            if card is None:
                card = LoginCard.objects.create(
                    organisation=self.organisation,
                    member=self.member,
                    token_hash=f"{self.marker}-card".ljust(64, "0"),
                    issued_by=self.manager,
                    expires_at=timezone.now() + datetime.timedelta(days=7),
                )
            return card

    @property
    def clv_assignment(self):
        with scopes_disabled():
            return self.clv.role_assignments.get(role=Role.CLV)


def make_world(slug: str) -> OrgWorld:
    marker = f"marker-{slug}"
    with scopes_disabled():
        organisation = factories.OrganisationFactory(slug=slug, name=f"Organisation {marker}")
        local_authority = factories.LocalAuthorityFactory()
        cluster = factories.ClusterFactory(organisation=organisation, name=f"Cluster {marker}")
        network = factories.NetworkFactory(cluster=cluster, name=f"Network {marker}")
        member = factories.MemberFactory(
            network=network, full_name=f"Member {marker}", support_needs=f"Needs {marker}"
        )
        scopes = {
            Role.SUPPORT_MANAGER: {"cluster": cluster},
            Role.CLV: {"network": network},
            Role.COMMUNITY_ENABLER: {"network": network},
            Role.CONNECTIONS_VOLUNTEER: {"network": network},
            Role.COMMISSIONER: {"local_authority": local_authority},
        }
        users = {}
        for role in Role:
            user = factories.UserFactory(full_name=f"{role.label} {marker}")
            factories.RoleAssignmentFactory(
                organisation=organisation, user=user, role=role, **scopes.get(role, {})
            )
            if role in TWO_STEP_ROLES:
                enrol_with_secret(user, TEST_TOTP_SECRET)
            users[role] = user
        member.user = users[Role.MEMBER]
        member.save(update_fields=["user"])
        extra = _world_records(organisation, network, member, users, marker)
    world = OrgWorld(organisation, network, member, users, marker)
    world.records = extra
    return world


def _world_records(organisation, network, member, users, marker) -> dict:
    """One of each record the pages are about, so every route has an object."""
    import datetime

    from django.utils import timezone

    from members.models import Consent, Contact, Referral
    from networks.models import CommunityAsset, CommunityHub

    today = timezone.localdate()
    network.clv_home = factories.HomeFactory(network=network, address_line_1=f"1 CLV Road {marker}")
    network.save(update_fields=["clv_home"])
    hub = CommunityHub.objects.create(
        organisation=organisation, network=network, name=f"Hub {marker}"
    )
    asset = CommunityAsset.objects.create(
        organisation=organisation, network=network, name=f"Library {marker}", category="library"
    )
    referral = Referral.objects.create(
        organisation=organisation,
        member=member,
        source="gp",
        referred_on=today,
        reason_in_referrers_words=f"Referral {marker}",
    )
    contact = Contact.objects.create(
        organisation=organisation,
        member=member,
        worker=users[Role.CLV],
        happened_at=timezone.now() - datetime.timedelta(hours=1),
        minutes=30,
        method="visit",
        notes=f"Contact {marker}",
    )
    consent = Consent.objects.create(
        organisation=organisation, member=member, topic="gp", given=True, recorded_on=today
    )
    return {
        "hub": hub,
        "asset": asset,
        "referral": referral,
        "contact": contact,
        "consent": consent,
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache (this process's own; see
    keyring_net/settings_test.py): no rate limit or used two-step code left
    by the test before."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def org_a(db) -> OrgWorld:
    return make_world("org-a")


@pytest.fixture
def org_b(db) -> OrgWorld:
    return make_world("org-b")


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
