"""Tasks through the API (the same services and policy as the pages), and
the overdue prompt: once per task, through notifications, on the owner's
chosen channels and after their quiet hours."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from casework import reminders_tasks
from casework.models import Task
from casework.services.tasks import task_change, task_done
from keyring_net.tenancy import organisation_scope
from notifications.models import Channel, Delivery, Kind, Notification
from notifications.registry import producers
from notifications.services import choices
from tests.helpers import assert_constant_queries
from tests.test_casework_tasks import DAY, actor_of, make_task

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def test_the_api_adds_changes_and_closes_a_task(client, org_a):
    client.force_login(org_a.clv)
    due = (timezone.localdate() + 3 * DAY).isoformat()
    made = client.post(
        "/api/v1/tasks/",
        {"title": "Book the GP", "owner": org_a.clv.pk, "due_on": due, "member": org_a.member.pk},
        content_type="application/json",
    )
    assert made.status_code == 201, made.json()
    task = made.json()
    assert (task["state"], task["member_name"], task["overdue"]) == (
        "open",
        org_a.member.full_name,
        False,
    )
    changed = client.patch(
        f"/api/v1/tasks/{task['id']}/",
        {"title": "Book the GP for Tuesday"},
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["title"] == "Book the GP for Tuesday"
    refused = client.post(
        f"/api/v1/tasks/{task['id']}/cancel/", {}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert "Say why the task is no longer needed." in str(refused.json())
    done = client.post(f"/api/v1/tasks/{task['id']}/done/")
    assert done.status_code == 200 and done.json()["state"] == "done"
    again = client.post(f"/api/v1/tasks/{task['id']}/done/")
    assert again.status_code == 400 and "already done" in str(again.json())


def test_the_api_refuses_another_organisations_member_and_owner(client, org_a, org_b):
    client.force_login(org_a.clv)
    answer = client.post(
        "/api/v1/tasks/",
        {
            "title": "Sneak",
            "owner": org_b.clv.pk,
            "due_on": timezone.localdate().isoformat(),
            "member": org_b.member.pk,
        },
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert "Not found." in str(answer.json())
    with organisation_scope(org_b.organisation):
        assert not Task.objects.exists()
    with organisation_scope(org_a.organisation):
        assert not Task.objects.exists()


def test_the_api_list_filters(client, org_a):
    late = make_task(org_a, title="Late", days=-2, member=org_a.member)
    soon = make_task(org_a, title="Soon", days=2)
    enabler = make_task(org_a, role="community_enabler", title="Enabler's", days=2)
    client.force_login(org_a.manager)

    def ids(query):
        return {row["id"] for row in client.get(f"/api/v1/tasks/?{query}").json()["results"]}

    assert ids("") == {late.pk, soon.pk, enabler.pk}
    assert ids("overdue=true") == {late.pk}
    assert ids("overdue=false") == {soon.pk, enabler.pk}
    assert ids(f"owner={org_a.clv.pk}") == {late.pk, soon.pk}
    assert ids(f"member={org_a.member.pk}") == {late.pk}
    assert ids("state=done") == set()


def test_the_api_list_queries_do_not_grow(client, org_a):
    client.force_login(org_a.manager)

    def make_rows(n):
        with organisation_scope(org_a.organisation):
            have = Task.objects.count()
            Task.objects.bulk_create(
                Task(
                    organisation=org_a.organisation,
                    title=f"Task {i}",
                    owner=org_a.clv,
                    created_by=org_a.clv,
                    member=org_a.member,
                    due_on=timezone.localdate(),
                )
                for i in range(have, n)
            )

    def fetch():
        assert client.get("/api/v1/tasks/").status_code == 200

    assert_constant_queries(make_rows, fetch)


# --- The overdue prompt -------------------------------------------------------------


def prompts(world, today):
    with organisation_scope(world.organisation):
        return reminders_tasks.produce(
            organisation=world.organisation, now=timezone.now(), today=today
        )


def test_an_overdue_task_is_prompted_once_to_its_owner(org_a):
    assert producers()["casework_tasks"] is reminders_tasks.produce
    today = timezone.localdate()
    late = make_task(org_a, title="Ring the housing officer", days=-1, member=org_a.member)
    make_task(org_a, title="Not yet", days=5)
    closed = make_task(org_a, title="Done already", days=-3)
    with organisation_scope(org_a.organisation):
        task_done(actor_of(org_a, "clv"), task=closed)
    assert prompts(org_a, today) == 2  # the inbox and e-mail, the default channels
    assert prompts(org_a, today) == 0
    assert prompts(org_a, today + DAY) == 0
    with organisation_scope(org_a.organisation):
        note = Notification.objects.get()
        assert (note.kind, note.recipient, note.about) == (
            Kind.TASK_OVERDUE,
            org_a.clv,
            f"casework.task:{late.pk}",
        )
        assert note.title == "Task overdue: Ring the housing officer"
        assert org_a.member.full_name in note.body
        assert note.link == f"/tasks/{late.pk}/"


def test_the_prompt_follows_the_owners_channels_and_quiet_hours(org_a):
    with organisation_scope(org_a.organisation):
        choices.preference_update(
            actor=actor_of(org_a, "clv"),
            channels=["in_app", "email"],
            quiet_from=datetime.time(8),
            quiet_until=datetime.time(11),
            quiet_overnight=False,
        )
        choices.preference_update(actor=actor_of(org_a, "community_enabler"), channels=["in_app"])
    today = datetime.date(2026, 12, 7)
    with organisation_scope(org_a.organisation):
        for role in ("clv", "community_enabler"):
            Task.objects.create(
                organisation=org_a.organisation,
                title=f"{role} task",
                owner=org_a.users[role],
                created_by=org_a.users[role],
                due_on=today - 2 * DAY,
            )
    assert prompts(org_a, today) == 3
    with organisation_scope(org_a.organisation):
        rows = {
            (d.notification.recipient_id, d.channel): d.next_attempt_at
            for d in Delivery.objects.select_related("notification")
        }
    nine = datetime.datetime(2026, 12, 6, 9, tzinfo=LONDON)  # the morning after the due day
    assert rows == {
        (org_a.clv.pk, Channel.IN_APP): nine,
        (org_a.clv.pk, Channel.EMAIL): datetime.datetime(2026, 12, 6, 11, tzinfo=LONDON),
        (org_a.users["community_enabler"].pk, Channel.IN_APP): nine,
    }


def test_a_new_due_day_that_passes_is_prompted_once_more(org_a):
    task = make_task(org_a, days=-1)
    today = timezone.localdate()
    assert prompts(org_a, today) == 2
    with organisation_scope(org_a.organisation):
        task_change(
            actor_of(org_a, "clv"), task=task, title=task.title, owner=org_a.clv, due_on=today + DAY
        )
    assert prompts(org_a, today + 3 * DAY) == 2
    assert prompts(org_a, today + 3 * DAY) == 0
