"""A new organisation from one command, and its settings in the browser
and the API: what each value means, its limits, who may change it, and the
record of who did."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from django.utils.html import escape

from keyring_net.actors import Actor
from keyring_net.models import Organisation, Role, RoleAssignment, User
from keyring_net.organisation_settings import SETTINGS
from keyring_net.policy import Permission, can
from keyring_net.tenancy import organisation_scope
from tests.routes import ROLES
from tests.test_rls import app_role, become_app_role  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

SITE = "https://keyring.example.org"


def create(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("create_organisation", *args, stdout=out)
    return out.getvalue()


def what_there_is() -> tuple:
    """Everything the command could have changed."""
    return (
        list(Organisation.objects.order_by("pk").values_list("pk", "name", "slug")),
        User.objects.count(),
        Organisation.history.count(),
        len(mail.outbox),
    )


# --- The command ------------------------------------------------------------------


@override_settings(SITE_URL=SITE)
def test_the_command_starts_an_organisation_and_invites_its_first_admin(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        said = create(
            "--name",
            "Riverside Living",
            "--admin-email",
            "Asha.Patel@Riverside.example.org",
            "--admin-name",
            "Asha Patel",
            "--time-zone",
            "Europe/London",
        )
    organisation = Organisation.objects.get(name="Riverside Living")
    assert organisation.slug == "riverside-living"
    assert organisation.time_zone == "Europe/London"
    assert "Started Riverside Living (slug riverside-living)" in said
    admin = User.objects.get(email="asha.patel@riverside.example.org")
    assert admin.full_name == "Asha Patel"
    assert not admin.has_usable_password()
    with organisation_scope(organisation):
        assignment = RoleAssignment.objects.get(user=admin)
    assert assignment.role == Role.ORG_ADMIN
    assert assignment.organisation == organisation
    # Recorded: the organisation's history says the system started it.
    (started,) = Organisation.history.filter(id=organisation.pk)
    assert (started.history_type, started.history_user) == ("+", None)

    # One invitation, to that address, through the staff invitation.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["asha.patel@riverside.example.org"]
    assert "Riverside Living has invited you" in message.subject
    assert "KeyRing Net has given you the role of organisation admin at Riverside Living" in (
        message.body
    )
    link = re.search(rf"{re.escape(SITE)}(/accounts/password/reset/key/\S+)", message.body)
    assert link, message.body
    # The link works: they choose a password and can sign in with it.
    page = client.get(link.group(1), follow=True)
    assert page.status_code == 200
    assert b"password1" in page.content
    client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else link.group(1),
        {"password1": "a-brand-new-passphrase-9", "password2": "a-brand-new-passphrase-9"},
    )
    admin.refresh_from_db()
    assert admin.check_password("a-brand-new-passphrase-9")
    actor = Actor.for_user(admin, organisation.pk)
    assert actor.organisation == organisation
    assert can(actor, Permission.MANAGE_ORGANISATION)


@override_settings(SITE_URL=SITE)
def test_without_a_name_the_admin_is_named_from_their_address(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        create("--name", "Hillside", "--admin-email", "jo.bloggs@example.org")
    assert User.objects.get(email="jo.bloggs@example.org").full_name == "Jo Bloggs"
    assert "Hello Jo," in mail.outbox[0].body


@override_settings(SITE_URL=SITE)
@pytest.mark.parametrize(
    ("second", "words"),
    [
        (["--name", "riverside living"], "There is already an organisation called"),
        (["--name", "Another name", "--slug", "riverside-living"], "(slug riverside-living)"),
    ],
    ids=["same name", "same slug"],
)
def test_running_it_again_for_the_same_organisation_changes_nothing(
    org_a, second, words, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        create("--name", "Riverside Living", "--admin-email", "asha@example.org")
    before = what_there_is()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(CommandError) as refused:
        create(*second, "--admin-email", "someone.else@example.org")
    assert words in str(refused.value)
    assert "Nothing was changed." in str(refused.value)
    assert str(refused.value).startswith("--name: ")
    assert what_there_is() == before
    assert not User.objects.filter(email="someone.else@example.org").exists()


@override_settings(SITE_URL=SITE)
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["--name", "Riverside", "--admin-email", "not-an-address"],
            "--admin-email: Enter an e-mail address like name@example.org.",
        ),
        (
            ["--name", "Riverside", "--admin-email", "a@example.org", "--time-zone", "Mars/Base"],
            "--time-zone: Mars/Base is not a time zone we know. Use a name like Europe/London.",
        ),
        (["--name", "  ", "--admin-email", "a@example.org"], "--name: Enter the name of"),
        (
            ["--name", "Riverside", "--admin-email", "a@example.org", "--slug", "!!"],
            "--slug: Give a short name",
        ),
    ],
    ids=["bad e-mail", "bad time zone", "no name", "bad slug"],
)
def test_bad_input_is_refused_in_plain_words_and_makes_nothing(
    args, words, django_capture_on_commit_callbacks
):
    before = what_there_is()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(CommandError) as refused:
        create(*args)
    assert words in str(refused.value)
    assert what_there_is() == before


@override_settings(SITE_URL="")
def test_without_the_site_address_the_command_says_so(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(CommandError) as refused:
        create("--name", "Riverside", "--admin-email", "a@example.org")
    assert "SITE_URL: Set SITE_URL" in str(refused.value)
    assert not Organisation.objects.filter(name="Riverside").exists()


def test_the_platform_may_only_invite_and_nobody_signed_out_may_do_anything(org_a):
    platform = Actor.platform_for(org_a.organisation)
    allowed = [permission for permission in Permission if can(platform, permission)]
    assert allowed == [Permission.ADMINISTER_PEOPLE]
    assert not can(Actor.platform_for(None), Permission.ADMINISTER_PEOPLE)
    nobody = Actor(user=None, organisation=org_a.organisation)
    assert [permission for permission in Permission if can(nobody, permission)] == []


# --- The settings page -------------------------------------------------------------

GOOD = {
    "name": "Riverside Living CIC",
    "country": "wales",
    "time_zone": "Europe/London",
    "out_of_hours_phone": "029 2018 0000",
    "out_of_hours_email": "On-Call@Riverside.example.org",
    "walking_speed_kmh": "3.5",
    "walking_detour_factor": "1.25",
    "contact_gap_days": "21",
    "login_card_days": "10",
    "small_count_threshold": "9",
    "retention_member_years": "8",
    "retention_contacts_years": "8",
    "retention_plans_years": "6",
    "retention_casework_years": "8",
    "retention_safeguarding_years": "12",
}


def test_the_page_explains_every_setting_and_is_linked_for_admins(client, org_a):
    client.force_login(org_a.admin)
    html = client.get("/organisation/settings/").content.decode()
    for setting in SETTINGS:
        assert f'name="{setting.name}"' in html
        assert escape(setting.hint) in html
    assert 'value="1.30"' in html  # what the organisation has now
    home = client.get("/").content.decode()
    assert 'href="/organisation/settings/"' in home
    client.force_login(org_a.manager)
    assert 'href="/organisation/settings/"' not in client.get("/dashboard/").content.decode()


def test_an_admin_changes_the_settings_and_the_change_is_recorded(client, org_a):
    organisation = org_a.organisation
    organisation.settings = {"something_else": "kept"}
    organisation.save(update_fields=["settings"])
    client.force_login(org_a.admin)
    response = client.post("/organisation/settings/", GOOD, follow=True)
    assert response.status_code == 200
    assert "The organisation&#x27;s settings are saved." in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name == "Riverside Living CIC"
    assert organisation.country == "wales"
    assert organisation.out_of_hours_phone == "029 2018 0000"
    assert organisation.walking_speed_kmh == Decimal("3.5")
    assert organisation.walking_detour_factor == Decimal("1.25")
    assert (organisation.contact_gap_days, organisation.small_count_threshold) == (21, 9)
    assert organisation.settings == {
        "something_else": "kept",
        "out_of_hours_email": "on-call@riverside.example.org",
        "login_card_days": 10,
        "retention_member_years": 8,
        "retention_contacts_years": 8,
        "retention_plans_years": 6,
        "retention_casework_years": 8,
        "retention_safeguarding_years": 12,
    }
    latest = Organisation.history.filter(id=organisation.pk).latest("history_date")
    assert latest.history_user == org_a.admin
    assert latest.name == "Riverside Living CIC"
    # The page and the admin's audit trail say who changed them.
    assert org_a.admin.full_name in response.content.decode()
    trail = client.get(f"/organisation/people/{org_a.admin.pk}/trail/").content.decode()
    assert "the settings of" in trail


def test_the_login_card_days_set_here_are_the_ones_cards_get(client, org_a):
    from members import login_cards

    client.force_login(org_a.admin)
    client.post("/organisation/settings/", {**GOOD, "login_card_days": "3"})
    manager = Actor.for_user(org_a.manager, org_a.organisation.pk)
    with organisation_scope(org_a.organisation):
        card, _code = login_cards.card_issue(actor=manager, member=org_a.member)
    assert (card.expires_at - card.issued_at).days == 3


BAD = {
    "name": ("", "Enter the name of the organisation."),
    "time_zone": ("London", "London is not a time zone we know. Use a name like Europe/London."),
    "out_of_hours_phone": ("ring us", "Enter a phone number in numbers and spaces"),
    "out_of_hours_email": ("on-call", "Enter an e-mail address like name@example.org."),
    "walking_speed_kmh": ("12", "Enter a number between 1.0 and 6.0 km/h."),
    "walking_detour_factor": ("1.333", "Use at most 2 figures after the decimal point."),
    "contact_gap_days": ("two weeks", "Enter a whole number between 1 and 90 days."),
    "login_card_days": ("60", "Enter a whole number between 1 and 28 days."),
    "small_count_threshold": ("2", "Enter a whole number between 5 and 20."),
}


def test_bad_values_get_plain_words_next_to_the_field_keep_what_was_typed_and_save_nothing(
    client, org_a
):
    before = Organisation.objects.filter(pk=org_a.organisation.pk).values().get()
    history = Organisation.history.count()
    client.force_login(org_a.admin)
    typed = {**GOOD, **{name: value for name, (value, _words) in BAD.items()}}
    response = client.post("/organisation/settings/", typed)
    assert response.status_code == 200
    html = response.content.decode()
    for name, (value, words) in BAD.items():
        error = re.search(rf'id="id_{name}-error"[^>]*>(.*?)</p>', html, re.S)
        assert error, name
        assert words in error.group(1), (name, error.group(1))
        if value:
            assert f'value="{value}"' in html, name
    assert "There is a problem" in html
    assert Organisation.objects.filter(pk=org_a.organisation.pk).values().get() == before
    assert Organisation.history.count() == history


def test_one_bad_value_saves_none_of_the_good_ones(client, org_a):
    client.force_login(org_a.admin)
    client.post("/organisation/settings/", {**GOOD, "small_count_threshold": "0"})
    org_a.organisation.refresh_from_db()
    assert org_a.organisation.name != GOOD["name"]


@pytest.mark.parametrize("role", [role for role in ROLES if role != "org_admin"])
def test_no_other_role_may_open_or_change_the_settings(client, org_a, role):
    before = Organisation.objects.filter(pk=org_a.organisation.pk).values().get()
    client.force_login(org_a.users[role])
    assert client.get("/organisation/settings/").status_code == 403
    assert client.post("/organisation/settings/", GOOD).status_code == 403
    assert client.patch(
        "/api/v1/organisation/", {"name": "Taken over"}, content_type="application/json"
    ).status_code == (403)
    assert Organisation.objects.filter(pk=org_a.organisation.pk).values().get() == before


def test_an_admin_changes_only_their_own_organisation(client, org_a, org_b):
    client.force_login(org_a.admin)
    client.post("/organisation/settings/", GOOD)
    client.patch("/api/v1/organisation/", {"name": "Mine"}, content_type="application/json")
    org_b.organisation.refresh_from_db()
    assert org_b.organisation.name == f"Organisation {org_b.marker}"


# --- The API ---------------------------------------------------------------------------


def test_the_api_reads_every_setting(client, org_a):
    client.force_login(org_a.admin)
    body = client.get("/api/v1/organisation/").json()
    assert body["id"] == org_a.organisation.pk
    assert body["slug"] == org_a.organisation.slug
    assert {setting.name for setting in SETTINGS} <= set(body)
    assert body["walking_detour_factor"] == 1.3
    assert body["login_card_days"] == 7
    assert body["small_count_threshold"] == org_a.organisation.small_count_threshold


def test_the_api_changes_what_is_sent_and_keeps_the_rest(client, org_a):
    client.force_login(org_a.admin)
    response = client.patch(
        "/api/v1/organisation/",
        {"walking_speed_kmh": 3.5, "login_card_days": "5", "out_of_hours_phone": ""},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["walking_speed_kmh"] == 3.5
    organisation = Organisation.objects.get(pk=org_a.organisation.pk)
    assert organisation.walking_speed_kmh == Decimal("3.5")
    assert organisation.settings["login_card_days"] == 5
    assert organisation.out_of_hours_phone == ""
    assert organisation.name == org_a.organisation.name
    latest = Organisation.history.filter(id=organisation.pk).latest("history_date")
    assert latest.history_user == org_a.admin


def test_the_api_refuses_bad_values_with_the_pages_words_and_saves_nothing(client, org_a):
    client.force_login(org_a.admin)
    before = Organisation.objects.filter(pk=org_a.organisation.pk).values().get()
    response = client.patch(
        "/api/v1/organisation/",
        {"name": "Fine", "small_count_threshold": 2, "walking_speed_kmh": "fast", "country": []},
        content_type="application/json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors == {"country": ["Give one value: text or a number."]}
    response = client.patch(
        "/api/v1/organisation/",
        {"name": "Fine", "small_count_threshold": 2, "walking_speed_kmh": "fast"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "small_count_threshold": [BAD["small_count_threshold"][1]],
        "walking_speed_kmh": ["Enter a number between 1.0 and 6.0 km/h."],
    }
    assert Organisation.objects.filter(pk=org_a.organisation.pk).values().get() == before


def test_the_schema_explains_each_setting():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "/api/v1/organisation/" in schema["paths"]
    shown = schema["components"]["schemas"]["OrganisationSettings"]["properties"]
    for setting in SETTINGS:
        assert shown[setting.name]["description"] == setting.hint
    change = schema["components"]["schemas"]["PatchedOrganisationSettingsChangeRequest"]
    assert change["properties"]["contact_gap_days"]["maximum"] == 90


def test_the_service_itself_refuses_anyone_but_the_organisations_admins(org_a):
    from django.core.exceptions import PermissionDenied

    from keyring_net.services_organisation import organisation_settings_change

    for actor in (
        Actor.for_user(org_a.manager, org_a.organisation.pk),
        Actor.platform_for(org_a.organisation),
    ):
        with pytest.raises(PermissionDenied):
            organisation_settings_change(actor=actor, name="Taken over")
    organisation_settings_change(
        actor=Actor.for_user(org_a.admin, org_a.organisation.pk), name="  Ours  "
    )
    assert Organisation.objects.get(pk=org_a.organisation.pk).name == "Ours"


def test_only_the_platform_may_start_an_organisation(org_a):
    from django.core.exceptions import PermissionDenied

    from keyring_net.services_organisation import organisation_create

    with pytest.raises(PermissionDenied):
        organisation_create(
            actor=Actor.for_user(org_a.admin, org_a.organisation.pk),
            name="Side project",
            admin_email="a@example.org",
            base_url=SITE,
        )
    assert not Organisation.objects.filter(name="Side project").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row-level security is PostgreSQL's")
@pytest.mark.usefixtures("app_role")
@override_settings(SITE_URL=SITE)
def test_the_command_works_under_the_app_role_bound_by_row_level_security(
    django_capture_on_commit_callbacks,
):
    """Production runs commands as the app role: the new organisation's
    first admin and their role are written through its grants, not past
    them."""
    become_app_role()
    with django_capture_on_commit_callbacks(execute=True):
        create("--name", "Behind the wall", "--admin-email", "wall@example.org")
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
    organisation = Organisation.objects.get(name="Behind the wall")
    with organisation_scope(organisation):
        assert RoleAssignment.objects.get(user__email="wall@example.org").role == Role.ORG_ADMIN
    assert mail.outbox[-1].to == ["wall@example.org"]
