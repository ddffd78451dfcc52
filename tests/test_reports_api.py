"""The contracts and reports API: the same rules as the pages, figures
suppressed, downloads, bad periods and another organisation's ids."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from keyring_net.models import Role
from outcomes.models import CommissionerReport, Contract
from outcomes.tasks import render_report_task
from tests.report_helpers import council_of, make_contract, make_report

pytestmark = pytest.mark.django_db


def contract_body(world, **overrides) -> dict:
    return {
        "local_authority": council_of(world).pk,
        "name": "Supported living",
        "starts_on": "2026-04-01",
        "ends_on": "2027-03-31",
        "networks": [world.network.pk],
    } | overrides


def test_an_admin_adds_a_contract_and_the_commissioner_reads_it(client, org_a):
    client.force_login(org_a.admin)
    response = client.post(
        "/api/v1/contracts/", contract_body(org_a), content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["network_names"] == [org_a.network.name]
    assert body["report_every_months"] == 3
    client.force_login(org_a.users[Role.COMMISSIONER])
    assert [c["name"] for c in client.get("/api/v1/contracts/").json()["results"]] == [
        "Supported living"
    ]


def test_another_organisations_network_id_lands_nothing(client, org_a, org_b):
    client.force_login(org_a.admin)
    response = client.post(
        "/api/v1/contracts/",
        contract_body(org_a, networks=[org_b.network.pk], organisation=org_b.organisation.pk),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["networks"] == ["Not found."] or "Not found." in str(
        response.json()
    )
    with scopes_disabled():
        assert not Contract.objects.exists()


def test_a_contract_that_ends_before_it_starts_is_refused(client, org_a):
    client.force_login(org_a.admin)
    response = client.post(
        "/api/v1/contracts/",
        contract_body(org_a, starts_on="2027-01-01", ends_on="2026-01-01"),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "The end date must be after the start date." in str(response.json())


def test_a_commissioner_asks_for_a_report_and_downloads_it(
    client, org_a, django_capture_on_commit_callbacks
):
    contract = make_contract(org_a)
    client.force_login(org_a.users[Role.COMMISSIONER])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/reports/",
            {"contract": contract.pk, "period_start": "2026-07-01", "period_end": "2026-09-30"},
            content_type="application/json",
        )
    assert response.status_code == 201, response.json()
    report_id = response.json()["id"]
    body = client.get(f"/api/v1/reports/{report_id}/").json()
    assert body["status"] == "ready"
    assert body["figures"]["rows"][0]["name"] == "All networks"
    assert body["figures"]["suppressed_label"] == "fewer than 8"
    pdf = client.get(f"/api/v1/reports/{report_id}/download/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"].endswith('-v1.pdf"')
    csv_file = client.get(f"/api/v1/reports/{report_id}/download/?format=csv")
    assert csv_file.status_code == 200
    assert csv_file.content.decode().startswith("section,network,figure,value")
    assert csv_file["Content-Disposition"].endswith('-v1.csv"')


def test_a_bad_period_is_refused_with_a_clear_message(client, org_a):
    contract = make_contract(org_a)
    client.force_login(org_a.users[Role.COMMISSIONER])
    response = client.post(
        "/api/v1/reports/",
        {"contract": contract.pk, "period_start": "2026-09-30", "period_end": "2026-07-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "The end of the period must be on or after its start." in str(response.json())
    with scopes_disabled():
        assert not CommissionerReport.objects.exists()


def test_another_organisations_contract_is_not_found(client, org_a, org_b):
    theirs = make_contract(org_b)
    client.force_login(org_a.users[Role.COMMISSIONER])
    response = client.post(
        "/api/v1/reports/",
        {"contract": theirs.pk, "period_start": "2026-07-01", "period_end": "2026-09-30"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Not found." in str(response.json())
    with scopes_disabled():
        assert not CommissionerReport.objects.exists()


def test_a_report_not_ready_has_no_download(client, org_a):
    report = make_report(make_contract(org_a))
    client.force_login(org_a.users[Role.COMMISSIONER])
    assert client.get(f"/api/v1/reports/{report.pk}/download/").status_code == 404
    render_report_task(report.pk, org_a.organisation.pk)
    assert client.get(f"/api/v1/reports/{report.pk}/download/").status_code == 200
