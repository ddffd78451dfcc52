"""Two-step sign-in for staff, codes and login cards for members."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from keyring_net.models import Role
from keyring_net.tenancy import organisation_scope
from members import login_cards
from members.models import LoginCard
from members.views.cards import qr_code_svg
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


def test_a_member_signs_in_with_an_emailed_code(client, org_a, django_capture_on_commit_callbacks):
    # The code goes out as a delivery, sent as soon as the request commits.
    with django_capture_on_commit_callbacks(execute=True):
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


def use_card(client, code, *, sign_in=True):
    """What the card page does: send the code, then (optionally) tap Sign in."""
    data = {"code": code, "sign_in": "1"} if sign_in else {"code": code}
    return client.post("/card/", data)


def test_a_login_card_signs_a_member_in_once(client, org_a):
    _card, token = issue(org_a)
    page = client.get("/card/")
    assert page.status_code == 200
    assert "Type the code from the card here." in page.content.decode()
    hello = use_card(client, token, sign_in=False)
    assert hello.status_code == 200
    assert "Tap the green button to sign in." in hello.content.decode()
    assert "_auth_user_id" not in client.session  # the first step signs nobody in
    response = use_card(client, token)
    assert response["Location"] == "/my/"
    assert client.get("/my/").status_code == 200
    client.logout()
    assert use_card(client, token).status_code == 404
    assert use_card(client, token, sign_in=False).status_code == 404


def test_a_typed_code_may_have_spaces_dashes_and_small_letters(client, org_a):
    _card, token = issue(org_a)
    typed = " " + login_cards.code_for_print(token).lower().replace("-", " - ") + " "
    assert use_card(client, typed)["Location"] == "/my/"


def test_a_card_page_without_a_code_says_what_to_do_next_to_the_field(client):
    response = client.post("/card/", {"code": " - "})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_code-error"' in html and "Type the code from your card." in html
    response = client.post("/card/", {"code": "A" * 65})
    assert "That is longer than the code on a card." in response.content.decode()


def test_a_card_printed_with_the_code_in_its_link_says_it_does_not_work(client, org_a):
    card, token = issue(org_a)
    response = client.get(f"/card/{token}/")
    assert response.status_code == 404
    assert "Ask your support worker for a new card." in response.content.decode()
    assert client.post(f"/card/{token}/").status_code == 404
    assert "_auth_user_id" not in client.session
    with organisation_scope(org_a.organisation):
        card.refresh_from_db()
    assert card.state == "ready"  # opening the old link did not use it up


def test_a_revoked_or_expired_card_does_not_work(client, org_a):
    card, token = issue(org_a)
    client.force_login(org_a.manager)
    client.post(f"/members/{org_a.member.pk}/login-card/{card.pk}/revoke/")
    client.logout()
    assert use_card(client, token).status_code == 404
    card2, token2 = issue(org_a)
    with organisation_scope(org_a.organisation):
        LoginCard.objects.filter(pk=card2.pk).update(expires_at=timezone.now())
    assert use_card(client, token2).status_code == 404
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
    assert use_card(client, token).status_code == 404


def test_the_printed_card_keeps_the_code_out_of_the_address_the_server_sees(client, org_a):
    client.force_login(org_a.manager)
    response = client.post(f"/members/{org_a.member.pk}/login-card/")
    html = response.content.decode()
    assert "<svg" in html
    # Typed by hand: the card page's address and the code, in groups of five.
    code = re.search(
        r"http://testserver/card/</span> and type this code: <strong>([A-Z0-9-]+)<", html
    )
    token = login_cards.normalise_code(code.group(1))
    assert len(token) == login_cards.CODE_LENGTH
    assert login_cards.card_find(token).member == org_a.member
    # Scanned: the QR code is exactly the one for http://testserver/card/#<code>;
    # the code is after "#", which browsers never send to the server.
    assert qr_code_svg(f"http://testserver/card/#{token}") in html
    assert f"/card/{token}" not in html
