"""An import's row-by-row report: a table of its own, written a batch at a
time, read a page at a time by the pages and the API and streamed by the
error report; addresses only for those who may see them; nothing of the
report or the uploaded file in the run's change history."""

from __future__ import annotations

import importlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from keyring_net.actors import Actor
from keyring_net.models import Role
from keyring_net.tenancy import organisation_scope
from spreadsheets.models import ImportReportRow, ImportRun
from spreadsheets.selectors.imports import report_rows
from spreadsheets.services.imports import engine, runs
from tests import factories
from tests.helpers import api_token_for, assert_constant_queries

pytestmark = pytest.mark.django_db

ADDRESS = "12 Chapel Street"


def homes_file(count: int, *, bad: int = 0) -> bytes:
    """A homes file: ``count`` homes, the last ``bad`` of them with a
    postcode that is not one."""
    lines = ["Home reference,Address line 1,Town,Postcode"]
    for n in range(count):
        postcode = "NOT A CODE" if n >= count - bad else "M19 3AB"
        lines.append(f"H-{n},{n} {ADDRESS},Manchester,{postcode}")
    return "\n".join(lines).encode()


def checked(org, data: bytes, kind: str = "homes") -> ImportRun:
    with organisation_scope(org.organisation):
        actor = Actor.for_user(org.admin, org.organisation.pk)
        run = runs.import_start(actor=actor, kind=kind, file_name="homes.csv", data=data)
        return runs.import_match(actor=actor, run=run, columns=run.columns)


@pytest.fixture
def admin(client, org_a):
    client.force_login(org_a.admin)
    return client


def test_the_report_is_written_a_batch_at_a_time_as_rows_of_its_own(org_a, monkeypatch):
    monkeypatch.setattr(engine, "BATCH", 2)
    written = []
    bulk_create = ImportReportRow.objects.bulk_create

    def counted(rows, *args, **kwargs):
        written.append(len(rows))
        return bulk_create(rows, *args, **kwargs)

    monkeypatch.setattr(ImportReportRow.objects, "bulk_create", counted)
    run = checked(org_a, homes_file(5, bad=1))
    assert written == [2, 2, 1]
    with organisation_scope(org_a.organisation):
        rows = list(report_rows(run))
    assert [(r.row, r.action) for r in rows] == [
        (2, "create"),
        (3, "create"),
        (4, "create"),
        (5, "create"),
        (6, "problem"),
    ]
    assert rows[0].what == "Home H-0"
    assert rows[0].address == f"0 {ADDRESS}, Manchester, M19 3AB"
    assert rows[4].problems == [
        {"column": "Postcode", "message": "NOT A CODE is not a full UK postcode (like M19 3AB)"}
    ]
    assert (run.created, run.problem_rows) == (4, 1)


def test_checking_again_shows_only_the_new_report_and_applying_writes_what_it_did(org_a):
    run = checked(org_a, homes_file(2, bad=1))
    with organisation_scope(org_a.organisation):
        actor = Actor.for_user(org_a.admin, org_a.organisation.pk)
        run = runs.import_match(actor=actor, run=run, columns=run.columns)
        assert run.report_number == 2
        assert [r.action for r in report_rows(run)] == ["create", "problem"]
        assert ImportReportRow.objects.filter(run=run).count() == 4  # the first is kept
        runs.import_apply(actor=actor, run=run)
        assert run.report_number == 3
        assert [r.action for r in report_rows(run)] == ["create", "problem"]


def test_neither_the_report_nor_the_file_is_copied_into_the_change_history(org_a):
    kept = {f.name for f in ImportRun.history.model._meta.fields}
    assert {"file_bytes", "problems", "outcomes"}.isdisjoint(kept)
    assert {"state", "created", "report_number"} <= kept
    run = checked(org_a, homes_file(2))
    with organisation_scope(org_a.organisation):
        states = list(run.history.order_by("history_id").values_list("state", flat=True))
    assert states == ["matching", "checking", "checked"]


def test_an_admin_sees_each_rows_reference_but_not_its_address(admin, org_a):
    run = checked(org_a, homes_file(2, bad=1))
    page = admin.get(f"/organisation/imports/{run.pk}/").content.decode()
    assert "Home H-0" in page
    assert ADDRESS not in page
    assert "Addresses are not shown" in page

    report = admin.get(f"/organisation/imports/{run.pk}/problems/")
    text = b"".join(report.streaming_content).decode("utf-8-sig")
    assert text.splitlines() == [
        "Row,Column,Problem",
        "3,Postcode,NOT A CODE is not a full UK postcode (like M19 3AB)",
    ]
    assert ADDRESS not in text


def test_an_admin_who_may_see_addresses_sees_them(admin, org_a):
    with organisation_scope(org_a.organisation):
        factories.RoleAssignmentFactory(
            organisation=org_a.organisation,
            user=org_a.admin,
            role=Role.SUPPORT_MANAGER,
            cluster=org_a.network.cluster,
        )
    run = checked(org_a, homes_file(1))
    page = admin.get(f"/organisation/imports/{run.pk}/").content.decode()
    assert f"0 {ADDRESS}, Manchester, M19 3AB" in page
    assert "Addresses are not shown" not in page


def test_the_api_pages_through_the_report_and_keeps_addresses_from_an_admin(client, org_a):
    key = api_token_for(org_a.admin)
    upload = SimpleUploadedFile("homes.csv", homes_file(3, bad=1))
    made = client.post(
        "/api/v1/imports/", {"kind": "homes", "file": upload}, HTTP_AUTHORIZATION=f"Token {key}"
    ).json()
    assert [o["what"] for o in made["outcomes"]] == ["Home H-0", "Home H-1", "Home H-2"]
    assert all("address" not in o for o in made["outcomes"])
    assert made["problems"][0]["text"] == (
        "Row 4, Postcode: NOT A CODE is not a full UK postcode (like M19 3AB)"
    )
    assert ADDRESS not in str(made)
    rows = client.get(
        f"/api/v1/imports/{made['id']}/rows/?page_size=2", HTTP_AUTHORIZATION=f"Token {key}"
    ).json()
    assert rows["count"] == 3
    assert [r["row"] for r in rows["results"]] == [2, 3]
    assert rows["results"][0] == {"row": 2, "action": "create", "what": "Home H-0", "problems": []}
    later = client.get(rows["next"], HTTP_AUTHORIZATION=f"Token {key}").json()
    assert later["results"][0]["problems"] == [
        {"column": "Postcode", "message": "NOT A CODE is not a full UK postcode (like M19 3AB)"}
    ]


def _grow_report(org, run):
    """``make_rows`` for ``assert_constant_queries``: the run's report
    grows to ``count`` rows, one in three with a problem."""

    def make_rows(count):
        with organisation_scope(org.organisation):
            have = ImportReportRow.objects.filter(run=run).count()
            ImportReportRow.objects.bulk_create(
                ImportReportRow(
                    organisation=org.organisation,
                    run=run,
                    report=run.report_number,
                    row=n + 2,
                    action="problem" if n % 3 == 0 else "create",
                    what=f"Home H-{n}",
                    address=f"{n} {ADDRESS}",
                    problems=[{"column": "Postcode", "message": "not a postcode"}]
                    if n % 3 == 0
                    else [],
                )
                for n in range(have, count)
            )

    return make_rows


def test_the_import_page_runs_a_constant_number_of_queries(admin, org_a):
    run = checked(org_a, homes_file(1))
    with organisation_scope(org_a.organisation):
        ImportReportRow.objects.filter(run=run).delete()

    def fetch():
        response = admin.get(f"/organisation/imports/{run.pk}/?page=1")
        assert response.status_code == 200
        assert "Home H-2" in response.content.decode()

    assert_constant_queries(_grow_report(org_a, run), fetch)


def test_the_error_report_runs_a_constant_number_of_queries(admin, org_a):
    run = checked(org_a, homes_file(1))
    with organisation_scope(org_a.organisation):
        ImportReportRow.objects.filter(run=run).delete()

    def fetch():
        response = admin.get(f"/organisation/imports/{run.pk}/problems/")
        assert response.status_code == 200
        assert b"not a postcode" in b"".join(response.streaming_content)

    assert_constant_queries(_grow_report(org_a, run), fetch)


@pytest.mark.parametrize("path", ["", "rows/"])
def test_the_api_runs_a_constant_number_of_queries(client, org_a, path):
    key = api_token_for(org_a.admin)
    run = checked(org_a, homes_file(1))
    with organisation_scope(org_a.organisation):
        ImportReportRow.objects.filter(run=run).delete()

    def fetch():
        response = client.get(f"/api/v1/imports/{run.pk}/{path}", HTTP_AUTHORIZATION=f"Token {key}")
        assert response.status_code == 200
        assert "Home H-2" in response.content.decode()

    assert_constant_queries(_grow_report(org_a, run), fetch)


def test_the_first_row_of_each_key_is_remembered_across_merges():
    seen = engine.FirstRows()
    for n in range(2500):  # two merges and some waiting
        seen[f"M-{n}"] = n + 2
    seen[("address", "12 chapel street", "M19 3AB")] = 0
    assert "M-0" in seen
    assert seen["M-2499"] == 2501
    assert seen.get(("address", "12 chapel street", "M19 3AB")) == 0
    assert "M-2500" not in seen
    assert seen.get("M-2500") is None
    with pytest.raises(KeyError):
        seen["M-2500"]
    seen["M-7"] = 99
    assert seen["M-7"] == 99


def test_reports_kept_on_the_run_before_are_split_into_words_and_address():
    moved = importlib.import_module("spreadsheets.migrations.0005_move_import_reports")
    assert moved._split(
        "members", "Ann Smith (M-1), new home 12 Chapel Street, M19 3AB (postcode not found)"
    ) == ("Ann Smith (M-1), new home (postcode not found)", "12 Chapel Street, M19 3AB")
    assert moved._split("homes", "12 Chapel Street, M19 3AB (H-1)") == (
        "Home H-1",
        "12 Chapel Street, M19 3AB",
    )
    assert moved._split("members", "Ann Smith (M-1)") == ("Ann Smith (M-1)", "")
