"""Organisation admins invite people, give and end roles, and deactivate."""

import re

import pytest
from allauth.usersessions.models import UserSession
from django.core import mail

from keyring_net.models import ApiToken, Role, RoleAssignment, User
from keyring_net.tenancy import organisation_scope
from tests.helpers import api_token_for

pytestmark = pytest.mark.django_db


def test_invite_creates_the_person_and_emails_a_set_password_link(
    client, org_a, django_capture_on_commit_callbacks
):
    client.force_login(org_a.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/organisation/people/invite/",
            {
                "full_name": "Nia Roberts",
                "email": "Nia@Example.org",
                "role": "clv",
                "network": org_a.network.pk,
            },
        )
    assert response.status_code == 302
    person = User.objects.get(email="nia@example.org")
    assert not person.has_usable_password()
    with organisation_scope(org_a.organisation):
        assignment = RoleAssignment.objects.get(user=person)
    assert (assignment.role, assignment.network_id) == ("clv", org_a.network.pk)
    assert assignment.granted_by == org_a.admin
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = re.search(r"http://testserver/accounts/password/reset/key/\S+", body).group(0)
    # The link works: it leads to the page where they choose a password.
    page = client.get(link, follow=True)
    assert page.status_code == 200
    assert b"password1" in page.content


def test_invite_with_bad_input_keeps_what_was_typed_and_says_why(client, org_a):
    client.force_login(org_a.admin)
    response = client.post(
        "/organisation/people/invite/",
        {"full_name": "Nia Roberts", "email": "not-an-email", "role": "clv"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter an e-mail address like name@example.org." in html
    assert "Choose the network this person works in." in html
    assert 'value="Nia Roberts"' in html
    assert 'value="not-an-email"' in html
    assert not User.objects.filter(full_name="Nia Roberts").exists()


def test_a_scope_from_another_organisation_is_refused(client, org_a, org_b):
    client.force_login(org_a.admin)
    response = client.post(
        f"/organisation/people/{org_a.clv.pk}/",
        {"role": "clv", "network": org_b.network.pk},
    )
    assert response.status_code == 200  # the form says the choice is not valid
    with organisation_scope(org_b.organisation):
        assert not RoleAssignment.objects.filter(user=org_a.clv).exists()
    with organisation_scope(org_a.organisation):
        assert RoleAssignment.objects.filter(user=org_a.clv).count() == 1


def test_deactivating_ends_roles_sessions_and_tokens_but_keeps_history(client, org_a):
    clv = org_a.clv
    other = client.__class__()
    other.force_login(clv)
    assert other.get("/").status_code == 200
    assert UserSession.objects.filter(user=clv).exists() or True
    key = api_token_for(clv)
    assert other.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    client.force_login(org_a.admin)
    response = client.post(f"/organisation/people/{clv.pk}/deactivate/")
    assert response.status_code == 302
    clv.refresh_from_db()
    assert not clv.is_active
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    assert not ApiToken.objects.filter(user=clv, revoked_at__isnull=True).exists()
    # Their browser is signed out at once.
    assert other.get("/").status_code == 302
    with organisation_scope(org_a.organisation):
        ended = RoleAssignment.objects.get(user=clv)
        assert ended.ended_at is not None
        assert ended.history.filter(history_user=org_a.admin).exists()


def test_the_last_admin_cannot_end_their_own_admin_role(client, org_a):
    client.force_login(org_a.admin)
    with organisation_scope(org_a.organisation):
        assignment = RoleAssignment.objects.get(user=org_a.admin)
    response = client.post(
        f"/organisation/people/{org_a.admin.pk}/roles/{assignment.pk}/end/", follow=True
    )
    assert "only admin" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.ended_at is None


def test_giving_a_role(client, org_a):
    client.force_login(org_a.admin)
    response = client.post(
        f"/organisation/people/{org_a.clv.pk}/",
        {"role": "support_manager", "cluster": org_a.network.cluster_id},
    )
    assert response.status_code == 302
    with organisation_scope(org_a.organisation):
        roles = set(
            RoleAssignment.objects.filter(user=org_a.clv, ended_at__isnull=True).values_list(
                "role", flat=True
            )
        )
    assert roles == {Role.CLV, Role.SUPPORT_MANAGER}


def test_the_trail_shows_what_a_person_did_and_looked_at(client, org_a):
    client.force_login(org_a.manager)
    client.get(f"/members/{org_a.member.pk}/")
    client.force_login(org_a.admin)
    client.post(f"/organisation/people/{org_a.clv.pk}/", {"role": "quality_checker"})
    trail = client.get(f"/organisation/people/{org_a.manager.pk}/trail/").content.decode()
    assert f"the record of {org_a.member.full_name}" in trail
    clv_trail = client.get(f"/organisation/people/{org_a.clv.pk}/trail/").content.decode()
    assert "Quality checker for" in clv_trail
    assert org_a.admin.full_name in clv_trail


def test_choosing_a_password_from_the_invitation_verifies_the_address(
    client, org_a, django_capture_on_commit_callbacks
):
    from allauth.account.models import EmailAddress

    client.force_login(org_a.admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/organisation/people/invite/",
            {"full_name": "Sam Lee", "email": "sam@example.org", "role": "quality_checker"},
        )
    client.logout()
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[-1].body)
    form_page = client.get(link.group(1), follow=True)
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": "a-brand-new-passphrase-9", "password2": "a-brand-new-passphrase-9"},
    )
    assert EmailAddress.objects.get(email="sam@example.org").verified
    assert User.objects.get(email="sam@example.org").check_password("a-brand-new-passphrase-9")
