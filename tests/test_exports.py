"""Exports of members, contacts, volunteer hours and volunteers' checks and
training, as CSV and Excel (.xlsx): opened and read back, safe from formula
injection, for people with the export permission only (a refusal is a 403
and is recorded), within the person's reach, recorded as views of the
members' records, in a constant number of queries, and through the API."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from keyring_net.models import Role
from keyring_net.tenancy import organisation_scope
from members.models import RecordAccess
from spreadsheets.exports_writing import safe_text
from spreadsheets.models import ExportRecord
from tests import factories
from tests.helpers import api_token_for, assert_constant_queries, pinned
from volunteers.clearance import ensure_mandatory_modules
from volunteers.models import DBSCheck, Shift, TrainingRecord, VolunteerProfile

pytestmark = pytest.mark.django_db

PAGE = "/organisation/exports/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INJECTION = '=HYPERLINK("http://evil.example/x","Click me")'


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = body(response).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def read_xlsx(response) -> list[list]:
    assert response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(body(response)))
    sheet = book.worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def export(client, what: str, format: str):
    response = client.post(PAGE, {"what": what, "format": format})
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment;")
    return read_xlsx(response) if format == "xlsx" else read_csv(response)


def column(rows: list[list], heading: str) -> list:
    at = rows[0].index(heading)
    return [row[at] for row in rows[1:]]


@pytest.fixture
def world(org_a):
    """org_a with a worked shift and a cleared CLV."""
    org = org_a.organisation
    with organisation_scope(org):
        start = timezone.now() - datetime.timedelta(days=2)
        Shift.objects.create(
            organisation=org,
            network=org_a.network,
            worker=org_a.clv,
            kind="clv",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=3, minutes=30),
            status=Shift.Status.WORKED,
        )
        Shift.objects.create(
            organisation=org,
            network=org_a.network,
            worker=org_a.clv,
            kind="clv",
            starts_at=start + datetime.timedelta(days=1),
            ends_at=start + datetime.timedelta(days=1, hours=2),
        )
        profile = VolunteerProfile.objects.create(
            organisation=org, user=org_a.clv, kind="clv", stage="active", network=org_a.network
        )
        today = timezone.localdate()
        DBSCheck.objects.create(
            organisation=org,
            profile=profile,
            level="enhanced",
            certificate_number="001234567890",
            issued_on=today - datetime.timedelta(days=400),
            renewal_due=today + datetime.timedelta(days=300),
        )
        for module in ensure_mandatory_modules(org):
            TrainingRecord.objects.create(
                organisation=org,
                profile=profile,
                module=module,
                completed_on=today - datetime.timedelta(days=30),
                expires_on=today + datetime.timedelta(days=700),
            )
    return org_a


# --- Each export, as CSV and .xlsx -------------------------------------------------------------


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_members_export(client, world, format):
    client.force_login(world.manager)
    rows = export(client, "members", format)
    assert rows[0][:5] == ["Reference", "Record number", "Full name", "Preferred name", "Status"]
    assert column(rows, "Full name") == [world.member.full_name]
    assert column(rows, "Network") == [world.network.name]
    number = column(rows, "Record number")[0]
    assert str(number) == str(world.member.pk)
    # Support needs (health) stay out of the file.
    assert not any(f"Needs {world.marker}" in str(cell) for row in rows for cell in row)


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_contacts_export(client, world, format):
    client.force_login(world.manager)
    rows = export(client, "contacts", format)
    assert column(rows, "Member") == [world.member.full_name]
    assert column(rows, "Who gave support") == [world.clv.full_name]
    assert column(rows, "How") == ["Visit"]
    assert [str(m) for m in column(rows, "Minutes")] == ["30"]
    assert column(rows, "Notes") == [f"Contact {world.marker}"]
    when = column(rows, "When")[0]
    assert isinstance(when, datetime.datetime) if format == "xlsx" else len(when) == 16


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_hours_export_lists_shifts_worked(client, world, format):
    client.force_login(world.manager)
    rows = export(client, "hours", format)
    assert column(rows, "Who") == [world.clv.full_name]  # the planned shift is not hours
    assert [str(h) for h in column(rows, "Hours")] == ["3.5"]


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_compliance_export(client, world, format):
    client.force_login(world.manager)
    rows = export(client, "compliance", format)
    assert column(rows, "Name") == [world.clv.full_name]
    assert column(rows, "DBS check") == ["Enhanced"]
    assert "Safeguarding: runs out on" in rows[0]
    cleared = column(rows, "Cleared for lone visits today")[0]
    assert cleared in ("Yes", True)
    assert column(rows, "What is missing") == ["" if format == "csv" else None]


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_each_export_starts_with_the_organisations_own_reference(client, world, format):
    """So a provider can match a file back to its older system."""
    member, network = world.member, world.network
    with organisation_scope(world.organisation):
        member.reference, network.reference = "=M-0042", "NW-7"
        member.save(update_fields=["reference"])  # test data, as an import sets it
        network.save(update_fields=["reference"])
        home = member.home or factories.HomeFactory(network=network)
        home.reference = "H-19"
        home.save(update_fields=["reference"])
        member.home = home
        member.save(update_fields=["home"])
    client.force_login(world.manager)
    members = export(client, "members", format)
    assert members[0][0] == "Reference"
    assert column(members, "Reference") == ["'=M-0042"]  # a formula stays text
    assert column(members, "Network reference") == ["NW-7"]
    assert column(members, "Home reference") == ["H-19"]
    contacts = export(client, "contacts", format)
    assert contacts[0][0] == "Member's reference"
    assert column(contacts, "Member's reference") == ["'=M-0042"]
    for what in ("hours", "compliance"):
        rows = export(client, what, format)
        assert rows[0][0] == "Network reference"
        assert set(column(rows, "Network reference")) == {"NW-7"}


def test_an_empty_reference_is_an_empty_cell(client, world):
    client.force_login(world.manager)
    rows = export(client, "members", "xlsx")
    assert column(rows, "Reference") == [None]


def test_compliance_export_says_what_is_missing(client, world):
    with organisation_scope(world.organisation):
        TrainingRecord.objects.filter(module__name="Lone Working").delete()
        DBSCheck.objects.update(renewal_due=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(world.manager)
    rows = export(client, "compliance", "csv")
    assert column(rows, "Cleared for lone visits today") == ["No"]
    assert column(rows, "What is missing") == ["DBS check ran out. Lone Working training not done."]


# --- Formula injection -------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_that_a_spreadsheet_would_run_is_quoted(start):
    assert safe_text(f"{start}1+1") == f"'{start}1+1"
    assert safe_text("Anne = Bob") == "Anne = Bob"


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_a_member_named_like_a_formula_is_text_in_the_file(client, world, format):
    with organisation_scope(world.organisation):
        factories.MemberFactory(network=world.network, full_name=INJECTION)
    client.force_login(world.manager)
    response = client.post(PAGE, {"what": "members", "format": format})
    if format == "xlsx":
        book = load_workbook(io.BytesIO(body(response)))
        cells = [c for row in book.worksheets[0].iter_rows() for c in row]
        names = [c for c in cells if "HYPERLINK" in str(c.value)]
        assert [(c.value, c.data_type) for c in names] == [(f"'{INJECTION}", "s")]
        assert not [c for c in cells if c.data_type == "f"]
    else:
        rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))
        assert f"'{INJECTION}" in column(rows, "Full name")
        assert INJECTION not in column(rows, "Full name")


# --- Who may export, and what is recorded ------------------------------------------------------


def test_an_export_is_recorded_with_its_rows(client, world):
    client.force_login(world.manager)
    export(client, "contacts", "xlsx")
    with organisation_scope(world.organisation):
        record = ExportRecord.objects.get()
    assert (record.person, record.what, record.format, record.rows) == (
        world.manager,
        "contacts",
        "xlsx",
        1,
    )
    assert (record.outcome, record.channel) == ("exported", "page")


@pytest.mark.parametrize("role", [Role.ORG_ADMIN, Role.CLV, Role.MEMBER, Role.COMMISSIONER])
def test_anyone_without_the_export_permission_is_refused_and_it_is_recorded(client, world, role):
    client.force_login(world.users[role])
    response = client.post(PAGE, {"what": "members", "format": "csv"})
    assert response.status_code == 403
    assert world.member.full_name not in response.content.decode()
    assert client.get(PAGE).status_code == 403
    with organisation_scope(world.organisation):
        refused = list(
            ExportRecord.objects.order_by("pk").values_list("person", "what", "outcome", "rows")
        )
        assert not RecordAccess.objects.filter(channel="export").exists()
    person = world.users[role].pk
    assert refused == [(person, "members", "refused", None), (person, "page", "refused", None)]


def test_a_refusal_breaks_no_rule_when_the_form_is_sent_empty(client, world):
    client.force_login(world.clv)
    assert client.post(PAGE, {"what": "everything"}).status_code == 403
    with organisation_scope(world.organisation):
        assert ExportRecord.objects.get().what == "page"


def test_a_members_export_is_in_each_members_record_views(client, world):
    with organisation_scope(world.organisation):
        other = factories.MemberFactory(network=world.network, full_name="Second member")
    client.force_login(world.manager)
    export(client, "members", "csv")
    export(client, "hours", "csv")  # about volunteers: no member's record
    with organisation_scope(world.organisation):
        seen = sorted(
            RecordAccess.objects.filter(channel="export").values_list(
                "member_id", "viewer_id", "in_list"
            )
        )
    assert seen == sorted(
        [(world.member.pk, world.manager.pk, True), (other.pk, world.manager.pk, True)]
    )


# --- Reach -------------------------------------------------------------------------------------


def test_a_support_manager_exports_only_their_clusters_records(client, world):
    org = world.organisation
    with organisation_scope(org):
        cluster = factories.ClusterFactory(organisation=org, name="Another cluster")
        network = factories.NetworkFactory(cluster=cluster, name="Another network")
        outside = factories.MemberFactory(network=network, full_name="Out of reach")
        Shift.objects.create(
            organisation=org,
            network=network,
            worker=world.users[Role.COMMUNITY_ENABLER],
            kind="evening",
            starts_at=timezone.now() - datetime.timedelta(days=3),
            ends_at=timezone.now() - datetime.timedelta(days=3) + datetime.timedelta(hours=1),
            status=Shift.Status.WORKED,
        )
    client.force_login(world.manager)
    assert column(export(client, "members", "csv"), "Full name") == [world.member.full_name]
    assert column(export(client, "hours", "xlsx"), "Network") == [world.network.name]
    with organisation_scope(org):
        assert not RecordAccess.objects.filter(member=outside).exists()


# --- Query counts ------------------------------------------------------------------------------

# The session, the person and their roles; then the rows (one query, read in
# chunks; the mandatory courses first for checks and training), the export
# record, and for members' records one insert into who has looked at them.
EXPORT_QUERIES = {"members": 6, "contacts": 6, "hours": 5, "compliance": 6}


@pytest.mark.parametrize("what", sorted(EXPORT_QUERIES))
def test_an_export_runs_a_constant_number_of_queries(client, world, what):
    org = world.organisation
    client.force_login(world.manager)

    def make_rows(n: int) -> None:
        with organisation_scope(org):
            for i in range(n - _count(world, what)):
                _add_row(world, what, i)

    def fetch():
        response = client.post(PAGE, {"what": what, "format": "xlsx"})
        assert response.status_code == 200
        body(response)

    count = assert_constant_queries(make_rows, fetch, sizes=(3, 60))
    assert count == pinned(EXPORT_QUERIES[what])


def _count(world, what: str) -> int:
    from members.models import Contact, Member

    with organisation_scope(world.organisation):
        model = {
            "members": Member,
            "contacts": Contact,
            "hours": Shift,
            "compliance": VolunteerProfile,
        }[what]
        return model.objects.count()


def _add_row(world, what: str, i: int) -> None:
    from members.models import Contact

    org = world.organisation
    if what == "members":
        factories.MemberFactory(network=world.network)
    elif what == "contacts":
        Contact.objects.create(
            organisation=org,
            member=world.member,
            worker=world.clv,
            happened_at=timezone.now() - datetime.timedelta(hours=i + 2),
            minutes=20,
            method="phone",
        )
    elif what == "hours":
        start = timezone.now() - datetime.timedelta(days=i + 10)
        Shift.objects.create(
            organisation=org,
            network=world.network,
            worker=world.clv,
            kind="clv",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            status=Shift.Status.WORKED,
        )
    else:
        user = factories.UserFactory()
        VolunteerProfile.objects.create(
            organisation=org, user=user, kind="connections_volunteer", network=world.network
        )


def test_the_export_page_runs_a_constant_number_of_queries(client, world):
    client.force_login(world.manager)

    def make_rows(n: int) -> None:
        with organisation_scope(world.organisation):
            have = ExportRecord.objects.count()
            ExportRecord.objects.bulk_create(
                ExportRecord(
                    organisation=world.organisation,
                    person=world.manager,
                    what="members",
                    format="csv",
                    outcome="exported",
                    channel="page",
                    rows=i,
                )
                for i in range(n - have)
            )

    def fetch():
        response = client.get(PAGE)
        assert response.status_code == 200
        assert world.manager.full_name in response.content.decode()

    count = assert_constant_queries(make_rows, fetch)
    assert count == pinned(PAGE_QUERIES)


PAGE_QUERIES = 4  # the session, the person, their roles, the history


def test_the_export_page_lists_what_can_be_exported_and_the_history(client, world):
    client.force_login(world.manager)
    home = client.get("/", follow=True).content.decode()
    assert 'href="/organisation/exports/"' in home  # in the support manager's navigation
    export(client, "members", "csv")
    page = client.get(PAGE).content.decode()
    for label in ("Members", "Contacts", "Volunteer hours", "Volunteer checks and training"):
        assert label in page
    assert "Exports so far" in page and world.manager.full_name in page
    client.force_login(world.clv)
    assert 'href="/organisation/exports/"' not in client.get("/", follow=True).content.decode()


def test_a_form_sent_without_a_choice_says_what_is_missing(client, world):
    client.force_login(world.manager)
    response = client.post(PAGE, {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose what to export." in page and "Choose the kind of file." in page


# --- API ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_the_api_answers_with_the_file(client, world, format):
    key = api_token_for(world.manager)
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    response = client.get(f"/api/v1/exports/members/?format={format}", **auth)
    assert response.status_code == 200
    rows = read_xlsx(response) if format == "xlsx" else read_csv(response)
    assert column(rows, "Full name") == [world.member.full_name]
    listed = client.get("/api/v1/exports/", **auth).json()["results"]
    assert [(r["what"], r["format"], r["rows"], r["channel"]) for r in listed] == [
        ("members", format, 1, "api")
    ]


def test_the_api_refuses_and_records_it(client, world):
    key = api_token_for(world.clv)
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    response = client.get("/api/v1/exports/contacts/?format=xlsx", **auth)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json()
    assert client.get("/api/v1/exports/", **auth).status_code == 403
    with organisation_scope(world.organisation):
        assert list(
            ExportRecord.objects.order_by("pk").values_list("what", "format", "outcome", "channel")
        ) == [("contacts", "xlsx", "refused", "api"), ("page", "", "refused", "api")]


def test_the_api_says_which_formats_it_gives(client, world):
    key = api_token_for(world.manager)
    response = client.get("/api/v1/exports/hours/?format=json", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 400
    assert "format=csv" in response.content.decode()


def test_the_exports_are_in_the_api_schema(client, world):
    client.force_login(world.manager)
    schema = client.get("/api/schema/?format=json")
    text = schema.content.decode()
    assert "/api/v1/exports/members/" in text and "/api/v1/exports/" in text
