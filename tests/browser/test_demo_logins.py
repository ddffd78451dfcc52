"""The demo's logins work through the real sign-in pages, two steps and
all, and every role's home page passes axe."""

import io
import json

import pytest
from django.core.management import call_command

from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_demo_login_reaches_an_accessible_home_page(browser, live_server):
    out = io.StringIO()
    call_command("seed_demo", "--allow-production", "--json", stdout=out)
    logins = json.loads(out.getvalue())
    assert len({(login["organisation"], login["role"]) for login in logins}) == 16
    checked_roles = set()
    seen = set()
    for login in logins:
        if (login["organisation"], login["role"]) in seen:
            continue  # one login per role and organisation (a CLV for each network)
        seen.add((login["organisation"], login["role"]))
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        page = context.new_page()
        sign_in(page, live_server, login["email"], login["password"], login.get("totp_secret"))
        page.wait_for_load_state()
        assert "/accounts/" not in page.url, (login["email"], page.url)
        assert login["organisation"] in page.content(), login["email"]
        if login["role"] not in checked_roles:  # axe once per role keeps this quick
            assert_accessible(page)
            checked_roles.add(login["role"])
        context.close()
