import pytest

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_bad_input_gets_a_clear_json_error(client, org_a):
    client.force_login(org_a.manager)
    response = client.get("/api/v1/members/?status=not-a-status")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Some of what was sent is not right."
    assert "not-a-status is not one of the available choices" in body["errors"]["status"][0]


def test_api_lists_filter_and_page(client, org_a):
    from keyring_net.tenancy import organisation_scope
    from tests.factories import MemberFactory

    with organisation_scope(org_a.organisation):
        MemberFactory.create_batch(3, network=org_a.network, status="moved_on")
    client.force_login(org_a.manager)
    body = client.get("/api/v1/members/?status=moved_on&page_size=2").json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"] is not None


def test_fields_follow_the_role(client, org_a):
    client.force_login(org_a.manager)
    full = client.get(f"/api/v1/members/{org_a.member.pk}/").json()
    assert full["support_needs"] == f"Needs {org_a.marker}"
    assert "home" in full
    client.force_login(org_a.users["connections_volunteer"])
    limited = client.get(f"/api/v1/members/{org_a.member.pk}/").json()
    assert limited["full_name"] == org_a.member.full_name
    assert "support_needs" not in limited and "home" not in limited
    page = client.get(f"/members/{org_a.member.pk}/").content.decode()
    assert f"Needs {org_a.marker}" not in page


def test_repeated_wrong_passwords_are_slowed_down(client, org_a):
    for _ in range(5):
        client.post("/accounts/login/", {"login": org_a.member_user.email, "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"login": org_a.member_user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 200  # refused, even with the right password
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_member_sees_who_has_looked_at_their_record(client, org_a):
    client.force_login(org_a.manager)
    client.get(f"/members/{org_a.member.pk}/")
    client.force_login(org_a.member_user)
    page = client.get("/my/who-looked/").content.decode()
    assert f"<strong>{org_a.manager.full_name}</strong> looked on" in page
    assert "They are a support manager." in page
