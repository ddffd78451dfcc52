"""Health, safeguarding and plan text never reach logs, error pages or task
arguments. A marker is planted in those fields; flows run, including a
forced server error; the marker is then looked for everywhere."""

import io
import logging

import pytest
from celery.signals import before_task_publish, task_prerun

from keyring_net.log_format import SafeFormatter
from keyring_net.tenancy import organisation_scope
from members.models import Member

pytestmark = pytest.mark.django_db

MARKER = "SENSITIVE-MARKER-7f3a"


@pytest.fixture
def captured_logs():
    """Every log record, formatted as production formats them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(SafeFormatter("%(levelname)s %(name)s %(message)s"))
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)


@pytest.fixture
def task_arguments():
    seen = []

    def on_publish(sender=None, body=None, **kwargs):
        seen.append(repr(body))

    def on_run(sender=None, args=None, kwargs=None, **extra):
        seen.append(repr(args) + repr(kwargs))

    before_task_publish.connect(on_publish, weak=False)
    task_prerun.connect(on_run, weak=False)
    yield seen
    before_task_publish.disconnect(on_publish)
    task_prerun.disconnect(on_run)


def test_sensitive_text_appears_in_no_log_error_page_or_task(
    client, org_a, captured_logs, task_arguments, monkeypatch
):
    with organisation_scope(org_a.organisation):
        Member.objects.filter(pk=org_a.member.pk).update(support_needs=f"Diabetes {MARKER}")
    client.force_login(org_a.manager)

    # Ordinary flows: the page, the API, the list.
    page = client.get(f"/members/{org_a.member.pk}/")
    assert MARKER in page.content.decode()  # shown to the right person, on purpose
    assert MARKER in client.get(f"/api/v1/members/{org_a.member.pk}/").content.decode()
    client.get("/members/")
    client.get("/api/v1/members/?status=not-a-status")

    # A server error while the record is in hand, whose message holds the text.
    import members.views.records

    def explode(actor, field):
        raise ValueError(f"could not decide about {org_a.member.support_needs} {MARKER}")

    monkeypatch.setattr(members.views.records, "may_see_field", explode)
    client.raise_request_exception = False
    error = client.get(f"/members/{org_a.member.pk}/")
    assert error.status_code == 500
    assert MARKER not in error.content.decode()
    assert "Sorry, something went wrong" in error.content.decode()

    logs = captured_logs.getvalue()
    assert "Internal Server Error" in logs  # the error was logged ...
    assert "ValueError" in logs  # ... with its type ...
    assert MARKER not in logs  # ... but never the words
    assert all(MARKER not in args for args in task_arguments)
