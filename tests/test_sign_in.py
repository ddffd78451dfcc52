"""Two-step sign-in for staff, codes and login cards for members."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from keyring_net.models import Role
from keyring_net.tenancy import organisation_scope
from members import login_cards
from members.models import LoginCard
from tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_staff_without_two_step_reach_no_personal_data(client, org_a):
    newcomer = UserFactory()
    RoleAssignmentFactory(
        organisation=org_a.organisation, user=newcomer, role=Role.CLV, network=org_a.network
    )
    client.force_login(newcomer)
    for path in ("/", "/members/", f"/members/{org_a.member.pk}/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/totp/activate/"
    api = client.get("/api/v1/members/")
    assert api.status_code == 403
    assert "two-step" in api.json()["detail"]
    assert org_a.member.full_name not in api.content.decode()
    # The set-up page itself is open to them (allauth first asks a session
    # as old as force_login's to confirm the password).
    setup = client.get("/accounts/2fa/totp/activate/")
    assert setup.status_code == 200 or setup["Location"].startswith("/accounts/reauthenticate/")


def test_members_do_not_need_two_step(client, org_a):
    # Commissioners do (tests/test_admin_sign_in.py).
    client.force_login(org_a.member_user)
    assert client.get("/", follow=True).status_code == 200


def test_a_member_signs_in_with_an_emailed_code(client, org_a):
    response = client.post("/accounts/login/code/", {"email": org_a.member_user.email})
    assert response.status_code == 302
    code = re.search(r"^\s*([A-Z0-9-]{6,9})\s*$", mail.outbox[-1].body, re.M).group(1)
    response = client.post("/accounts/login/code/confirm/", {"code": code}, follow=True)
    assert response.redirect_chain[-1][0] == "/my/"
    assert "Hello" in response.content.decode()


def issue(org):
    from keyring_net.actors import Actor

    actor = Actor.for_user(org.manager)
    with organisation_scope(org.organisation):
        return login_cards.card_issue(actor=actor, member=org.member)


def test_a_login_card_signs_a_member_in_once(client, org_a):
    _card, token = issue(org_a)
    page = client.get(f"/card/{token}/")
    assert page.status_code == 200
    assert "Tap the green button to sign in." in page.content.decode()
    response = client.post(f"/card/{token}/")
    assert response["Location"] == "/my/"
    assert client.get("/my/").status_code == 200
    client.logout()
    assert client.post(f"/card/{token}/").status_code == 404
    assert client.get(f"/card/{token}/").status_code == 404


def test_a_revoked_or_expired_card_does_not_work(client, org_a):
    card, token = issue(org_a)
    client.force_login(org_a.manager)
    client.post(f"/members/{org_a.member.pk}/login-card/{card.pk}/revoke/")
    client.logout()
    assert client.post(f"/card/{token}/").status_code == 404
    card2, token2 = issue(org_a)
    with organisation_scope(org_a.organisation):
        LoginCard.objects.filter(pk=card2.pk).update(expires_at=timezone.now())
    assert client.post(f"/card/{token2}/").status_code == 404
    assert "_auth_user_id" not in client.session


def test_a_new_card_stops_the_old_one_and_only_a_hash_is_kept(org_a):
    first, token1 = issue(org_a)
    second, token2 = issue(org_a)
    with organisation_scope(org_a.organisation):
        first.refresh_from_db()
        assert first.revoked_at is not None
        assert token2 not in second.token_hash
    with pytest.raises(login_cards.CardDoesNotWork):
        login_cards.card_find(token1)


def test_staff_can_never_use_a_card(client, org_a):
    RoleAssignmentFactory(
        organisation=org_a.organisation,
        user=org_a.member_user,
        role=Role.CLV,
        network=org_a.network,
    )
    _card, token = issue(org_a)
    assert client.post(f"/card/{token}/").status_code == 404


def test_the_printed_card_has_a_qr_code_and_the_link(client, org_a):
    client.force_login(org_a.manager)
    response = client.post(f"/members/{org_a.member.pk}/login-card/")
    html = response.content.decode()
    assert "<svg" in html and "http://testserver/card/" in html
    token = re.search(r"http://testserver/card/([\w-]+)/", html).group(1)
    assert login_cards.card_find(token).member == org_a.member
