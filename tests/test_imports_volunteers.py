"""Importing volunteers from files made the way other tools make them: a
CSV with a byte-order mark, Windows-1252 text, day-first dates, a formula
cell, duplicates within the file and against what is recorded, another
organisation's network. Each problem has its row, column and plain words;
a second run changes nothing; undo takes it all back."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from keyring_net.actors import Actor, save_changes
from keyring_net.models import RoleAssignment, User
from keyring_net.tenancy import organisation_scope
from spreadsheets.models import ImportRun
from spreadsheets.selectors.imports import problem_rows, report_rows
from spreadsheets.services.imports import runs
from spreadsheets.services.imports.engine import problem_text
from volunteers.models import DBSCheck, TrainingRecord, VolunteerProfile
from volunteers.services.people import recruit_add

pytestmark = pytest.mark.django_db

HEADERS = [
    "Volunteer ID",
    "Name",
    "Email",
    "Mobile",
    "Type",
    "Network",
    "Stage",
    "DBS number",
    "DBS issued",
    "Safeguarding",
]
COLUMNS = [
    "reference",
    "full_name",
    "email",
    "phone",
    "kind",
    "network",
    "stage",
    "dbs_certificate",
    "dbs_issued_on",
    "course_safeguarding",
]


def csv_bytes(lines, *, encoding="utf-8-sig") -> bytes:
    return "\r\n".join([",".join(HEADERS), *lines]).encode(encoding)


@pytest.fixture
def admin(org_a):
    with organisation_scope(org_a.organisation):
        yield Actor.for_user(org_a.admin, org_a.organisation.pk)


def checked(actor, data, name="volunteers.csv"):
    run = runs.import_start(actor=actor, kind="volunteers", file_name=name, data=data)
    assert run.columns == COLUMNS
    return runs.import_match(actor=actor, run=run, columns=run.columns)


def texts(run):
    return [problem_text({"row": r.row, **p}) for r in problem_rows(run) for p in r.problems]


def outcomes(run):
    return list(report_rows(run).values("row", "action", "what", "address"))


def lines_for(network):
    return [
        f"V-1 ,Zoë Brontë,ZOE@example.org,07700 900123,CLV,{network.name.upper()},,"
        "001234567890,03/02/2025,10/02/2025",
        f"V-2,Sam Patel,sam@example.org,,community enabler,{network.name},interview,,,",
    ]


def test_volunteers_come_in_at_their_stage_without_a_login_and_a_second_run_changes_nothing(
    org_a, admin
):
    network = org_a.network
    data = csv_bytes(lines_for(network), encoding="cp1252")
    run = checked(admin, data)
    assert (run.created, run.updated, run.problem_rows) == (2, 0, 0), texts(run)
    assert not VolunteerProfile.objects.filter(reference="V-1").exists()  # a dry run writes nothing

    runs.import_apply(actor=admin, run=run)
    zoe = VolunteerProfile.objects.get(reference="V-1")
    assert (zoe.kind, zoe.network, zoe.stage) == ("clv", network, "active")
    assert zoe.user.full_name == "Zoë Brontë"
    assert (zoe.user.email, zoe.user.phone) == ("zoe@example.org", "07700 900123")
    assert not zoe.user.has_usable_password()
    assert not RoleAssignment.objects.filter(user=zoe.user).exists()  # no role, no login
    assert zoe.history.first().history_user == org_a.admin
    check = DBSCheck.objects.get(profile=zoe)
    assert (check.certificate_number, check.issued_on) == (
        "001234567890",
        datetime.date(2025, 2, 3),
    )
    assert check.renewal_due == datetime.date(2028, 2, 3)
    assert check.level == DBSCheck.Level.ENHANCED_BARRED
    course = TrainingRecord.objects.get(profile=zoe)
    assert (course.module.name, course.completed_on) == ("Safeguarding", datetime.date(2025, 2, 10))
    sam = VolunteerProfile.objects.get(reference="V-2")
    assert (sam.kind, sam.stage) == ("community_enabler", "interview")

    again = checked(admin, csv_bytes(lines_for(network)))
    assert (again.created, again.updated, again.skipped) == (0, 0, 2), texts(again)
    runs.import_apply(actor=admin, run=again)
    assert DBSCheck.objects.filter(profile=zoe).count() == 1
    assert TrainingRecord.objects.filter(profile=zoe).count() == 1


def test_no_stage_is_applied_unless_a_dbs_date_is_given(org_a, admin):
    network = org_a.network
    run = checked(
        admin,
        csv_bytes(
            [
                f"V-1,Ann Lee,ann@example.org,,CLV,{network.name},,,,",
                f"V-2,Bo Kim,bo@example.org,,CLV,{network.name},,001234567891,01/06/2025,",
            ]
        ),
    )
    runs.import_apply(actor=admin, run=run)
    assert VolunteerProfile.objects.get(reference="V-1").stage == "applied"
    assert VolunteerProfile.objects.get(reference="V-2").stage == "active"


def test_each_problem_names_its_row_and_column_in_plain_words(org_a, org_b, admin):
    network = org_a.network
    with organisation_scope(org_b.organisation):
        elsewhere = org_b.network.name
    run = checked(
        admin,
        csv_bytes(
            [
                f"V-1,Ann Lee,ann@example.org,,CLV,{network.name},,,,",
                f"V-1,Bo Kim,bo@example.org,,CLV,{network.name},,,,",
                f"V-3,Ann Lee,ann@example.org,,CLV,{network.name},,,,",
                f"V-4,Cy Ray,cy@example.org,,CLV,{elsewhere},,,,",
                f"V-5,Di Fox,di@example.org,,CLV,{network.name},,=1+1,01/01/2025,",
                f"V-6,Ed Ho,ed@example.org,,CLV,{network.name},,,31/02/2025,",
                f"V-7,Flo Ng,flo@example.org,,CLV,{network.name},active,,,",
                f"V-8,Gus Day,,,CLV,{network.name},,,,",
                f"V-9,Hal Orr,not-an-address,,gardener,{network.name},,,,",
            ]
        ),
    )
    assert run.created == 1
    assert texts(run) == [
        "Row 3, Volunteer ID: V-1 is also on row 2",
        "Row 4, Email: ann@example.org is also on row 2 in the same role",
        f"Row 5, Network: there is no network called {elsewhere} in your organisation",
        "Row 6, DBS number: =1+1 is not a DBS certificate number (12 digits, like 001234567890)",
        "Row 7, DBS issued: 31/02/2025 is not a date (write it as day/month/year, like 31/01/1980)",
        "Row 8, Stage: an active volunteer needs a DBS check in date: give its certificate "
        "number and date, or the stage they have reached",
        "Row 9, Email: a new volunteer needs their e-mail address",
        "Row 10, Email: not-an-address is not an e-mail address (like name@example.org)",
        "Row 10, Type: gardener is not one of: Community Living Volunteer, Community enabler, "
        "Community connections volunteer",
    ]


def test_a_volunteer_recorded_by_hand_takes_the_reference_and_another_is_a_problem(org_a, admin):
    network = org_a.network
    by_hand = recruit_add(
        actor=admin, kind="clv", full_name="Ann Lee", email="ann@example.org", network=network
    )
    other = recruit_add(
        actor=admin, kind="clv", full_name="Bo Kim", email="bo@example.org", network=network
    )
    other.reference = "OLD-7"
    save_changes(other, admin, "reference")
    run = checked(
        admin,
        csv_bytes(
            [
                f"V-1,Ann Lee,ann@example.org,,CLV,{network.name},,,,",
                f"V-2,Bo Kim,bo@example.org,,CLV,{network.name},,,,",
            ]
        ),
    )
    assert (run.created, run.updated) == (0, 1)
    assert texts(run) == [
        "Row 3, Email: bo@example.org is already a Community Living Volunteer here, "
        "with the reference OLD-7"
    ]
    runs.import_apply(actor=admin, run=run)
    by_hand.refresh_from_db()
    assert by_hand.reference == "V-1"
    assert VolunteerProfile.objects.filter(user__email="ann@example.org").count() == 1


def test_undo_removes_what_was_created_and_restores_what_was_changed(org_a, admin):
    network = org_a.network
    by_hand = recruit_add(
        actor=admin, kind="clv", full_name="Ann Lee", email="ann@example.org", network=network
    )
    lines = [
        f"V-1,Ann Lee,ann@example.org,,CLV,{network.name},interview,,,",
        *lines_for(network)[1:],
        f"V-3,Zed Ali,zed@example.org,,CLV,{network.name},,001234567892,01/06/2025,02/06/2025",
    ]
    run = checked(admin, csv_bytes(lines))
    runs.import_apply(actor=admin, run=run)
    by_hand.refresh_from_db()
    assert (by_hand.reference, by_hand.stage) == ("V-1", "interview")

    runs.import_undo(actor=admin, run=run)
    by_hand.refresh_from_db()
    assert (by_hand.reference, by_hand.stage) == ("", "applied")
    assert not VolunteerProfile.objects.filter(reference__in=["V-2", "V-3"]).exists()
    assert not DBSCheck.objects.filter(certificate_number="001234567892").exists()
    assert not TrainingRecord.objects.filter(profile__user__email="zed@example.org").exists()
    assert not User.objects.filter(email__in=["sam@example.org", "zed@example.org"]).exists()
    assert User.objects.filter(email="ann@example.org").exists()  # not the import's
    run.refresh_from_db()
    assert run.state == ImportRun.State.UNDONE


def test_undo_is_refused_once_a_volunteer_has_changed_since(org_a, admin):
    run = checked(admin, csv_bytes(lines_for(org_a.network)[1:]))
    runs.import_apply(actor=admin, run=run)
    sam = VolunteerProfile.objects.get(reference="V-2")
    sam.notes = "Met the members."
    save_changes(sam, admin, "notes")
    with pytest.raises(ValidationError, match="changed since"):
        runs.import_undo(actor=admin, run=run)


def test_the_upload_page_offers_volunteers_and_the_api_imports_them(client, org_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.helpers import api_token_for

    client.force_login(org_a.admin)
    page = client.get("/organisation/imports/new/").content.decode()
    assert 'value="volunteers"' in page
    assert "Nobody gets a login or a role from an import." in page
    client.logout()
    key = api_token_for(org_a.admin)
    with organisation_scope(org_a.organisation):
        upload = SimpleUploadedFile("volunteers.csv", csv_bytes(lines_for(org_a.network)))
    response = client.post(
        "/api/v1/imports/",
        {"kind": "volunteers", "file": upload},
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 201, response.json()
    answer = response.json()
    assert [o["action"] for o in answer["outcomes"]] == ["create", "create"]
    applied = client.post(
        f"/api/v1/imports/{answer['id']}/apply/", HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert applied.status_code == 200, applied.json()
    assert applied.json()["created"] == 2
