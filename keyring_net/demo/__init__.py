"""Demo data: two organisations with realistic networks, people and logins.

``seed_demo`` calls ``seed_all``. Each app adds its part in its own
``demo.py`` (networks, members, ...), called from here in order, so every
feature shows up in the demo with realistic content. Deterministic: the same
``seed`` and ``scale`` give the same data (on the same day: recent work is
dated from today, histories from a fixed day), and running it again on a
database that has the demo changes nothing.
"""

from __future__ import annotations

import base64
import hashlib
import random
from dataclasses import asdict, dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from keyring_net.api.tokens import KEY_START, api_token_with_known_key
from keyring_net.demo_data import ORGANISATIONS, DemoStaff, OrganisationPlan
from keyring_net.models import LocalAuthority, Organisation, Role, RoleAssignment, User
from keyring_net.policy import TWO_STEP_ROLES
from keyring_net.tenancy import (
    organisation_scope,
    people_identifiable,
    set_database_organisation,
)
from keyring_net.two_step import demo_secret, enrol_with_secret


@dataclass(frozen=True)
class Login:
    organisation: str
    role: str
    email: str
    password: str
    api_token: str
    name: str = ""
    # Staff who can read others' records use two-step sign-in; the demo
    # gives them a known secret (`manage.py demo_code EMAIL` shows the code).
    totp_secret: str = ""

    def as_json(self) -> dict[str, str]:
        data = asdict(self)
        data.pop("name")
        if not data["totp_secret"]:
            data.pop("totp_secret")
        return data


def demo_password(org_slug: str, label: str) -> str:
    """Readable, fixed demo passwords (never used outside the demo)."""
    return f"{org_slug}-{label}-demo"


def demo_token(email: str) -> str:
    """A fixed API key for a demo login, so the printed logins stay the same.
    Stored hashed like any other key."""
    digest = hashlib.sha256(f"keyring-net-demo:{email}".encode()).digest()
    return KEY_START + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class DemoPeople:
    """Creates people with logins for one organisation, remembering them."""

    def __init__(self, organisation: Organisation, plan: OrganisationPlan):
        self.organisation = organisation
        self.plan = plan
        self.logins: list[Login] = []

    def person(self, *, label: str, full_name: str, role: Role, **scope) -> User:
        email = f"{label}@{self.plan.email_domain}"
        password = demo_password(self.plan.slug, label)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, password, full_name=full_name)
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if not RoleAssignment.objects.filter(user=user, role=role, **scope).exists():
            RoleAssignment.objects.create(
                organisation=self.organisation, user=user, role=role, **scope
            )
        api_key = demo_token(email)
        api_token_with_known_key(user=user, name="Demo", key=api_key)
        secret = ""
        if role in TWO_STEP_ROLES:
            secret = demo_secret(email)
            enrol_with_secret(user, secret)
        if not any(login.email == email for login in self.logins):
            self.logins.append(
                Login(
                    organisation=self.organisation.name,
                    role=role.value,
                    email=email,
                    password=password,
                    api_token=api_key,
                    name=full_name,
                    totp_secret=secret,
                )
            )
        return user


def seed_all(*, seed: int = 1, scale: int = 1) -> list[Login]:
    """Create (or find) the demo organisations; return every demo login.

    Histories (joining, moving on, referrals decided long ago) are dated from
    a fixed day, so the same seed gives the same rows. Recent work (contacts,
    out-of-hours calls, upcoming hub events, open referrals) is dated from
    today, so the dashboard looks like a real morning whenever it is loaded.
    """
    from casework.demo.appointments import seed_appointments
    from casework.demo.incidents import seed_incidents
    from casework.demo.safeguarding import seed_safeguarding
    from casework.demo.tasks import seed_tasks
    from documents.demo import seed_documents
    from members.demo.seed import seed_member_lives, seed_members
    from networks.demo.seed import seed_networks, seed_places
    from notifications.demo import seed_notifications
    from outcomes.demo.indicators import seed_outcome_indicators
    from outcomes.demo.reports import seed_reports
    from outcomes.demo.surveys import seed_surveys_and_checks
    from privacy.demo import seed_access_requests
    from spreadsheets.demo import seed_import
    from support_plans.demo.seed import seed_support_plans
    from volunteers.demo.people import seed_volunteers
    from volunteers.demo.rota import seed_rota
    from volunteers.demo.today import seed_lone_working

    logins: list[Login] = []
    for plan in ORGANISATIONS:
        rng = random.Random(f"{seed}:{plan.slug}")
        with transaction.atomic():
            organisation, created = Organisation.objects.get_or_create(
                slug=plan.slug,
                defaults={
                    "name": plan.name,
                    "country": plan.country,
                    "out_of_hours_phone": plan.out_of_hours_phone,
                },
            )
            local_authority, _ = LocalAuthority.objects.get_or_create(
                code=plan.local_authority_code, defaults={"name": plan.local_authority}
            )
            people = DemoPeople(organisation, plan)
            set_database_organisation(organisation.pk)  # row-level security
            # Demo people may already have accounts (a second run, or the same
            # person in two organisations): let the seeding find them.
            with people_identifiable(), organisation_scope(organisation):
                today = timezone.localdate()
                if created:
                    networks = seed_networks(organisation, plan, rng, scale, local_authority)
                    members = seed_members(organisation, plan, rng, networks, people, today)
                staff = seed_staff(organisation, plan, people, local_authority)
                if created:
                    places = seed_places(organisation, plan, rng, networks, staff, today)
                    seed_member_lives(
                        organisation, plan, rng, networks, members, places, staff, today
                    )
                    profiles = seed_volunteers(organisation, rng, staff, today)
                    seed_rota(organisation, rng, staff, profiles, today)
                    seed_lone_working(organisation, rng, staff, today)
                    seed_support_plans(organisation, staff, today)
                    seed_tasks(organisation, staff, today)
                    seed_appointments(organisation, staff, today)
                    seed_outcome_indicators(organisation, staff, today)
                    seed_incidents(organisation, staff, today)
                    seed_surveys_and_checks(organisation, staff, today)
                    seed_notifications(organisation, staff, today)
                    seed_safeguarding(organisation, staff, today)
                    seed_import(organisation)
                    seed_documents(organisation, staff, members, profiles)
                    seed_access_requests(organisation, staff, today)
                seed_reports(organisation, local_authority, today)
        logins.extend(people.logins)
    return logins


def seed_staff(
    organisation: Organisation,
    plan: OrganisationPlan,
    people: DemoPeople,
    local_authority: LocalAuthority,
) -> DemoStaff:
    """Logins for every role. Safe to run again: finds what exists."""
    from members.models import Member
    from networks.models import Cluster, Network

    cluster = Cluster.objects.order_by("pk").first()
    networks = list(Network.objects.order_by("pk")[:3])
    staff = plan.staff
    people.person(label="admin", full_name=staff["org_admin"], role=Role.ORG_ADMIN)
    manager = people.person(
        label="manager",
        full_name=staff["support_manager"],
        role=Role.SUPPORT_MANAGER,
        cluster=cluster,
    )
    clvs = {}
    for network, clv_name in zip(networks, staff["clvs"], strict=False):
        clvs[network.pk] = people.person(
            label=f"clv.{network.name.split()[0].lower()}",
            full_name=clv_name,
            role=Role.CLV,
            network=network,
        )
    for network in networks:
        enabler = people.person(
            label="enabler",
            full_name=staff["community_enabler"],
            role=Role.COMMUNITY_ENABLER,
            network=network,
        )
    connections = people.person(
        label="connections",
        full_name=staff["connections_volunteer"],
        role=Role.CONNECTIONS_VOLUNTEER,
        network=networks[0],
    )
    people.person(label="checker", full_name=staff["quality_checker"], role=Role.QUALITY_CHECKER)
    people.person(
        label="commissioner",
        full_name=staff["commissioner"],
        role=Role.COMMISSIONER,
        local_authority=local_authority,
    )
    member = (
        Member.objects.filter(network=networks[0], status=Member.Status.ACTIVE)
        .order_by("pk")
        .first()
    )
    user = people.person(label="member", full_name=member.full_name, role=Role.MEMBER)
    if member.user_id is None:
        member.user = user
        member.save(update_fields=["user"])
    return DemoStaff(
        manager=manager,
        enabler=enabler,
        connections=connections,
        connections_network_id=networks[0].pk,
        enabler_network_ids=frozenset(n.pk for n in networks),
        clvs=clvs,
    )
