"""Importing staff and their roles: new people invited once the import
has committed (the staff invitation e-mail), people who work here given
the role, problems with a role or its place in the people pages' words, a
second run that gives and sends nothing, and undo ending the roles."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings

from keyring_net.actors import Actor
from keyring_net.models import Role, RoleAssignment, User
from keyring_net.roles import MEMBER_LOGIN
from keyring_net.tenancy import organisation_scope
from spreadsheets.models import ImportRun
from spreadsheets.selectors.imports import problem_rows, report_rows
from spreadsheets.services.imports import runs
from spreadsheets.services.imports.engine import problem_text
from spreadsheets.services.imports.staff import UNDO_NOTE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_url")]

SITE = "https://keyring.example.org"
HEADERS = ["Name", "Email", "Role", "Where"]


@pytest.fixture
def site_url():
    with override_settings(SITE_URL=SITE):
        yield


def csv_bytes(lines, *, encoding="utf-8-sig") -> bytes:
    return "\r\n".join([",".join(HEADERS), *lines]).encode(encoding)


@pytest.fixture
def admin(org_a):
    with organisation_scope(org_a.organisation):
        yield Actor.for_user(org_a.admin, org_a.organisation.pk)


def checked(actor, data, name="staff.csv"):
    run = runs.import_start(actor=actor, kind="staff", file_name=name, data=data)
    assert run.columns == ["full_name", "email", "role", "scope"]
    return runs.import_match(actor=actor, run=run, columns=run.columns)


def texts(run):
    return [problem_text({"row": r.row, **p}) for r in problem_rows(run) for p in r.problems]


def outcomes(run):
    return list(report_rows(run).values("row", "action", "what", "address"))


def staff_lines(org_a):
    network = org_a.network
    checker = org_a.users[Role.QUALITY_CHECKER]
    manager = org_a.users[Role.SUPPORT_MANAGER]
    return [
        f"Siân Hughes,SIAN@example.org,Community enabler,{network.name.lower()}",
        f"{checker.full_name},{checker.email},support manager,{network.cluster.name}",
        f"{manager.full_name},{manager.email},Support manager,{network.cluster.name}",
    ]


def apply(actor, run, capture):
    with capture(execute=True):
        runs.import_apply(actor=actor, run=run)
    run.refresh_from_db()
    return run


def test_new_people_are_invited_after_the_commit_and_a_second_run_sends_nothing(
    org_a, admin, django_capture_on_commit_callbacks
):
    lines = staff_lines(org_a)
    run = checked(admin, csv_bytes(lines, encoding="cp1252"))
    assert (run.created, run.updated, run.skipped, run.problem_rows) == (1, 1, 1, 0), texts(run)
    assert "invited when the import is applied" in outcomes(run)[0]["what"]
    assert not User.objects.filter(email="siân@example.org").exists()

    with django_capture_on_commit_callbacks(execute=False) as waiting:
        runs.import_apply(actor=admin, run=run)
    # Nobody is invited until the import has committed.
    assert not User.objects.filter(email="sian@example.org").exists()
    assert len(mail.outbox) == 0
    with django_capture_on_commit_callbacks(execute=True):
        for callback in waiting:
            callback()
    sian = User.objects.get(email="sian@example.org")
    assert sian.full_name == "Siân Hughes"
    assert not sian.has_usable_password()
    enabler = RoleAssignment.objects.get(user=sian)
    assert (enabler.role, enabler.network) == (Role.COMMUNITY_ENABLER, org_a.network)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sian@example.org"]
    assert f"{SITE}/accounts/password/reset/key/" in mail.outbox[0].body
    checker = org_a.users[Role.QUALITY_CHECKER]
    given = RoleAssignment.objects.get(user=checker, role=Role.SUPPORT_MANAGER)
    assert (given.cluster, given.granted_by) == (org_a.network.cluster, org_a.admin)

    again = checked(admin, csv_bytes(lines))
    assert (again.created, again.updated, again.skipped) == (0, 0, 3), texts(again)
    apply(admin, again, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert RoleAssignment.objects.filter(user__in=[sian, checker]).count() == 3


def test_each_problem_names_its_row_and_column_in_the_people_pages_words(org_a, org_b, admin):
    with organisation_scope(org_b.organisation):
        their_cluster = org_b.network.cluster.name
        their_network = org_b.network.name
    cluster = org_a.network.cluster.name
    run = checked(
        admin,
        csv_bytes(
            [
                "Ann Lee,ann@example.org,member,",
                "Bo Kim,bo@example.org,support manager,",
                f"Cy Ray,cy@example.org,support manager,{their_cluster}",
                f"Di Fox,di@example.org,community enabler,{their_network}",
                "Ed Ho,ed@example.org,commissioner,Nowhere Council",
                f"Flo Ng,flo@example.org,organisation admin,{cluster}",
                "Gus Day,ANN@example.org,quality checker,",
                "Hal Orr,=2+2,quality checker,",
                "Ivy Poe,ivy@example.org,boss,",
                "Jo Ash,jo@example.org,quality checker,",
            ]
        ),
    )
    assert run.created == 1
    problems = texts(run)
    assert problems[:-1] == [
        f"Row 2, Role: {MEMBER_LOGIN}",
        "Row 3, Where: Choose the cluster of networks this support manager looks after.",
        f"Row 4, Where: there is no cluster called {their_cluster} in your organisation",
        f"Row 5, Where: there is no network called {their_network} in your organisation",
        "Row 6, Where: there is no council called Nowhere Council",
        "Row 7, Where: The role Organisation admin is not tied to a cluster: leave this empty.",
        "Row 8, Email: ann@example.org is also on row 2: give each person one row (add more "
        "roles on the people pages)",
        "Row 9, Email: =2+2 is not an e-mail address (like name@example.org)",
    ]
    assert problems[-1].startswith("Row 10, Role: boss is not one of: Organisation admin, ")


def test_undo_ends_the_roles_the_import_gave_and_says_invitations_stay_sent(
    client, org_a, admin, django_capture_on_commit_callbacks
):
    run = apply(
        admin, checked(admin, csv_bytes(staff_lines(org_a))), django_capture_on_commit_callbacks
    )
    assert run.state == ImportRun.State.APPLIED
    given = list(run.imported_rows.values_list("object_id", flat=True))
    assert len(given) == 2

    client.force_login(org_a.admin)
    page = client.get(f"/organisation/imports/{run.pk}/").content.decode()
    assert "Invitations already sent cannot be unsent" in page

    runs.import_undo(actor=admin, run=run)
    ended = RoleAssignment.objects.filter(pk__in=given)
    assert all(a.ended_at is not None for a in ended)  # ended, kept, not removed
    assert ended.count() == 2
    assert User.objects.filter(email="sian@example.org").exists()
    assert (
        RoleAssignment.objects.get(
            user=org_a.users[Role.QUALITY_CHECKER], role=Role.QUALITY_CHECKER
        ).ended_at
        is None
    )
    run.refresh_from_db()
    assert run.state == ImportRun.State.UNDONE


def test_the_api_imports_staff_and_says_what_undo_cannot_take_back(
    client, org_a, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.helpers import api_token_for

    key = api_token_for(org_a.admin)
    with organisation_scope(org_a.organisation):
        upload = SimpleUploadedFile("staff.csv", csv_bytes(staff_lines(org_a)[:1]))
    response = client.post(
        "/api/v1/imports/", {"kind": "staff", "file": upload}, HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["undo_note"] == UNDO_NOTE
    with django_capture_on_commit_callbacks(execute=True):
        applied = client.post(
            f"/api/v1/imports/{response.json()['id']}/apply/", HTTP_AUTHORIZATION=f"Token {key}"
        )
    assert applied.status_code == 200, applied.json()
    assert len(mail.outbox) == 1
    undone = client.post(
        f"/api/v1/imports/{response.json()['id']}/undo/", HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert undone.status_code == 200, undone.json()
    with organisation_scope(org_a.organisation):
        assert RoleAssignment.objects.get(user__email="sian@example.org").ended_at is not None


def test_without_its_own_address_a_staff_import_invites_nobody(org_a, admin, settings):
    settings.SITE_URL = ""
    run = checked(admin, csv_bytes(staff_lines(org_a)))
    assert run.state == ImportRun.State.FAILED
    assert "SITE_URL" in run.failure
