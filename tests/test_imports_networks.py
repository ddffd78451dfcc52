"""Importing networks from a file: clusters named by their name (only the
organisation's own), the usual 9 to 20 places as a warning that still
imports, each problem with its row and column, a second run that changes
nothing, and undo."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from keyring_net.actors import Actor, save_changes
from keyring_net.tenancy import organisation_scope
from networks.models import Network
from spreadsheets.models import ImportRun
from spreadsheets.selectors.imports import problem_rows, report_rows
from spreadsheets.services.imports import runs
from spreadsheets.services.imports.engine import problem_text

pytestmark = pytest.mark.django_db

HEADERS = ["Network ID", "Network name", "Cluster", "Status", "Places"]


def csv_bytes(lines, *, encoding="utf-8-sig") -> bytes:
    return "\r\n".join([",".join(HEADERS), *lines]).encode(encoding)


@pytest.fixture
def admin(org_a):
    with organisation_scope(org_a.organisation):
        yield Actor.for_user(org_a.admin, org_a.organisation.pk)


def checked(actor, data, name="networks.csv"):
    run = runs.import_start(actor=actor, kind="networks", file_name=name, data=data)
    assert run.columns == ["reference", "name", "cluster", "status", "capacity"]
    return runs.import_match(actor=actor, run=run, columns=run.columns)


def texts(run):
    return [problem_text({"row": r.row, **p}) for r in problem_rows(run) for p in r.problems]


def test_networks_are_imported_in_their_cluster_and_a_second_run_changes_nothing(org_a, admin):
    cluster = org_a.network.cluster.name
    lines = [f"N-1 ,Levenshulme  North,{cluster.upper()},active,12", f"N-2,Gorton,{cluster},,"]
    run = checked(admin, csv_bytes(lines))
    assert (run.created, run.updated, run.problem_rows) == (2, 0, 0), texts(run)
    assert not Network.objects.filter(reference="N-1").exists()  # a dry run writes nothing

    runs.import_apply(actor=admin, run=run)
    north = Network.objects.get(reference="N-1")
    assert (north.name, north.status, north.capacity) == ("Levenshulme North", "active", 12)
    assert north.cluster == org_a.network.cluster
    assert north.history.first().history_user == org_a.admin
    gorton = Network.objects.get(reference="N-2")
    assert (gorton.status, gorton.capacity) == (Network.Status.FORMING, 10)

    again = checked(admin, csv_bytes(lines))
    assert (again.created, again.updated, again.skipped) == (0, 0, 2)
    changed = checked(admin, csv_bytes([lines[0].replace(",12", ",14"), lines[1]]))
    assert (changed.created, changed.updated, changed.skipped) == (0, 1, 1)
    runs.import_apply(actor=admin, run=changed)
    assert Network.objects.get(reference="N-1").capacity == 14


def test_a_network_recorded_without_a_reference_is_matched_on_its_name(org_a, admin):
    network = org_a.network
    assert network.reference == ""
    run = checked(admin, csv_bytes([f"N-9,{network.name.lower()},{network.cluster.name},,"]))
    assert (run.created, run.updated, run.problem_rows) == (0, 1, 0), texts(run)
    runs.import_apply(actor=admin, run=run)
    network.refresh_from_db()
    assert network.reference == "N-9"


def test_each_problem_names_its_row_and_column_in_plain_words(org_a, org_b, admin):
    cluster = org_a.network.cluster.name
    with organisation_scope(org_b.organisation):
        elsewhere = org_b.network.cluster.name
    run = checked(
        admin,
        csv_bytes(
            [
                f"N-1,North,{cluster},active,12",
                f"N-1,South,{cluster},,",
                f"N-3,North,{cluster},,",
                f"N-4,East,{elsewhere},,",
                f"N-5,West,{cluster},asleep,",
                f"N-6,Central,{cluster},,12.5",
                f"N-7,{org_a.network.name},Nowhere,,",
                ",Nameless,,,",
            ]
        ),
    )
    assert run.created == 1
    assert texts(run) == [
        "Row 3, Network ID: N-1 is also on row 2",
        "Row 4, Network name: a network called North is also on row 2",
        f"Row 5, Cluster: there is no cluster called {elsewhere} in your organisation "
        "(add it on the clusters page first)",
        "Row 6, Status: asleep is not one of: Forming, Active, Closing",
        "Row 7, Places: 12.5 is not a whole number of places from 1 to 100",
        "Row 8, Cluster: there is no cluster called Nowhere in your organisation "
        "(add it on the clusters page first)",
        "Row 9, Network ID: every row needs the network's reference",
        "Row 9, Cluster: every network needs its cluster",
    ]


def test_a_name_already_taken_by_another_referenced_network_is_a_problem(org_a, admin):
    network = org_a.network
    network.reference = "OLD-1"
    save_changes(network, admin, "reference")
    run = checked(admin, csv_bytes([f"N-2,{network.name},{network.cluster.name},,"]))
    assert texts(run) == [
        f"Row 2, Network name: there is already a network called {network.name} (reference OLD-1)"
    ]


def test_a_capacity_outside_9_to_20_is_imported_with_the_warning(org_a, admin):
    cluster = org_a.network.cluster.name
    run = checked(admin, csv_bytes([f"N-1,Big,{cluster},,25", f"N-2,Small,{cluster},,4"]))
    assert (run.created, run.problem_rows) == (2, 0)
    big, small = report_rows(run)
    assert "usually has 9 to 20 members: with 25 places" in big.what
    assert "with 4 places it may be too small" in small.what
    runs.import_apply(actor=admin, run=run)
    assert Network.objects.get(reference="N-1").capacity == 25


def test_undo_removes_new_networks_and_restores_changed_ones(org_a, admin):
    network = org_a.network
    cluster = network.cluster.name
    first = checked(admin, csv_bytes([f"N-1,North,{cluster},,"]))
    runs.import_apply(actor=admin, run=first)
    second = checked(
        admin, csv_bytes([f"N-3,South,{cluster},closing,", f"N-2,{network.name},{cluster},,15"])
    )
    runs.import_apply(actor=admin, run=second)
    network.refresh_from_db()
    assert (network.reference, network.capacity) == ("N-2", 15)

    runs.import_undo(actor=admin, run=second)
    network.refresh_from_db()
    assert (network.reference, network.capacity) == ("", 10)
    assert not Network.objects.filter(reference="N-3").exists()
    runs.import_undo(actor=admin, run=first)
    assert not Network.objects.filter(reference="N-1").exists()
    assert second.state == ImportRun.State.UNDONE


def test_undo_is_refused_once_a_network_has_changed_since(org_a, admin):
    cluster = org_a.network.cluster.name
    run = checked(admin, csv_bytes([f"N-1,North,{cluster},,"]))
    runs.import_apply(actor=admin, run=run)
    north = Network.objects.get(reference="N-1")
    north.capacity = 11
    save_changes(north, admin, "capacity")
    with pytest.raises(ValidationError, match="changed since"):
        runs.import_undo(actor=admin, run=run)


def test_the_upload_page_offers_networks_and_the_api_imports_them(client, org_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.helpers import api_token_for

    client.force_login(org_a.admin)
    page = client.get("/organisation/imports/new/").content.decode()
    assert 'value="networks"' in page
    client.logout()
    key = api_token_for(org_a.admin)
    with organisation_scope(org_a.organisation):
        cluster = org_a.network.cluster.name
    upload = SimpleUploadedFile("networks.csv", csv_bytes([f"N-1,North,{cluster},,"]))
    response = client.post(
        "/api/v1/imports/",
        {"kind": "networks", "file": upload},
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["outcomes"][0]["action"] == "create"
