"""Importing members and their homes from files made the way other tools
make them: the engine's reading and checks, the run's steps (dry run,
apply all or none, undo), and bad files that write nothing."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from keyring_net.actors import Actor
from keyring_net.tenancy import organisation_scope
from members.models import Member
from networks.geo.geocoders import SOURCE_NEEDS_LOCATION
from networks.models import Home
from spreadsheets.models import ImportRun
from spreadsheets.selectors.imports import problem_rows, report_rows
from spreadsheets.services.imports import runs
from spreadsheets.services.imports.engine import problem_text

pytestmark = pytest.mark.django_db

HEADERS = ["Reference", "Surname", "First name", "DOB", "Network", "Address", "Town", "Post code"]


def xlsx(rows, headers=HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(lines, *, encoding="utf-8-sig") -> bytes:
    return "\r\n".join(lines).encode(encoding)


@pytest.fixture
def admin(org_a):
    with organisation_scope(org_a.organisation):
        yield Actor.for_user(org_a.admin, org_a.organisation.pk)


def start(actor, data, name="members.csv"):
    return runs.import_start(actor=actor, kind="members", file_name=name, data=data)


def checked(actor, data, name="members.csv"):
    run = start(actor, data, name)
    return runs.import_match(actor=actor, run=run, columns=run.columns)


def texts(run):
    return [problem_text({"row": r.row, **p}) for r in problem_rows(run) for p in r.problems]


def outcomes(run):
    return list(report_rows(run).values("row", "action", "what", "address"))


def test_a_csv_with_a_byte_order_mark_dates_day_first_and_lower_case_postcodes(org_a, admin):
    network = org_a.network.name
    data = csv_bytes(
        [
            ",".join(HEADERS),
            f"M-001 ,Smith,Ann,03/02/1980,{network},12 Chapel Street,Manchester,m19 3ab",
            ",,,,,,,",
            f"M-002,Jones,Bob,1975-11-30,{network.upper()},14 Chapel Street,Manchester,M193AB  ",
        ]
    )
    run = checked(admin, data)
    assert run.state == ImportRun.State.CHECKED
    assert (run.created, run.updated, run.skipped, run.problem_rows) == (2, 0, 0, 0)
    assert [o["row"] for o in outcomes(run)] == [2, 4]
    assert not Member.objects.filter(reference="M-001").exists()  # a dry run writes nothing

    runs.import_apply(actor=admin, run=run)
    ann = Member.objects.get(reference="M-001")
    assert ann.full_name == "Ann Smith"
    assert ann.date_of_birth == datetime.date(1980, 2, 3)
    assert ann.network == org_a.network
    assert ann.status == Member.Status.ACTIVE
    assert ann.home.postcode == "M19 3AB"
    assert ann.history.first().history_user == org_a.admin
    assert Member.objects.get(reference="M-002").home.postcode == "M19 3AB"
    run.refresh_from_db()
    assert run.state == ImportRun.State.APPLIED
    assert run.file_bytes is None


def test_windows_1252_text_is_read(org_a, admin):
    data = csv_bytes(
        [",".join(HEADERS), f"M-010,Brontë,Zoë,01/01/1990,{org_a.network.name},,,"],
        encoding="cp1252",
    )
    run = checked(admin, data)
    runs.import_apply(actor=admin, run=run)
    assert Member.objects.get(reference="M-010").full_name == "Zoë Brontë"


def test_each_problem_names_its_row_and_column_in_plain_words(org_a, org_b, admin):
    network = org_a.network.name
    data = xlsx(
        [
            ["M-1", "Smith", "Ann", "31/02/1980", network, "1 High St", "Leeds", "M19 3AB"],
            ["M-2", "Jones", "Bob", "01/01/1970", org_b.network.name, "", "", ""],
            ["M-1", "Smith", "Ann", "01/01/1970", network, "", "", ""],
            ["M-3", "Khan", "Ali", "01/01/1970", network, "2 High St", "Leeds", "NOT A CODE"],
            ["", "Lee", "Kim", "01/01/1970", network, "", "", ""],
            ["M-4", "Ng", "Jo", "01/01/1970", "", "", "", ""],
        ]
    )
    run = checked(admin, data, "members.xlsx")
    assert texts(run) == [
        "Row 2, DOB: 31/02/1980 is not a date (write it as day/month/year, like 31/01/1980)",
        f"Row 3, Network: there is no network called {org_b.network.name} in your organisation",
        "Row 4, Reference: M-1 is also on row 2",
        "Row 5, Post code: NOT A CODE is not a full UK postcode (like M19 3AB)",
        "Row 6, Reference: every row needs the member's reference",
        "Row 7, Network: every member needs their network",
    ]
    assert run.problem_rows == 6
    runs.import_apply(actor=admin, run=run)
    assert not Member.objects.filter(reference__startswith="M-").exists()


def test_excel_date_cells_numbers_as_text_and_formula_cells(org_a, admin):
    headers = ["Ref", "Name", "Date of birth", "Network", "Support hours", "Known as"]
    data = xlsx(
        [
            [1001, "Ann Smith", datetime.datetime(1980, 2, 3), org_a.network.name, "3.5", "=1+1"],
        ],
        headers,
    )
    run = checked(admin, data, "members.xlsx")
    assert texts(run) == []
    runs.import_apply(actor=admin, run=run)
    ann = Member.objects.get(reference="1001")
    assert ann.date_of_birth == datetime.date(1980, 2, 3)
    assert str(ann.support_hours_per_week) == "3.5"
    assert ann.preferred_name == "=1+1"  # kept as text, never worked out


def test_importing_the_same_file_again_changes_nothing_and_a_change_updates(org_a, admin):
    line = f"M-1,Smith,Ann,03/02/1980,{org_a.network.name},12 Chapel Street,Manchester,M19 3AB"
    data = csv_bytes([",".join(HEADERS), line])
    runs.import_apply(actor=admin, run=checked(admin, data))
    again = checked(admin, data)
    assert (again.created, again.updated, again.skipped) == (0, 0, 1)
    runs.import_apply(actor=admin, run=again)
    assert Member.objects.filter(reference="M-1").count() == 1
    assert Home.objects.filter(postcode="M19 3AB", address_line_1="12 Chapel Street").count() == 1

    changed = checked(admin, csv_bytes([",".join(HEADERS), line.replace("Ann", "Anne")]))
    assert (changed.created, changed.updated) == (0, 1)
    runs.import_apply(actor=admin, run=changed)
    assert Member.objects.get(reference="M-1").full_name == "Anne Smith"


def test_a_member_already_recorded_without_a_reference_is_not_added_twice(org_a, admin):
    line = f"M-9,{org_a.marker},Member,,{org_a.network.name},,,"
    run = checked(admin, csv_bytes([",".join(HEADERS), line]))
    assert texts(run) == [
        f"Row 2, Surname: {org_a.member.full_name} is already recorded, without a reference: "
        "this row would add them twice"
    ]


def test_a_postcode_the_geocoder_cannot_place_is_imported_and_flagged(org_a, admin):
    line = f"M-1,Smith,Ann,,{org_a.network.name},1 Lerwick Road,Lerwick,ze2 9ab"
    run = checked(admin, csv_bytes([",".join(HEADERS), line]))
    assert texts(run) == []
    assert "flagged for a location" in outcomes(run)[0]["what"]
    runs.import_apply(actor=admin, run=run)
    home = Member.objects.get(reference="M-1").home
    assert home.postcode == "ZE2 9AB"
    assert home.latitude is None
    assert home.location_source == SOURCE_NEEDS_LOCATION


def test_undo_removes_what_was_created_and_restores_what_was_changed(org_a, admin):
    line = f"M-1,Smith,Ann,,{org_a.network.name},12 Chapel Street,Manchester,M19 3AB"
    runs.import_apply(actor=admin, run=checked(admin, csv_bytes([",".join(HEADERS), line])))
    second = checked(admin, csv_bytes([",".join(HEADERS), line, line.replace("M-1,", "M-2,")]))
    second = runs.import_apply(actor=admin, run=second)
    assert second.created == 1
    first_run = ImportRun.objects.order_by("pk").first()
    runs.import_undo(actor=admin, run=second)
    assert not Member.objects.filter(reference="M-2").exists()
    assert Member.objects.filter(reference="M-1").exists()
    runs.import_undo(actor=admin, run=first_run)
    assert not Member.objects.filter(reference="M-1").exists()
    assert not Home.objects.filter(address_line_1="12 Chapel Street").exists()


def test_undo_is_refused_once_a_record_has_changed_since(org_a, admin):
    from keyring_net.actors import save_changes

    line = f"M-1,Smith,Ann,,{org_a.network.name},,,"
    run = runs.import_apply(actor=admin, run=checked(admin, csv_bytes([",".join(HEADERS), line])))
    ann = Member.objects.get(reference="M-1")
    ann.preferred_name = "Annie"
    save_changes(ann, admin, "preferred_name")
    with pytest.raises(ValidationError, match="changed since"):
        runs.import_undo(actor=admin, run=run)
    assert Member.objects.filter(reference="M-1").exists()


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"%PDF-1.4 \x00\x01 binary", "report.pdf", "must be a spreadsheet"),
        (b"PK\x03\x04 not really a workbook", "members.xlsx", "must be a spreadsheet"),
        (b"", "members.csv", "The file is empty"),
        (b"\n\n \n", "members.csv", "The file is empty"),
        (b"M-1,Smith,Ann\nM-2,Jones,Bob\n", "members.csv", "no header row"),
        (b"Reference,Surname,Network\n", "members.csv", "no records below it"),
        (b"Reference,Surname\nM-1,Smith\n", "members.csv", "needs a column for: Network"),
    ],
)
def test_bad_files_are_refused_in_plain_words_and_nothing_is_kept(admin, data, name, words):
    with pytest.raises(ValidationError) as refused:
        start(admin, data, name)
    assert words in " ".join(refused.value.message_dict["file"])
    assert not ImportRun.objects.exists()


def test_a_file_over_20_mb_is_refused(admin):
    with pytest.raises(ValidationError, match="bigger than 20 MB"):
        start(admin, b"Reference\n" + b"x" * (20 * 1024 * 1024))
    assert not ImportRun.objects.exists()


def test_only_the_organisation_admin_may_import(org_a):
    from django.core.exceptions import PermissionDenied

    with organisation_scope(org_a.organisation):
        manager = Actor.for_user(org_a.manager, org_a.organisation.pk)
        with pytest.raises(PermissionDenied):
            start(manager, csv_bytes(["Reference,Name,Network", "M-1,Ann,N"]))


def test_homes_on_their_own_are_imported_matched_on_their_reference_and_undone(org_a, admin):
    network = org_a.network.name
    data = csv_bytes(
        [
            "Property ref,Address,Town,Postcode,Tenure,Network",
            f"H-1,3 Mill Lane,Manchester,m19 2ab,Council,{network}",
            "H-2,4 Mill Lane,Manchester,,Owned,",
            "H-1,5 Mill Lane,Manchester,M19 2AB,Owned,Elsewhere",
        ]
    )

    def check(content):
        run = runs.import_start(actor=admin, kind="homes", file_name="homes.csv", data=content)
        return runs.import_match(actor=admin, run=run, columns=run.columns)

    run = check(data)
    assert texts(run) == [
        "Row 3, Postcode: every home needs its postcode",
        "Row 4, Property ref: H-1 is also on row 2",
        "Row 4, Network: there is no network called Elsewhere in your organisation",
    ]
    run = runs.import_apply(actor=admin, run=run)
    home = Home.objects.get(reference="H-1")
    assert (home.postcode, home.tenure, home.network) == ("M19 2AB", "council", org_a.network)
    assert (check(data).created, check(data).updated) == (0, 0)

    moved = check(data.replace(b"Council", b"Owned"))
    assert moved.updated == 1
    runs.import_apply(actor=admin, run=moved)
    assert Home.objects.get(reference="H-1").tenure == "owned"
    runs.import_undo(actor=admin, run=moved)
    assert Home.objects.get(reference="H-1").tenure == "council"
