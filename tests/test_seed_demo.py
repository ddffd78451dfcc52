import datetime
import io
import json
import math
import re
from collections import Counter
from itertools import combinations, pairwise

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from dashboards.selectors import dashboard_for
from keyring_net.actors import Actor
from keyring_net.models import LocalAuthority, Organisation, Role, RoleAssignment, User
from keyring_net.tenancy import organisation_scope
from members.models import (
    Allocation,
    ChosenPerson,
    CommunityConnection,
    Consent,
    Contact,
    ContactCorrection,
    Member,
    PeerConnection,
    Referral,
    StatusChange,
    SupportLevelChange,
)
from members.selectors import connection_map_for_network, referral_pipeline
from networks.models import Cluster, CommunityAsset, CommunityHub, Home, HubEvent, Network

pytestmark = pytest.mark.django_db

ALL_ROLES = {role.value for role in Role}
# Everything the demo seeds for an organisation, in the order it is made.
SEEDED_MODELS = (
    Cluster,
    Network,
    Home,
    Member,
    CommunityHub,
    HubEvent,
    CommunityAsset,
    Referral,
    StatusChange,
    Allocation,
    SupportLevelChange,
    Consent,
    ChosenPerson,
    PeerConnection,
    CommunityConnection,
    Contact,
    ContactCorrection,
)
NEIGHBOURHOODS = 3  # networks per organisation at scale 1
# Ofcom's numbers for drama: 0161 496 0000-0999, 0113 496 0xxx, 07700 900xxx.
PHONE = re.compile(r"\b0\d{3,4} ?\d{3} ?\d{3,4}\b")
DRAMA_PHONE = re.compile(r"^(01(61|13) 496 0\d{3}|07700 900\d{3})$")


def seed_json(*args: str) -> list[dict]:
    out = io.StringIO()
    call_command("seed_demo", "--allow-production", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def metres_between(a: Home, b: Home) -> float:
    lat1, lng1, lat2, lng2 = map(
        math.radians, map(float, (a.latitude, a.longitude, b.latitude, b.longitude))
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def test_production_mode_refuses_demo_data_unless_told_explicitly(settings):
    """Demo logins have published passwords: a server with DEBUG=false gets
    them only with --allow-production. make run sets DEBUG=true."""
    settings.DEBUG = False
    with pytest.raises(CommandError) as refused:
        call_command("seed_demo", stdout=io.StringIO())
    assert str(refused.value) == (
        "seed_demo adds people with published passwords, so with DEBUG=false it runs "
        "only with --allow-production (never on a server with real people's data)."
    )
    assert not Organisation.objects.exists() and not User.objects.exists()

    settings.DEBUG = True  # as make run has it
    out = io.StringIO()
    call_command("seed_demo", "--json", stdout=out)
    assert json.loads(out.getvalue()) and Organisation.objects.exists()


def test_demo_gives_every_role_in_two_organisations():
    logins = seed_json()
    assert {"organisation", "role", "email", "password", "api_token"} <= set(logins[0])
    by_org: dict[str, set[str]] = {}
    for login in logins:
        by_org.setdefault(login["organisation"], set()).add(login["role"])
    assert len(by_org) == 2
    for roles in by_org.values():
        assert roles == ALL_ROLES


def test_demo_logins_work(client):
    logins = seed_json()
    manager = next(login for login in logins if login["role"] == "support_manager")
    assert User.objects.get(email=manager["email"]).check_password(manager["password"])
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {manager['api_token']}")
    assert response.json()["roles"][0]["role"] == "support_manager"


def test_running_it_twice_duplicates_nothing():
    first = seed_json()
    counts = _counts()
    second = seed_json()
    assert first == second
    assert _counts() == counts


def test_same_seed_same_data_and_scale_multiplies_networks():
    def seed_and_read():
        with transaction.atomic():
            seed_json("--seed", "7", "--scale", "2")
            org = Organisation.objects.get(slug="northway")
            with organisation_scope(org):
                networks = Network.objects.count()
                homes = list(
                    Home.objects.order_by("address_line_1", "postcode").values_list(
                        "address_line_1", "postcode", "latitude", "longitude"
                    )
                )
                members = sorted(Member.objects.values_list("full_name", flat=True))
            transaction.set_rollback(True)
        return networks, homes, members

    first = seed_and_read()
    assert first[0] == 6
    assert seed_and_read() == first


def test_every_network_has_ten_homes_within_walking_distance_and_a_clv():
    seed_json()
    for org in Organisation.objects.all():
        with organisation_scope(org):
            networks = list(Network.objects.all())
            assert len(networks) >= 3
            for network in networks:
                homes = list(Home.objects.filter(network=network))
                assert len(homes) >= 10
                assert network.clv_home in homes
                # 400 m from the centre at most, so 800 m apart at most:
                # about ten minutes on foot.
                longest = max(metres_between(a, b) for a, b in combinations(homes, 2))
                assert longest < 800, (network.name, longest)
                assert Member.objects.filter(network=network).count() >= 9


def _counts():
    total = {}
    for org in Organisation.objects.all():
        with organisation_scope(org):
            total[org.slug] = {model.__name__: model.objects.count() for model in SEEDED_MODELS}
    return total


# --- Hubs, events and community places ------------------------------------------------


def _user_with(role: Role, network: Network | None = None) -> User:
    scope = {"network": network} if network is not None else {}
    return RoleAssignment.objects.get(role=role, ended_at__isnull=True, **scope).user


def _first_networks() -> list[Network]:
    return list(Network.objects.order_by("pk")[:NEIGHBOURHOODS])


def test_every_network_has_a_hub_with_upcoming_events_and_local_places():
    seed_json()
    now = timezone.now()
    for org in Organisation.objects.all():
        with organisation_scope(org):
            connections = _user_with(Role.CONNECTIONS_VOLUNTEER)
            for position, network in enumerate(_first_networks()):
                (hub,) = CommunityHub.objects.filter(network=network)
                assert re.fullmatch(r"[A-Z][a-z]+days, \S+ to \S+( noon)?", hub.drop_in_times)
                assert hub.address and hub.postcode and hub.latitude
                events = list(HubEvent.objects.filter(hub=hub))
                assert 2 <= len(events) <= 3
                assert all(now < e.starts_at < e.ends_at for e in events)
                titles = {e.title for e in events}
                assert "Coffee morning" in titles
                assert any(e.kind == HubEvent.Kind.GUEST_SPEAKER and e.speaker for e in events)
                runner = connections if position == 0 else _user_with(Role.CLV, network)
                assert {e.run_by for e in events} == {runner}

                assets = list(CommunityAsset.objects.filter(network=network))
                assert 5 <= len(assets) <= 8
                categories = {a.category for a in assets}
                assert {"library", "shop", "cafe", "health"} <= categories
                for asset in assets:
                    assert asset.opening_times and asset.contact and asset.notes
                    assert asset.introduced_by is not None
                    for number in PHONE.findall(asset.contact):
                        assert DRAMA_PHONE.match(number), (asset.name, number)


# --- Referrals and journeys -------------------------------------------------------------


def test_referrals_at_every_stage_from_every_source():
    seed_json()
    for org in Organisation.objects.all():
        with organisation_scope(org):
            referrals = list(Referral.objects.select_related("member"))
            assert len(referrals) == Member.objects.count()  # one each
            stages = Counter(r.stage for r in referrals)
            assert stages["new"] == 2 and stages["declined"] == 1 and stages["withdrawn"] == 1
            assert stages["assessing"] >= 2 and stages["accepted"] >= 20
            assert {r.source for r in referrals} == set(Referral.Source.values)
            assert all(r.reason_in_referrers_words and r.reason_in_own_words for r in referrals)
            assert any(r.reason_in_own_words.startswith("I want my own flat") for r in referrals)
            for referral in referrals:
                member = referral.member
                if referral.stage == "new":
                    assert (member.status, member.network) == ("referred", None)
                elif referral.stage == "assessing":
                    assert member.status == "assessing"
                    assert referral.assessment_started_on >= referral.referred_on
                elif referral.stage == "accepted":
                    assert member.status in ("active", "moved_on")
                    assert referral.referred_on <= referral.decided_on <= member.joined_on
                else:
                    assert (member.status, member.network) == ("left", None)
                    assert referral.decision_reason and referral.decided_by
                    assert member.left_on == referral.decided_on
            # The support manager's referrals page has someone at every stage.
            actor = Actor.for_user(_user_with(Role.SUPPORT_MANAGER), org.pk)
            pipeline = referral_pipeline(actor)
            assert all(pipeline[stage] for stage in Referral.Stage.values), pipeline


def test_every_members_journey_leads_to_their_status():
    seed_json()
    for org in Organisation.objects.all():
        with organisation_scope(org):
            changes: dict[int, list[StatusChange]] = {}
            for change in StatusChange.objects.order_by("on", "recorded_at", "pk"):
                changes.setdefault(change.member_id, []).append(change)
            for member in Member.objects.all():
                steps = changes[member.pk]
                assert (steps[0].from_status, steps[0].to_status) == ("", "referred")
                for before, after in pairwise(steps):
                    assert after.from_status == before.to_status
                assert steps[-1].to_status == member.status, member
                assert all(step.reason and step.changed_by_id for step in steps)
                if member.status == "active":
                    assert steps[-1].on == member.joined_on
                if member.status == "moved_on":
                    assert steps[-1].on == member.left_on >= member.joined_on
                    assert member.network_id is not None  # still in the social life
                    assert re.search(r"still|keeps in touch", steps[-1].reason)


def test_support_hours_needs_and_flexing():
    seed_json()
    since = timezone.now() - datetime.timedelta(days=14)
    for org in Organisation.objects.all():
        with organisation_scope(org):
            active = list(Member.objects.filter(status="active"))
            assert all(1 <= m.support_hours_per_week <= 6 for m in active)
            assert len({m.support_hours_per_week for m in active}) >= 4
            needs = [m.support_needs for m in active if m.support_needs]
            assert len(active) / 2 < len(needs) < len(active)
            assert all(len(text) < 140 for text in needs)  # brief, in plain words
            history: dict[int, list[SupportLevelChange]] = {}
            for change in SupportLevelChange.objects.order_by("changed_at", "pk"):
                history.setdefault(change.member_id, []).append(change)
            for member in Member.objects.filter(pk__in=history):
                steps = history[member.pk]
                for before, after in pairwise(steps):
                    assert after.from_hours == before.to_hours
                assert steps[-1].to_hours == member.support_hours_per_week, member
            recent_up = [
                c for steps in history.values() for c in steps if c.changed_at >= since and c.is_up
            ]
            assert len(recent_up) == 1
            assert re.fullmatch(
                r"Bereavement: (her|their) mum died in [A-Z][a-z]+\. Extra visits for a few "
                r"weeks\.",
                recent_up[0].reason,
            )
            downs = [c.reason for steps in history.values() for c in steps if not c.is_up]
            assert any(re.fullmatch(r"Managing bills on (his|their) own now\.", r) for r in downs)


def test_active_members_are_allocated_to_their_networks_clv():
    seed_json()
    for org in Organisation.objects.all():
        with organisation_scope(org):
            for network in _first_networks():
                clv = _user_with(Role.CLV, network)
                for member in Member.objects.filter(network=network):
                    workers = {a.worker_id: a for a in Allocation.objects.filter(member=member)}
                    if member.status == "active":
                        assert workers[clv.pk].ended_on is None
                        assert workers[clv.pk].started_on == member.joined_on
                    elif member.status == "moved_on":
                        assert workers[clv.pk].ended_on == member.left_on
                    else:
                        assert workers == {}


# --- Contacts and the support manager's morning ----------------------------------------------


def test_contacts_make_a_realistic_morning_for_the_support_manager():
    seed_json()
    now = timezone.now()
    today = timezone.localdate()
    for org in Organisation.objects.all():
        with organisation_scope(org):
            contacts = list(Contact.objects.select_related("member", "peer"))
            assert all(c.happened_at < c.created_at < now for c in contacts)
            assert {c.method for c in contacts} == set(Contact.Method.values)
            assert all(c.topics and c.notes and c.minutes for c in contacts)
            for contact in contacts:
                if contact.method == "peer":
                    assert contact.peer != contact.member
                    assert contact.peer.network_id == contact.member.network_id
                else:
                    assert contact.peer is None
            last = dict(
                Member.objects.filter(status="active")
                .annotate(last=Max("contacts__happened_at"))
                .values_list("pk", "last")
            )
            fortnight = now - datetime.timedelta(days=14)
            unseen = [pk for pk, seen in last.items() if seen is None or seen < fortnight]
            assert 2 <= len(unseen) <= 3
            assert all(last[pk] < now - datetime.timedelta(days=21) for pk in unseen)
            assert len(last) - len(unseen) >= 20

            waiting = [c for c in contacts if c.method == "out_of_hours" and not c.handed_over_at]
            assert len(waiting) == 2
            assert all(
                timezone.localtime(c.happened_at).date() == today - datetime.timedelta(days=1)
                and timezone.localtime(c.happened_at).hour >= 21
                for c in waiting
            )
            (correction,) = ContactCorrection.objects.select_related("contact")
            assert correction.contact.created_at < now - datetime.timedelta(hours=24)
            assert correction.contact.created_at < correction.corrected_at < now
            assert correction.reason and correction.text

            board = dashboard_for(Actor.for_user(_user_with(Role.SUPPORT_MANAGER), org.pk))
            assert sorted(m.pk for m in board.not_seen) == sorted(unseen)
            assert [c.pk for c in board.handover] == sorted(c.pk for c in waiting)
            assert len(board.flexed_up) == 1
            assert board.referrals_waiting_count >= 4


def test_consent_and_chosen_people():
    seed_json()
    for org in Organisation.objects.all():
        with organisation_scope(org):
            consents = list(Consent.objects.all())
            assert {c.given for c in consents} == {True, False}
            (withdrawn,) = [c for c in consents if c.withdrawn_on]
            assert withdrawn.given and withdrawn.withdrawn_on >= withdrawn.recorded_on
            assert all(c.review_on > c.recorded_on for c in consents)
            people = list(ChosenPerson.objects.all())
            assert any(p.relationship == "Sister" and p.is_emergency_contact for p in people)
            assert any(p.relationship.startswith("Friend") for p in people)
            assert any(p.relationship == "Independent advocate" for p in people)
            (careful,) = [p for p in people if p.do_not_contact]
            assert not careful.is_emergency_contact and not careful.phone
            for person in people:
                assert not person.phone or DRAMA_PHONE.match(person.phone), person.phone


def test_first_networks_have_a_rich_connection_map():
    seed_json()
    for org in Organisation.objects.all():
        with organisation_scope(org):
            actor = Actor.for_user(_user_with(Role.SUPPORT_MANAGER), org.pk)
            for network in _first_networks():
                ids = set(Member.objects.filter(network=network).values_list("pk", flat=True))
                peers = PeerConnection.objects.filter(member_a__in=ids, ended_on__isnull=True)
                assert peers.count() >= 5
                for link in peers:
                    assert link.member_a_id < link.member_b_id and link.member_b_id in ids
                    assert link.started_on == max(link.a_agreed_on, link.b_agreed_on)
                places = CommunityConnection.objects.filter(member__in=ids).select_related(
                    "asset", "member"
                )
                assert places.count() >= 8
                assert all(c.asset.network_id == network.pk for c in places)
                assert all(c.started_on >= c.member.joined_on for c in places)
                _svg, rows = connection_map_for_network(actor=actor, network=network)
                assert sum(len(row["peers"]) for row in rows) >= 10  # each link both ways
                assert sum(len(row["places"]) for row in rows) >= 8


# --- Deterministic, and quick at scale ---------------------------------------------------------


def _rows_of_everything() -> dict:
    """Every seeded row of both organisations, with ids replaced by what
    they point at (row positions, e-mail addresses), so two databases whose
    ids differ compare equal when their content is the same."""
    emails = dict(User.objects.values_list("pk", "email"))
    councils = dict(LocalAuthority.objects.values_list("pk", "code"))
    rows = {}
    for org in Organisation.objects.order_by("slug"):
        with organisation_scope(org):
            position = {
                model: {
                    pk: i
                    for i, pk in enumerate(
                        model.objects.order_by("pk").values_list("pk", flat=True)
                    )
                }
                for model in SEEDED_MODELS
            }
            for model in SEEDED_MODELS:
                fields = {f.attname: f for f in model._meta.concrete_fields if f.name != "id"}

                def plain(name, value, fields=fields, position=position, slug=org.slug):
                    field = fields[name]
                    if value is None or not field.is_relation:
                        return value
                    target = field.related_model
                    if target is User:
                        return emails[value]
                    if target is Organisation:
                        return slug
                    if target is LocalAuthority:
                        return councils[value]
                    return position[target][value]

                rows[org.slug, model.__name__] = [
                    tuple(plain(name, value) for name, value in row.items() if name in fields)
                    for row in model.objects.order_by("pk").values()
                ]
    return rows


def test_same_seed_gives_the_same_rows_and_every_copy_gets_its_own_places():
    def seed_and_read():
        with transaction.atomic():
            seed_json("--seed", "3", "--scale", "2")
            rows = _rows_of_everything()
            for org in Organisation.objects.all():
                with organisation_scope(org):
                    assert CommunityHub.objects.count() == Network.objects.count() == 6
                    for network in Network.objects.all():
                        assert CommunityAsset.objects.filter(network=network).count() >= 5
                        here = Member.objects.filter(network=network)
                        assert PeerConnection.objects.filter(member_a__in=here).count() >= 5
            transaction.set_rollback(True)
        return rows

    first = seed_and_read()
    assert sum(len(value) for value in first.values()) > 2000
    assert seed_and_read() == first


def test_each_organisation_shows_one_finished_members_import():
    from spreadsheets.models import ImportedRow, ImportReportRow, ImportRun

    seed_json()
    for org in Organisation.objects.all():
        with organisation_scope(org):
            [run] = ImportRun.objects.all()
            assert (run.kind, run.state) == ("members", "applied")
            assert (run.rows_total, run.updated, run.created, run.problem_rows) == (3, 3, 0, 0)
            assert run.file_bytes in (b"", None)  # emptied once applied
            report = ImportReportRow.objects.filter(run=run, report=run.report_number)
            assert sorted(report.values_list("action", flat=True)) == ["update"] * 3
            rows = ImportedRow.objects.filter(run=run)
            assert sorted(rows.values_list("action", flat=True)) == ["updated"] * 3
            born = Member.objects.filter(pk__in=rows.values("object_id"))
            assert all(m.date_of_birth and m.reference for m in born)
