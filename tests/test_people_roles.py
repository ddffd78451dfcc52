"""Every staff, volunteer and commissioner role with its scope, moving a
role somewhere else (history kept), and the people API."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from keyring_net import services
from keyring_net.actors import Actor
from keyring_net.models import Role, RoleAssignment, User
from keyring_net.roles import GIVEN_BY_ADMINS, HINTS
from keyring_net.tenancy import organisation_scope
from tests import factories
from tests.helpers import api_token_for, assert_constant_queries, pinned

pytestmark = pytest.mark.django_db


def admin_of(world) -> Actor:
    return Actor.for_user(world.admin, world.organisation.pk)


def another_network(world, name="Network Two"):
    with organisation_scope(world.organisation):
        return factories.NetworkFactory(cluster=world.network.cluster, name=name)


def another_cluster(world, name="Cluster Two"):
    with organisation_scope(world.organisation):
        return factories.ClusterFactory(organisation=world.organisation, name=name)


def roles_of(world, person):
    with organisation_scope(world.organisation):
        return list(
            RoleAssignment.objects.filter(organisation=world.organisation, user=person).order_by(
                "pk"
            )
        )


# --- Services -----------------------------------------------------------------------------------


def test_moving_a_clv_to_another_network_ends_the_old_role_and_keeps_it(org_a):
    actor = admin_of(org_a)
    elsewhere = another_network(org_a)
    with organisation_scope(org_a.organisation):
        old = RoleAssignment.objects.get(user=org_a.clv, role=Role.CLV)
        moved = services.role_change_scope(actor=actor, assignment=old, network=elsewhere)
    old.refresh_from_db()
    assert old.ended_at is not None and old.network_id == org_a.network.pk
    assert (moved.role, moved.network_id, moved.ended_at) == (Role.CLV, elsewhere.pk, None)
    assert moved.granted_at == old.ended_at and moved.granted_by == org_a.admin
    assert [a.pk for a in roles_of(org_a, org_a.clv)] == [old.pk, moved.pk]
    with organisation_scope(org_a.organisation):
        # Both changes name the admin in the change history.
        assert old.history.filter(history_user=org_a.admin, ended_at__isnull=False).exists()
        assert moved.history.filter(history_user=org_a.admin).exists()


def test_moving_a_support_manager_to_another_cluster(org_a):
    actor = admin_of(org_a)
    cluster = another_cluster(org_a)
    with organisation_scope(org_a.organisation):
        old = RoleAssignment.objects.get(user=org_a.manager, role=Role.SUPPORT_MANAGER)
        moved = services.role_change_scope(actor=actor, assignment=old, cluster=cluster)
    assert moved.cluster_id == cluster.pk
    assert [a.ended_at is None for a in roles_of(org_a, org_a.manager)] == [False, True]


@pytest.mark.parametrize(
    "scope, field, words",
    [
        ({}, "network", "Choose the network this person works in."),
        ({"cluster": "cluster"}, "cluster", "is not tied to a cluster: leave this empty."),
    ],
)
def test_a_wrong_scope_for_the_role_is_refused_in_plain_words(org_a, scope, field, words):
    actor = admin_of(org_a)
    scope = dict.fromkeys(scope, org_a.network.cluster)
    with organisation_scope(org_a.organisation), pytest.raises(ValidationError) as refused:
        services.role_grant(actor=actor, person=org_a.manager, role=Role.CLV, **scope)
    assert words in refused.value.message_dict[field][0]


def test_a_network_of_another_organisation_is_refused(org_a, org_b):
    with organisation_scope(org_a.organisation), pytest.raises(ValidationError) as refused:
        services.role_grant(
            actor=admin_of(org_a), person=org_a.manager, role=Role.CLV, network=org_b.network
        )
    assert refused.value.message_dict["network"] == [
        f"Choose a network of {org_a.organisation.name}."
    ]


def test_the_member_role_comes_only_with_a_login_card(org_a):
    with organisation_scope(org_a.organisation), pytest.raises(ValidationError) as refused:
        services.role_grant(actor=admin_of(org_a), person=org_a.manager, role=Role.MEMBER)
    assert "login card" in refused.value.message_dict["role"][0]


def test_an_organisation_wide_role_has_nowhere_to_move(org_a):
    with organisation_scope(org_a.organisation):
        admin_role = RoleAssignment.objects.get(user=org_a.admin, role=Role.ORG_ADMIN)
        with pytest.raises(ValidationError) as refused:
            services.role_change_scope(actor=admin_of(org_a), assignment=admin_role)
    assert "covers the whole organisation" in refused.value.messages[0]
    admin_role.refresh_from_db()
    assert admin_role.ended_at is None  # the last admin is still the admin


def test_moving_to_where_they_are_or_an_ended_role_is_refused(org_a):
    actor = admin_of(org_a)
    with organisation_scope(org_a.organisation):
        role = RoleAssignment.objects.get(user=org_a.clv, role=Role.CLV)
        with pytest.raises(ValidationError) as same:
            services.role_change_scope(actor=actor, assignment=role, network=org_a.network)
        assert "already" in same.value.message_dict["network"][0]
        services.role_end(actor=actor, assignment=role)
        with pytest.raises(ValidationError) as ended:
            services.role_change_scope(actor=actor, assignment=role, network=another_network(org_a))
    assert "has ended" in ended.value.messages[0]


def test_the_last_admin_is_kept(org_a):
    with organisation_scope(org_a.organisation):
        admin_role = RoleAssignment.objects.get(user=org_a.admin, role=Role.ORG_ADMIN)
        with pytest.raises(ValidationError, match="only admin"):
            services.role_end(actor=admin_of(org_a), assignment=admin_role)


def test_only_admins_move_roles(org_a):
    from django.core.exceptions import PermissionDenied

    manager = Actor.for_user(org_a.manager, org_a.organisation.pk)
    with organisation_scope(org_a.organisation):
        role = RoleAssignment.objects.get(user=org_a.clv, role=Role.CLV)
        with pytest.raises(PermissionDenied):
            services.role_change_scope(
                actor=manager, assignment=role, network=another_network(org_a)
            )


# --- Pages --------------------------------------------------------------------------------------


def test_the_invite_form_offers_every_role_but_member_with_what_it_does(client, org_a):
    client.force_login(org_a.admin)
    html = client.get("/organisation/people/invite/").content.decode()
    for role in GIVEN_BY_ADMINS:
        assert f'value="{role.value}"' in html
        assert HINTS[role].replace("'", "&#x27;") in html
    assert 'value="member"' not in html
    assert "login card" in html


@pytest.mark.parametrize(
    "role, scope",
    [
        ("connections_volunteer", "network"),
        ("community_enabler", "network"),
        ("commissioner", "local_authority"),
        ("quality_checker", None),
    ],
)
def test_inviting_volunteers_and_commissioners(
    client, org_a, role, scope, django_capture_on_commit_callbacks
):
    client.force_login(org_a.admin)
    values = {"network": org_a.network.pk}
    if scope == "local_authority":
        with organisation_scope(org_a.organisation):
            values["local_authority"] = RoleAssignment.objects.get(
                role=Role.COMMISSIONER
            ).local_authority_id
    data = {"full_name": "Ola Nowak", "email": "ola@example.org", "role": role}
    if scope:
        data[scope] = values[scope]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/organisation/people/invite/", data)
    assert response.status_code == 302
    person = User.objects.get(email="ola@example.org")
    [given] = roles_of(org_a, person)
    assert given.role == role
    assert getattr(given, f"{scope}_id", None) == (values[scope] if scope else None)
    assert len(mail.outbox) == 1


def test_moving_a_role_on_the_page(client, org_a):
    elsewhere = another_network(org_a, "Riverside")
    client.force_login(org_a.admin)
    with organisation_scope(org_a.organisation):
        role = RoleAssignment.objects.get(user=org_a.clv, role=Role.CLV)
    detail = client.get(f"/organisation/people/{org_a.clv.pk}/").content.decode()
    url = f"/organisation/people/{org_a.clv.pk}/roles/{role.pk}/move/"
    assert url in detail
    page = client.get(url).content.decode()
    assert f"Now: {org_a.network.name}." in page
    refused = client.post(url, {"network": org_a.network.pk}).content.decode()
    assert "They are already Community Living Volunteer there." in refused
    response = client.post(url, {"network": elsewhere.pk}, follow=True)
    assert "is now Community Living Volunteer for Riverside" in response.content.decode()
    assert [(a.network_id, a.ended_at is None) for a in roles_of(org_a, org_a.clv)] == [
        (org_a.network.pk, False),
        (elsewhere.pk, True),
    ]


def test_an_admin_role_has_no_move_form(client, org_a):
    client.force_login(org_a.admin)
    with organisation_scope(org_a.organisation):
        role = RoleAssignment.objects.get(user=org_a.admin, role=Role.ORG_ADMIN)
    page = client.get(f"/organisation/people/{org_a.admin.pk}/roles/{role.pk}/move/")
    assert "nowhere to move it" in page.content.decode()
    assert b"Move the role" not in page.content


def test_the_people_list_runs_a_constant_number_of_queries(client, org_a):
    client.force_login(org_a.admin)

    def make(n):
        with organisation_scope(org_a.organisation):
            have = RoleAssignment.objects.filter(organisation=org_a.organisation).count()
            for i in range(have, n):
                user = User.objects.create(email=f"p{i}@example.org", full_name=f"Person {i}")
                RoleAssignment.objects.create(
                    organisation=org_a.organisation,
                    user=user,
                    role=Role.CLV,
                    network=org_a.network,
                )

    def fetch():
        assert client.get("/organisation/people/").status_code == 200

    def fetch_api():
        response = client.get("/api/v1/people/?page_size=200", HTTP_ACCEPT="application/json")
        assert response.status_code == 200

    assert assert_constant_queries(make, fetch, sizes=(12, 40)) == pinned(PEOPLE_PAGE)
    assert assert_constant_queries(make, fetch_api, sizes=(40, 60)) == pinned(PEOPLE_API)


PEOPLE_PAGE = 5
PEOPLE_API = 6


# --- API ----------------------------------------------------------------------------------------


def call(client, user, method, path, data=None):
    key = api_token_for(user)
    send = getattr(client, method)
    return send(
        f"/api/v1/{path}",
        data or {},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )


def test_api_lists_people_with_their_roles(client, org_a):
    response = call(client, org_a.admin, "get", "people/")
    assert response.status_code == 200
    rows = {row["email"]: row for row in response.json()["results"]}
    clv = rows[org_a.clv.email]
    assert [(r["role"], r["network"], r["where"]) for r in clv["roles"]] == [
        ("clv", org_a.network.pk, org_a.network.name)
    ]
    assert call(client, org_a.manager, "get", "people/").status_code == 403


def test_api_invites_gives_moves_and_ends(client, org_a, django_capture_on_commit_callbacks):
    elsewhere = another_network(org_a, "Hillside")
    with django_capture_on_commit_callbacks(execute=True):
        invited = call(
            client,
            org_a.admin,
            "post",
            "people/",
            {
                "full_name": "Kai Lee",
                "email": "kai@example.org",
                "role": "connections_volunteer",
                "network": org_a.network.pk,
            },
        )
    assert invited.status_code == 201, invited.json()
    person = invited.json()
    assert person["roles"][0]["role"] == "connections_volunteer"
    assert len(mail.outbox) == 1
    given = call(
        client,
        org_a.admin,
        "post",
        f"people/{person['id']}/give-role/",
        {"role": "quality_checker"},
    )
    given_roles = {r["role"] for r in given.json()["roles"]}
    assert given_roles == {"connections_volunteer", "quality_checker"}
    volunteer = next(r for r in given.json()["roles"] if r["role"] == "connections_volunteer")
    moved = call(
        client,
        org_a.admin,
        "post",
        f"role-assignments/{volunteer['id']}/move/",
        {"network": elsewhere.pk},
    )
    assert moved.status_code == 201, moved.json()
    assert (moved.json()["network"], moved.json()["ended_at"]) == (elsewhere.pk, None)
    old = call(client, org_a.admin, "get", f"role-assignments/{volunteer['id']}/")
    assert old.json()["ended_at"] is not None
    ended = call(client, org_a.admin, "post", f"role-assignments/{moved.json()['id']}/end/")
    assert ended.status_code == 200 and ended.json()["ended_at"] is not None
    gone = call(client, org_a.admin, "post", f"people/{person['id']}/deactivate/")
    assert gone.status_code == 200 and gone.json()["is_active"] is False


def test_api_refuses_wrong_scopes_in_plain_words(client, org_a, org_b):
    no_network = call(
        client, org_a.admin, "post", f"people/{org_a.manager.pk}/give-role/", {"role": "clv"}
    )
    assert no_network.status_code == 400
    assert no_network.json()["errors"]["network"] == ["Choose the network this person works in."]
    member = call(
        client, org_a.admin, "post", f"people/{org_a.manager.pk}/give-role/", {"role": "member"}
    )
    assert "login card" in member.json()["errors"]["role"][0]
    theirs = call(
        client,
        org_a.admin,
        "post",
        f"people/{org_a.manager.pk}/give-role/",
        {"role": "clv", "network": org_b.network.pk},
    )
    assert theirs.json()["errors"]["network"] == ["Not found."]
    assert call(client, org_a.admin, "get", f"people/{org_b.clv.pk}/").status_code == 404


def test_api_keeps_the_last_admin(client, org_a):
    with organisation_scope(org_a.organisation):
        admin_role = RoleAssignment.objects.get(user=org_a.admin, role=Role.ORG_ADMIN)
    response = call(client, org_a.admin, "post", f"role-assignments/{admin_role.pk}/end/")
    assert response.status_code == 400
    assert "only admin" in str(response.json())
