"""The Django admin: no password door of its own, two-step sign-in for
platform staff (and commissioners), and what it shows of a member is in
the member's record access log."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.db import connection, models
from django_scopes import scopes_disabled

from keyring_net.models import Role, User
from keyring_net.policy import FIELD_RULES
from keyring_net.tenancy import organisation_scope
from keyring_net.two_step import current_code, enrol_with_secret
from members.admin import MemberRecordAdmin
from members.models import Member, RecordAccess
from tests.conftest import TEST_TOTP_SECRET
from tests.factories import (
    TEST_PASSWORD,
    LocalAuthorityFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from tests.test_rls import app_role, app_role_session  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

ADMIN_PASSWORD = "a-long-admin-password"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # allauth refuses a two-step code used twice in its 30 seconds, keyed by
    # user id; ids repeat across tests, so each test starts with no memory.
    cache.clear()


def platform_staff(*, enrolled: bool = True) -> User:
    user = UserFactory(full_name="Platform Person", is_staff=True, is_superuser=True)
    if enrolled:
        enrol_with_secret(user, TEST_TOTP_SECRET)
    return user


def sign_in_with_two_steps(client, user: User) -> None:
    """Through allauth's real pages: password, then the authenticator's code."""
    response = client.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    response = client.post("/accounts/2fa/authenticate/", {"code": current_code(TEST_TOTP_SECRET)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def member_change_page(world) -> str:
    return f"/admin/members/member/{world.member.pk}/change/"


def test_a_password_alone_at_the_admin_sign_in_opens_nothing(client, org_b):
    User.objects.create_superuser("platform@example.org", ADMIN_PASSWORD, full_name="P")
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "platform@example.org", "password": ADMIN_PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert "_auth_user_id" not in client.session
    page = client.get(member_change_page(org_b))
    assert page.status_code == 302
    assert org_b.member.support_needs not in page.content.decode()
    # The admin's sign-in page shows no password form either.
    shown = client.get("/admin/login/")
    assert shown.status_code == 302 and shown["Location"].startswith("/accounts/login/")


def test_a_staff_session_without_the_second_step_gets_no_admin_page(client, org_b):
    staff = platform_staff()
    client.force_login(staff)  # signed in, but not by way of the two-step code
    for path in ("/admin/", "/admin/members/member/", member_change_page(org_b)):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/admin/login/"), path
        assert org_b.member.support_needs not in response.content.decode()
    # The admin's sign-in sends them to give a code now, then back.
    response = client.get(f"/admin/login/?next={member_change_page(org_b)}")
    assert response["Location"] == (
        f"/accounts/2fa/reauthenticate/?next=%2Fadmin%2Fmembers%2Fmember%2F{org_b.member.pk}"
        "%2Fchange%2F"
    )
    with scopes_disabled():
        assert not RecordAccess.objects.exists()


def test_staff_who_sign_in_with_both_steps_reach_the_admin(client, org_b):
    staff = platform_staff()
    sign_in_with_two_steps(client, staff)
    assert client.get("/admin/").status_code == 200
    page = client.get(member_change_page(org_b))
    assert page.status_code == 200
    assert org_b.member.support_needs in page.content.decode()


def test_a_code_given_after_signing_in_opens_the_admin(client, org_b):
    staff = platform_staff()
    client.force_login(staff)
    wanted = "/admin/"
    response = client.post(
        f"/accounts/2fa/reauthenticate/?next={wanted}", {"code": current_code(TEST_TOTP_SECRET)}
    )
    assert response["Location"] == wanted
    assert client.get(wanted).status_code == 200


def test_people_without_staff_access_are_refused_not_sent_round(client, org_a):
    sign_in_with_two_steps(client, org_a.admin)  # an organisation admin, not platform staff
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/login/").status_code == 403


def test_platform_staff_without_an_authenticator_are_sent_to_set_one_up(client, org_a):
    staff = platform_staff(enrolled=False)
    client.force_login(staff)
    for path in ("/", "/admin/", member_change_page(org_a), "/admin/login/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/accounts/2fa/totp/activate/", path
    api = client.get("/api/v1/members/")
    assert api.status_code == 403
    assert "two-step" in api.json()["detail"]


def test_a_commissioner_without_two_step_is_sent_to_set_it_up(client, org_a):
    commissioner = UserFactory()
    RoleAssignmentFactory(
        organisation=org_a.organisation,
        user=commissioner,
        role=Role.COMMISSIONER,
        local_authority=LocalAuthorityFactory(),
    )
    client.force_login(commissioner)
    for path in ("/", "/reports/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/accounts/2fa/totp/activate/", path
    api = client.get("/api/v1/contracts/")
    assert api.status_code == 403
    assert "two-step" in api.json()["detail"]


def test_opening_a_member_in_the_admin_is_in_their_access_log(client, org_a, org_b):
    staff = platform_staff()
    sign_in_with_two_steps(client, staff)
    assert client.get(member_change_page(org_b)).status_code == 200
    with scopes_disabled():
        access = RecordAccess.objects.get()
    assert access.member == org_b.member
    assert access.organisation == org_b.organisation
    assert access.viewer == staff
    assert access.viewer_role == "platform_staff"
    assert access.channel == RecordAccess.Channel.ADMIN
    # The list of members shows no support needs, and logs nothing.
    listing = client.get("/admin/members/member/")
    assert listing.status_code == 200
    assert org_b.member.full_name in listing.content.decode()
    assert org_b.member.support_needs not in listing.content.decode()
    with scopes_disabled():
        assert RecordAccess.objects.count() == 1
    # Its change history names the member too: opening it is logged.
    assert client.get(member_change_page(org_b).replace("/change/", "/history/")).status_code == 200
    with scopes_disabled():
        assert RecordAccess.objects.filter(member=org_b.member, channel="admin").count() == 2
    # The member sees who looked, and what they do.
    client.force_login(org_b.member_user)
    page = client.get("/my/who-looked/").content.decode()
    assert "Platform Person" in page
    assert "They look after the KeyRing Net computer system." in page


def _field_names(spec) -> set[str]:
    names = set()
    for item in spec:
        name = item[0] if isinstance(item, tuple | list) else item
        if isinstance(name, str):
            names.add(name.lstrip("^=@").split("__")[0])
    return names


def _is_about_a_member(model) -> bool:
    return model is Member or any(
        isinstance(field, models.ForeignKey) and field.related_model is Member
        for field in model._meta.get_fields()
    )


def test_every_admin_about_a_member_logs_access_and_lists_no_sensitive_fields():
    """A guard for admins added later: one for a model about a member must
    log what it shows, and its list pages must not show free text, needs or
    fields only some roles may see."""
    about_members = {
        model: model_admin
        for model, model_admin in admin.site._registry.items()
        if _is_about_a_member(model)
    }
    assert Member in about_members
    for model, model_admin in about_members.items():
        assert isinstance(model_admin, MemberRecordAdmin), model.__name__
        restricted = {
            key.rsplit(".", 1)[1] for key in FIELD_RULES if key.startswith(f"{model._meta.label}.")
        }
        sensitive = {
            field.name
            for field in model._meta.get_fields()
            if isinstance(field, models.TextField | models.JSONField)
            or field.name in restricted
            or field.name.startswith("communication")
        }
        shown = (
            _field_names(model_admin.list_display)
            | _field_names(model_admin.search_fields)
            | _field_names(model_admin.list_filter)
        )
        assert not shown & sensitive, (model.__name__, shown & sensitive)


def test_platform_staff_and_commissioners_never_sign_in_with_a_login_card(client, org_a):
    from keyring_net.actors import Actor
    from members import login_cards

    member_user = org_a.member_user
    for grant in ("commissioner", "platform staff"):
        if grant == "commissioner":
            RoleAssignmentFactory(
                organisation=org_a.organisation,
                user=member_user,
                role=Role.COMMISSIONER,
                local_authority=LocalAuthorityFactory(),
            )
        else:
            with scopes_disabled():
                member_user.role_assignments.filter(role=Role.COMMISSIONER).delete()
            User.objects.filter(pk=member_user.pk).update(is_staff=True)
        with organisation_scope(org_a.organisation):
            _card, token = login_cards.card_issue(
                actor=Actor.for_user(org_a.manager), member=org_a.member
            )
        assert client.post(f"/card/{token}/").status_code == 404, grant
        assert "_auth_user_id" not in client.session


def test_demo_commissioners_get_a_known_two_step_secret():
    from keyring_net.demo import DemoPeople
    from keyring_net.demo_data import ORGANISATIONS
    from keyring_net.selectors import has_two_step
    from keyring_net.two_step import demo_secret
    from tests.factories import OrganisationFactory

    plan = ORGANISATIONS[0]
    organisation = OrganisationFactory(slug=plan.slug, name=plan.name)
    people = DemoPeople(organisation, plan)
    with organisation_scope(organisation):
        user = people.person(
            label="commissioner",
            full_name="A Commissioner",
            role=Role.COMMISSIONER,
            local_authority=LocalAuthorityFactory(),
        )
    assert has_two_step(user)
    assert people.logins[0].totp_secret == demo_secret(user.email)


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row-level security is PostgreSQL only"
)
@pytest.mark.usefixtures("app_role")
def test_the_admin_logs_a_member_it_opens_under_row_level_security(client, org_b):
    """As the production app role (row-level security binds it), the admin
    still opens another organisation's member, and the access row is
    written to that organisation."""
    staff = platform_staff()
    sign_in_with_two_steps(client, staff)
    with app_role_session():
        page = client.get(member_change_page(org_b))
    assert page.status_code == 200
    assert org_b.member.support_needs in page.content.decode()
    with scopes_disabled():
        access = RecordAccess.objects.get()
    assert (access.organisation_id, access.member_id, access.viewer_id) == (
        org_b.organisation.pk,
        org_b.member.pk,
        staff.pk,
    )


def test_a_new_superuser_reaches_the_admin_only_by_signing_in_with_two_steps(
    client, org_b, monkeypatch
):
    """From ``createsuperuser`` to a member's page in the admin, as an
    operator does it: set up the authenticator app, give a code. The address
    given to ``createsuperuser`` counts as confirmed: platform staff hold no
    role in any organisation, so KeyRing Net sends them no e-mail."""
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
    from django.core import mail
    from django.core.management import call_command

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", ADMIN_PASSWORD)
    call_command(
        "createsuperuser",
        "--noinput",
        "--email=platform@example.org",
        "--full_name=Platform Person",
        verbosity=0,
    )
    credentials = {"login": "platform@example.org", "password": ADMIN_PASSWORD}
    client.post("/accounts/login/?next=/admin/", credentials)
    assert mail.outbox == []
    # Signed in with a password only: sent to set up two-step sign-in
    # (allauth first asks for the password again when the sign-in is not
    # fresh).
    response = client.get("/admin/", follow=True)
    landed = response.redirect_chain[-1][0]
    if landed.startswith("/accounts/reauthenticate/"):
        client.post(landed, {"password": ADMIN_PASSWORD})
        response = client.get("/admin/", follow=True)
        landed = response.redirect_chain[-1][0]
    assert landed == "/accounts/2fa/totp/activate/"
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    # This session has still not given a code at sign-in: the admin asks for one.
    wanted = member_change_page(org_b)
    response = client.get(wanted, follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/2fa/reauthenticate/")
    assert org_b.member.support_needs not in response.content.decode()
    cache.clear()  # the same 30 seconds' code as the set-up's
    response = client.post(
        f"/accounts/2fa/reauthenticate/?next={wanted}", {"code": current_code(secret)}
    )
    assert response["Location"] == wanted
    page = client.get(wanted)
    assert page.status_code == 200
    assert org_b.member.support_needs in page.content.decode()
