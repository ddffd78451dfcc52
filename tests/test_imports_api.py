"""The import API, for an organisation moving from another system by
script: upload and dry run in one call, then apply, then undo; the same
problems with their row and column as the pages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from keyring_net.tenancy import organisation_scope
from members.models import Member
from spreadsheets.models import ImportRun
from tests.helpers import api_token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, org_a):
    key = api_token_for(org_a.admin)

    def call(method, path, **data):
        return getattr(client, method)(
            f"/api/v1/imports/{path}", data, HTTP_AUTHORIZATION=f"Token {key}"
        )

    return call


def test_upload_dry_run_apply_and_undo(api, org_a):
    network = org_a.network.name
    content = f"Reference,Name,Network\nM-1,Ann Smith,{network}\nM-2,Bob Jones,Elsewhere\n"
    upload = SimpleUploadedFile("members.csv", content.encode())
    response = api("post", "", kind="members", file=upload)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "checked"
    assert [o["action"] for o in body["outcomes"]] == ["create", "problem"]
    assert body["problems"][0]["text"] == (
        "Row 3, Network: there is no network called Elsewhere in your organisation"
    )
    run_id = body["id"]
    with organisation_scope(org_a.organisation):
        assert not Member.objects.filter(reference="M-1").exists()

    applied = api("post", f"{run_id}/apply/")
    assert applied.status_code == 200
    assert applied.json()["state"] == "applied"
    assert applied.json()["created"] == 1
    with organisation_scope(org_a.organisation):
        assert Member.objects.filter(reference="M-1").exists()
    assert api("get", "").json()["results"][0]["id"] == run_id

    undone = api("post", f"{run_id}/undo/")
    assert undone.json()["state"] == "undone"
    with organisation_scope(org_a.organisation):
        assert not Member.objects.filter(reference="M-1").exists()


def test_a_bad_file_is_a_400_in_plain_words_and_nothing_is_kept(api, org_a):
    upload = SimpleUploadedFile("members.csv", b"")
    response = api("post", "", kind="members", file=upload)
    assert response.status_code == 400
    assert "The file is empty" in str(response.json())
    with organisation_scope(org_a.organisation):
        assert not ImportRun.objects.exists()


def test_columns_that_cannot_be_matched_keep_nothing(api, org_a):
    upload = SimpleUploadedFile("members.csv", b"Reference,Name,Network,Notes\nM-1,Ann,N,x\n")
    response = api("post", "", kind="members", file=upload, columns=["reference", "reference"])
    assert response.status_code == 400
    with organisation_scope(org_a.organisation):
        assert not ImportRun.objects.exists()
