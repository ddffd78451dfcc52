"""The privacy notice in easy read: anyone may read it, a member reaches it
from every page of theirs, and it names the member's organisation."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

NOTICE = "/privacy-notice/"


def test_anyone_may_read_it(client):
    page = client.get(NOTICE)
    assert page.status_code == 200
    text = page.content.decode()
    assert "How we look after your information" in text
    assert "0303 123 1113" in text  # the Information Commissioner's Office
    assert "See who looked" not in text  # a member's own links need a member


def test_a_member_reaches_it_from_their_pages_and_it_names_their_organisation(client, org_a):
    client.force_login(org_a.member_user)
    for path in ("/my/", "/my/who-looked/", "/my/records/"):
        assert f'href="{NOTICE}"' in client.get(path).content.decode(), path
    text = client.get(NOTICE).content.decode()
    assert f"We are {org_a.organisation.name}" in text
    assert 'href="/my/who-looked/"' in text
    assert 'href="/my/records/"' in text
