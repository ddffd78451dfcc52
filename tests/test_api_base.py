import json

import pytest
from django.core.management import call_command

from tests.helpers import api_token_for

pytestmark = pytest.mark.django_db


def test_schema_is_valid_openapi_3(tmp_path):
    out = tmp_path / "schema.json"
    # --validate checks the document against the OpenAPI 3 JSON schema;
    # --fail-on-warn turns any warning (an undocumented view) into a failure.
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--format",
        "openapi-json",
        "--file",
        str(out),
    )
    schema = json.loads(out.read_text())
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/me/" in schema["paths"]


def test_schema_and_docs_need_a_login(client, org_a):
    assert client.get("/api/schema/").status_code in (401, 403)
    client.force_login(org_a.manager)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content


def test_api_without_credentials_is_401_with_a_json_reason(client, org_a):
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_token_authentication_works_and_scopes_to_the_organisation(client, org_a, org_b):
    key = api_token_for(org_a.manager)
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == org_a.manager.email
    assert body["organisation"]["slug"] == "org-a"
    assert [r["role"] for r in body["roles"]] == ["support_manager"]


def test_a_wrong_token_is_401(client, org_a):
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid token."
