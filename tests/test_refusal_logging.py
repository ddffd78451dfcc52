"""A refused request (403) is one log line, never a traceback: someone trying
door after door must not bury real errors in the server log."""

import io
import logging

import pytest
from django.urls import reverse

from keyring_net.log_format import SafeFormatter

pytestmark = pytest.mark.django_db


@pytest.fixture
def server_log():
    """What the configured console handler (settings.LOGGING, production
    formatter) writes, caught instead of going to the terminal."""
    root = logging.getLogger()
    console = next(
        h
        for h in root.handlers
        if isinstance(h, logging.StreamHandler) and isinstance(h.formatter, SafeFormatter)
    )
    stream = io.StringIO()
    old_stream = console.setStream(stream)
    yield stream
    console.setStream(old_stream)


def test_a_refused_request_logs_one_line_without_a_traceback(client, org_a, server_log):
    client.force_login(org_a.manager)  # contracts are for organisation admins only
    server_log.truncate(0)  # only what the request itself logs
    server_log.seek(0)
    response = client.get(reverse("contracts:list"))
    assert response.status_code == 403

    lines = server_log.getvalue().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].endswith("WARNING django.request Forbidden (Permission denied): /contracts/")
    assert "Traceback" not in server_log.getvalue()
