import pytest
from django_scopes.exceptions import ScopeError

from keyring_net.tenancy import organisation_scope
from members.models import Member
from networks.models import Network

pytestmark = pytest.mark.django_db


def test_a_query_with_no_organisation_in_scope_fails_loudly(org_a):
    with pytest.raises(ScopeError):
        list(Member.objects.all())


def test_an_organisation_scope_sees_only_its_own_rows(org_a, org_b):
    with organisation_scope(org_a.organisation):
        assert list(Member.objects.all()) == [org_a.member]
        assert not Network.objects.filter(pk=org_b.network.pk).exists()


def test_no_organisation_means_no_rows_not_all_rows(org_a, org_b):
    with organisation_scope(None):
        assert Member.objects.count() == 0


def test_requests_run_inside_the_signed_in_persons_organisation(client, org_a, org_b):
    client.force_login(org_a.clv)
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["actor"].organisation == org_a.organisation
    assert org_a.organisation.name in response.content.decode()
    assert org_b.organisation.name not in response.content.decode()


def test_switching_to_an_organisation_without_a_role_is_not_found(client, org_a, org_b):
    client.force_login(org_a.clv)
    response = client.post("/organisation/switch/", {"organisation": org_b.organisation.pk})
    assert response.status_code == 404
    assert client.get("/").context["actor"].organisation == org_a.organisation


def test_a_person_in_two_organisations_can_switch(client, org_a, org_b):
    from keyring_net.models import Role
    from tests.factories import RoleAssignmentFactory

    RoleAssignmentFactory(organisation=org_b.organisation, user=org_a.clv, role=Role.ORG_ADMIN)
    client.force_login(org_a.clv)
    response = client.post(
        "/organisation/switch/", {"organisation": org_b.organisation.pk, "next": "/"}
    )
    assert response.status_code == 302
    assert client.get("/").context["actor"].organisation == org_b.organisation


def test_signed_in_pages_are_never_cached(client, org_a):
    client.force_login(org_a.clv)
    response = client.get("/")
    assert "no-store" in response["Cache-Control"]
