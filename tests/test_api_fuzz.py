"""schemathesis against the running API, for three roles.

A real HTTP server (pytest-django's ``live_server``) answers requests that
schemathesis builds from our own OpenAPI schema. Every answer must not be a
server error and must match the schema: a documented status code, the
documented content type, and a body of the documented shape. Each role signs
in with an API token, as a client program would.

The number of examples per operation is bounded (``FUZZ_EXAMPLES``, default
below) so the three roles together stay within a few minutes on CI.
``FUZZ_ONLY=/api/v1/search/`` fuzzes only the operations whose label holds it.
"""

from __future__ import annotations

import os

import hypothesis
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from keyring_net.models import Role
from tests.conftest import make_world
from tests.helpers import api_token_for

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
# Only the operations whose label holds this text ("GET /api/v1/search/"),
# to fuzz one endpoint while working on it; all of them when unset.
ONLY = os.environ.get("FUZZ_ONLY", "")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _schema(base_url: str, token: str):
    response = requests.get(
        f"{base_url}/api/schema/",
        headers={"Authorization": f"Token {token}", "Accept": "application/vnd.oai.openapi+json"},
        timeout=30,
    )
    response.raise_for_status()
    return schemathesis.openapi.from_dict(response.json())


def _fuzz(operation, *, base_url: str, headers: dict) -> None:
    @hypothesis.settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis.given(case=operation.as_strategy())
    def run(case):
        case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS, timeout=30)

    run()


@pytest.mark.parametrize("role", [Role.SUPPORT_MANAGER, Role.CLV, Role.MEMBER])
def test_every_api_answer_matches_the_schema(live_server, role):
    world = make_world("fuzz")
    token = api_token_for(world.users[role])
    schema = _schema(live_server.url, token)
    headers = {"Authorization": f"Token {token}"}
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if ONLY not in operation.label:
            continue
        try:
            _fuzz(operation, base_url=live_server.url, headers=headers)
        except (Exception, BaseExceptionGroup) as error:  # collect all, then fail once
            failures.append(f"{operation.label}: {error}")
    assert not failures, f"{len(failures)} operations failed:\n\n" + "\n\n".join(failures)
