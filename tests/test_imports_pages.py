"""The import pages: upload, the column match the admin can correct, the
dry run, apply, the history with its error report, undo, and a large file
in the background with its progress."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from keyring_net.tenancy import organisation_scope
from members.models import Member
from spreadsheets.models import ImportRun
from spreadsheets.services.imports import runs
from tests.helpers import assert_constant_queries, pinned

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client, org_a):
    client.force_login(org_a.admin)
    return client


def upload(client, content: bytes, name="members.csv"):
    return client.post(
        "/organisation/imports/new/",
        {"kind": "members", "file": SimpleUploadedFile(name, content)},
    )


def members_file(org, count=2) -> bytes:
    lines = ["Ref,Name,Network,Notes"]
    lines += [f"M-{n},Person {n},{org.network.name},note" for n in range(count)]
    return "\n".join(lines).encode()


def only_run(org) -> ImportRun:
    with organisation_scope(org.organisation):
        return ImportRun.objects.get()


def test_upload_match_dry_run_apply_and_undo(admin, org_a):
    response = upload(admin, members_file(org_a))
    run = only_run(org_a)
    assert response.status_code == 302
    assert response["Location"] == f"/organisation/imports/{run.pk}/"

    # "Notes" matches no field: the admin must decide before anything is checked.
    page = admin.get(f"/organisation/imports/{run.pk}/").content.decode()
    assert "Column 4: Notes" in page
    response = admin.post(
        f"/organisation/imports/{run.pk}/",
        {"column_0": "reference", "column_1": "full_name", "column_2": "network", "column_3": ""},
    )
    assert "We could not match the column &#x27;Notes&#x27;" in response.content.decode()
    assert only_run(org_a).state == ImportRun.State.MATCHING

    response = admin.post(
        f"/organisation/imports/{run.pk}/",
        {"column_0": "reference", "column_1": "full_name", "column_2": "network", "column_3": "-"},
    )
    assert response.status_code == 302
    page = admin.get(f"/organisation/imports/{run.pk}/").content.decode()
    assert "What the import would do" in page
    assert "Person 1 (M-1)" in page
    with organisation_scope(org_a.organisation):
        assert not Member.objects.filter(reference="M-1").exists()

    admin.post(f"/organisation/imports/{run.pk}/apply/")
    with organisation_scope(org_a.organisation):
        assert Member.objects.filter(reference__in=["M-0", "M-1"]).count() == 2
    assert only_run(org_a).state == ImportRun.State.APPLIED

    admin.post(f"/organisation/imports/{run.pk}/undo/")
    with organisation_scope(org_a.organisation):
        assert not Member.objects.filter(reference__in=["M-0", "M-1"]).exists()
    assert only_run(org_a).state == ImportRun.State.UNDONE


def test_a_column_matched_twice_is_refused_next_to_it(admin, org_a):
    upload(admin, members_file(org_a))
    run = only_run(org_a)
    response = admin.post(
        f"/organisation/imports/{run.pk}/",
        {"column_0": "reference", "column_1": "reference", "column_2": "network", "column_3": "-"},
    )
    assert "Reference is already matched to the column" in response.content.decode()


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"\x00\x01\x02 not text", "photo.jpg", "must be a spreadsheet"),
        (b"", "members.csv", "The file is empty"),
        (b"M-1,Ann,Somewhere\n", "members.csv", "no header row"),
    ],
)
def test_a_bad_file_gets_a_message_next_to_the_field_and_nothing_is_kept(
    admin, org_a, content, name, words
):
    response = upload(admin, content, name)
    assert response.status_code == 200
    assert words in response.content.decode()
    with organisation_scope(org_a.organisation):
        assert not ImportRun.objects.exists()


def test_the_error_report_is_a_csv_safe_from_formulas(admin, org_a):
    network = org_a.network.name
    content = f"Reference,Full name,Network\n=1+1,Ann,{network}\n=1+1,Bob,{network}\n".encode()
    upload(admin, content)
    run = only_run(org_a)
    admin.post(
        f"/organisation/imports/{run.pk}/",
        {"column_0": "reference", "column_1": "full_name", "column_2": "network"},
    )
    report = admin.get(f"/organisation/imports/{run.pk}/problems/")
    lines = b"".join(report.streaming_content).decode("utf-8-sig").splitlines()
    assert report["Content-Type"].startswith("text/csv")
    assert lines == ["Row,Column,Problem", "3,Reference,'=1+1 is also on row 2"]


def test_a_large_file_runs_in_the_background_with_its_progress(
    admin, org_a, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(runs, "BACKGROUND_ROWS", 2)
    upload(admin, members_file(org_a, count=5))
    run = only_run(org_a)
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        admin.post(
            f"/organisation/imports/{run.pk}/",
            {
                "column_0": "reference",
                "column_1": "full_name",
                "column_2": "network",
                "column_3": "-",
            },
        )
    assert only_run(org_a).state == ImportRun.State.CHECKING
    page = admin.get(f"/organisation/imports/{run.pk}/").content.decode()
    assert "You can leave this page and come back" in page
    assert 'hx-get="/organisation/imports/' in page
    assert admin.get(f"/organisation/imports/{run.pk}/progress/").status_code == 200
    for callback in waiting:
        callback()  # the task, run in-process as in the embedded default
    assert only_run(org_a).state == ImportRun.State.CHECKED
    done = admin.get(f"/organisation/imports/{run.pk}/progress/")
    assert done["HX-Redirect"] == f"/organisation/imports/{run.pk}/"


def test_the_history_page_runs_a_constant_number_of_queries(admin, org_a):
    def make_rows(count):
        with organisation_scope(org_a.organisation):
            have = ImportRun.objects.count()
            ImportRun.objects.bulk_create(
                ImportRun(
                    organisation=org_a.organisation,
                    kind=ImportRun.Kind.MEMBERS,
                    file_name=f"file {n}.csv",
                    started_by=org_a.admin,
                    problem_rows=1,
                )
                for n in range(have, count)
            )

    def fetch():
        response = admin.get("/organisation/imports/")
        assert response.status_code == 200
        assert "file 2.csv" in response.content.decode()

    count = assert_constant_queries(make_rows, fetch)
    assert count == pinned(SQLITE_HISTORY_QUERIES)


SQLITE_HISTORY_QUERIES = 4
