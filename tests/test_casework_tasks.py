"""Tasks and the caseload: the services, the pages, follow-up links from a
contact and a plan review (checked against reach, never trusted), the
caseload's groups and whose tasks it shows, and its query count."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework.models import Outcome, PlannedVisit, Task
from casework.selectors import tasks as selectors
from casework.services import tasks as services
from keyring_net.actors import Actor
from keyring_net.models import Role
from keyring_net.tenancy import organisation_scope
from members.models import RecordAccess
from support_plans.models import PlanReview, SupportPlan
from tests import factories
from tests.helpers import assert_constant_queries, pinned

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
# The caseload's queries on SQLite (``pinned`` adds PostgreSQL's own): the
# person, their roles, their two-step sign-in, the open tasks (from which a
# manager's filters are drawn too: they once took two more), and the
# planned visits; and the one insert that logs the members the page shows.
CASELOAD_QUERIES = {"clv": 6, "support_manager": 6}


def actor_of(world, role: str) -> Actor:
    return Actor.for_user(world.users[role], world.organisation.pk)


def make_task(world, *, role="clv", owner=None, days=1, **fields) -> Task:
    with organisation_scope(world.organisation):
        return services.task_create(
            actor_of(world, role),
            title=fields.pop("title", "Ring the housing officer about the boiler"),
            owner=owner or world.users[role],
            due_on=timezone.localdate() + days * DAY,
            **fields,
        )


def test_a_task_is_made_changed_done_and_kept_with_its_history(org_a):
    task = make_task(org_a, member=org_a.member, details="No hot water since Monday.")
    clv = actor_of(org_a, "clv")
    with organisation_scope(org_a.organisation):
        services.task_change(
            clv,
            task=task,
            title="Ring the housing officer again",
            owner=org_a.clv,
            due_on=task.due_on + DAY,
            member=org_a.member,
        )
        services.task_done(clv, task=task)
        task.refresh_from_db()
        assert task.state == Task.State.DONE
        assert task.closed_by == org_a.clv and task.closed_at is not None
        history = list(task.history.order_by("history_date"))
        assert [h.history_user for h in history] == [org_a.clv] * 3
        assert history[1].title == "Ring the housing officer again"
        with pytest.raises(ValidationError) as refused:
            services.task_cancel(clv, task=task, reason="Not needed")
        assert "already done" in refused.value.messages[0]


def test_refusals_are_in_plain_words_by_field(org_a, org_b):
    clv = actor_of(org_a, "clv")
    with organisation_scope(org_a.organisation):
        with pytest.raises(ValidationError) as refused:
            services.task_create(
                clv,
                title=" ",
                owner=org_b.clv,  # another organisation's person
                due_on=None,
                member=org_b.member,  # another organisation's member
                source_kind="pigeon",
            )
        assert refused.value.message_dict == {
            "title": ["Write what needs to be done."],
            "owner": ["Choose someone who works with your organisation now."],
            "due_on": ["Enter the day it is due."],
            "member": ["Choose a member you work with."],
            "source": ["Say what the task follows up: a contact, a review, a concern."],
        }
        task = services.task_create(
            clv, title="Post the letter", owner=org_a.clv, due_on=timezone.localdate()
        )
        with pytest.raises(ValidationError) as refused:
            services.task_cancel(clv, task=task, reason="")
        assert refused.value.message_dict == {"reason": ["Say why the task is no longer needed."]}
        assert Task.objects.get(pk=task.pk).state == Task.State.OPEN


def test_a_quality_checker_may_not_own_a_task(org_a):
    with organisation_scope(org_a.organisation), pytest.raises(ValidationError) as refused:
        services.task_create(
            actor_of(org_a, "support_manager"),
            title="Look at the stairs",
            owner=org_a.users["quality_checker"],
            due_on=timezone.localdate(),
        )
    assert list(refused.value.message_dict) == ["owner"]


def test_a_follow_up_from_a_contact_is_prefilled_and_keeps_its_source(client, org_a):
    contact = org_a.records["contact"]
    client.force_login(org_a.clv)
    page = client.get(f"/members/{org_a.member.pk}/")
    link = f"/tasks/add/?member={org_a.member.pk}&amp;source=contact:{contact.pk}"
    assert link in page.content.decode()
    form = client.get(f"/tasks/add/?member={org_a.member.pk}&source=contact:{contact.pk}")
    text = form.content.decode()
    assert "Add a follow-up task" in text
    assert f'<option value="{org_a.member.pk}" selected>' in text
    due = (timezone.localdate() + 2 * DAY).isoformat()
    answer = client.post(
        "/tasks/add/",
        {
            "source": f"contact:{contact.pk}",
            "title": "Ring the housing officer about the boiler",
            "owner": org_a.clv.pk,
            "due_on": due,
            "member": org_a.member.pk,
        },
    )
    assert answer.status_code == 302 and answer["Location"] == "/caseload/"
    with organisation_scope(org_a.organisation):
        task = Task.objects.get()
    assert (task.source_kind, task.source_id) == ("contact", contact.pk)
    assert task.source_link == f"/members/{org_a.member.pk}/"
    assert task.created_by == org_a.clv and task.member == org_a.member


def test_someone_elses_contact_or_member_is_refused_in_plain_words(client, org_a, org_b):
    client.force_login(org_a.clv)
    other = org_b.records["contact"]
    page = client.get(f"/tasks/add/?member={org_b.member.pk}&source=contact:{other.pk}")
    text = page.content.decode()
    assert selectors.SOURCE_REFUSED in text
    assert f'value="{org_b.member.pk}" selected' not in text
    assert 'name="source"' not in text  # never carried on
    page = client.get(f"/tasks/add/?member={org_b.member.pk}")
    assert "That member is not one you work with" in page.content.decode()
    # A source posted by hand is checked again, and nothing is made.
    client.post(
        "/tasks/add/",
        {
            "source": f"contact:{other.pk}",
            "title": "Sneak",
            "owner": org_a.clv.pk,
            "due_on": timezone.localdate().isoformat(),
        },
    )
    with organisation_scope(org_a.organisation):
        task = Task.objects.get()
    assert task.source_kind == "" and task.source_id is None


def test_a_follow_up_from_a_plan_review(client, org_a):
    with organisation_scope(org_a.organisation):
        plan = SupportPlan.objects.create(
            organisation=org_a.organisation,
            member=org_a.member,
            worker=org_a.clv,
            status=SupportPlan.Status.AGREED,
            review_due=timezone.localdate() + 30 * DAY,
        )
        review = PlanReview.objects.create(
            organisation=org_a.organisation,
            plan=plan,
            due_on=timezone.localdate() + 7 * DAY,
            asked_by_member=True,
            members_reason="I want a new goal",
        )
    client.force_login(org_a.clv)
    link = f"/tasks/add/?member={org_a.member.pk}&amp;source=plan_review:{review.pk}"
    assert link in client.get(f"/members/{org_a.member.pk}/plan/").content.decode()
    page = client.get(link.replace("&amp;", "&"))
    assert "A plan review" in page.content.decode()
    assert f'value="plan_review:{review.pk}"' in page.content.decode()


def test_the_caseload_groups_a_workers_own_open_tasks(client, org_a):
    make_task(org_a, title="Late one", days=-2)
    make_task(org_a, title="Today one", days=0)
    make_task(org_a, title="Soon one", days=3)
    make_task(org_a, title="Later one", days=20)
    make_task(org_a, role="community_enabler", title="Not mine", days=0)
    done = make_task(org_a, title="Done one", days=-1)
    with organisation_scope(org_a.organisation):
        services.task_done(actor_of(org_a, "clv"), task=done)
    client.force_login(org_a.clv)
    text = client.get("/caseload/").content.decode()
    order = [
        text.index(t)
        for t in (
            "Overdue",
            "Late one",
            "Due today",
            "Today one",
            "Due in the next 7 days",
            "Soon one",
            "Later",
            "Later one",
        )
    ]
    assert order == sorted(order)
    assert "Not mine" not in text and "Done one" not in text


def test_a_manager_sees_the_clusters_tasks_and_filters_them(client, org_a):
    make_task(org_a, title="CLV task", days=1)
    make_task(org_a, role="community_enabler", title="Enabler task", days=1)
    with organisation_scope(org_a.organisation):
        elsewhere = factories.NetworkFactory(
            cluster=factories.ClusterFactory(organisation=org_a.organisation)
        )
        stranger = factories.UserFactory(full_name="Elsewhere CLV")
        factories.RoleAssignmentFactory(
            organisation=org_a.organisation, user=stranger, role=Role.CLV, network=elsewhere
        )
        services.task_create(
            Actor.for_user(stranger, org_a.organisation.pk),
            title="Other cluster task",
            owner=stranger,
            due_on=timezone.localdate(),
        )
    client.force_login(org_a.manager)
    text = client.get("/caseload/").content.decode()
    assert "CLV task" in text and "Enabler task" in text
    assert "Other cluster task" not in text
    text = client.get(f"/caseload/?owner={org_a.clv.pk}").content.decode()
    assert "CLV task" in text and "Enabler task" not in text
    client.force_login(org_a.users["org_admin"])
    assert "Other cluster task" in client.get("/caseload/").content.decode()


def test_a_managers_filters_offer_the_people_and_members_with_open_tasks(client, org_a):
    make_task(org_a, title="About the member", member=org_a.member)
    make_task(org_a, role="community_enabler", title="Enabler task")
    with organisation_scope(org_a.organisation):
        nothing_open = factories.MemberFactory(network=org_a.network, full_name="No Tasks Yet")
    done = make_task(org_a, title="Done already", member=nothing_open)
    with organisation_scope(org_a.organisation):
        services.task_done(actor_of(org_a, "clv"), task=done)
    client.force_login(org_a.manager)
    caseload = client.get("/caseload/").context["caseload"]
    people = {(c.pk, c.name) for c in caseload.people}
    assert people == {(u.pk, u.full_name) for u in (org_a.clv, org_a.users["community_enabler"])}
    assert [(c.pk, c.name) for c in caseload.members] == [(org_a.member.pk, org_a.member.full_name)]
    page = client.get(f"/caseload/?member={org_a.member.pk}")
    text = page.content.decode()
    assert "About the member" in text and "Enabler task" not in text
    assert f'<option value="{org_a.member.pk}" selected>' in text
    # Narrowed to one member, the person filter still offers everyone with open tasks.
    assert len(page.context["caseload"].people) == 2
    assert "No Tasks Yet" not in text


def test_a_connections_volunteer_reaches_only_their_own_tasks(org_a):
    mine = make_task(org_a, role="connections_volunteer", title="Hub poster")
    theirs = make_task(org_a, title="CLV task", member=org_a.member)
    with organisation_scope(org_a.organisation):
        seen = set(selectors.tasks_for_viewer(actor_of(org_a, "connections_volunteer")))
        assert seen == {mine}
        assert theirs in set(selectors.tasks_for_viewer(actor_of(org_a, "community_enabler")))


def test_the_tasks_about_a_member_are_listed_and_the_look_is_logged(client, org_a):
    make_task(org_a, title="Book the flu jab", member=org_a.member)
    client.force_login(org_a.manager)
    page = client.get(f"/members/{org_a.member.pk}/tasks/")
    assert "Tasks about" in page.content.decode() and "Book the flu jab" in page.content.decode()
    with organisation_scope(org_a.organisation):
        assert RecordAccess.objects.filter(member=org_a.member, viewer=org_a.manager).exists()


def test_pages_mark_done_and_cancel_with_a_reason(client, org_a):
    task = make_task(org_a, title="Post the letter")
    other = make_task(org_a, title="Find the class")
    client.force_login(org_a.clv)
    answer = client.post(f"/tasks/{task.pk}/done/", {"next": "caseload"})
    assert answer["Location"] == "/caseload/"
    page = client.post(f"/tasks/{other.pk}/cancel/", {"reason": ""})
    assert "Say why the task is no longer needed." in page.content.decode()
    client.post(f"/tasks/{other.pk}/cancel/", {"reason": "They found it themselves."})
    with organisation_scope(org_a.organisation):
        assert Task.objects.get(pk=task.pk).state == Task.State.DONE
        other = Task.objects.get(pk=other.pk)
    assert (other.state, other.cancel_reason) == (Task.State.CANCELLED, "They found it themselves.")


def test_planned_visits_join_the_caseload_in_the_same_groups(client, org_a):
    def visit(purpose, days, worker=None, status=Outcome.PLANNED):
        with organisation_scope(org_a.organisation):
            return PlannedVisit.objects.create(
                organisation=org_a.organisation,
                member=org_a.member,
                worker=worker or org_a.clv,
                created_by=org_a.clv,
                purpose=purpose,
                starts_at=timezone.now() + days * DAY,
                status=status,
                reason="" if status == Outcome.PLANNED else "Ill",
            )

    missed = visit("Not marked from last week", -3)
    soon = visit("Help with the shopping", 3)
    visit("Far off", 20)
    visit("Already done", -1, status=Outcome.ATTENDED)
    theirs = visit("The enabler's visit", 2, worker=org_a.users["community_enabler"])
    client.force_login(org_a.clv)
    text = client.get("/caseload/").content.decode()
    assert f"/visits/{missed.pk}/" in text and f"/visits/{soon.pk}/" in text
    overdue, week = text.index('id="overdue"'), text.index('id="week"')
    assert overdue < text.index("Not marked from last week") < week
    assert week < text.index("Help with the shopping")
    for absent in ("Far off", "Already done", "The enabler&#x27;s visit"):
        assert absent not in text
    # A support manager sees the cluster's, and can narrow it to one person.
    client.force_login(org_a.users["support_manager"])
    text = client.get("/caseload/").content.decode()
    assert f"/visits/{theirs.pk}/" in text and f"/visits/{soon.pk}/" in text
    text = client.get(f"/caseload/?owner={org_a.users['community_enabler'].pk}").content.decode()
    assert f"/visits/{theirs.pk}/" in text and f"/visits/{soon.pk}/" not in text
    # An admin plans no visits: their caseload has none.
    client.force_login(org_a.users["org_admin"])
    assert "/visits/" not in client.get("/caseload/").content.decode().split("<main", 1)[1]


@pytest.mark.parametrize("role", ["clv", "support_manager"])
def test_the_caseload_queries_do_not_grow(client, org_a, role):
    client.force_login(org_a.users[role])

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
                    network=org_a.network,
                    due_on=timezone.localdate() + (i % 20 - 10) * DAY,
                )
                for i in range(have, n)
            )
            have = PlannedVisit.objects.count()
            PlannedVisit.objects.bulk_create(
                PlannedVisit(
                    organisation=org_a.organisation,
                    member=org_a.member,
                    worker=org_a.clv,
                    created_by=org_a.clv,
                    purpose=f"Visit {i}",
                    starts_at=timezone.now() + (i % 12 - 4) * DAY,
                )
                for i in range(have, n)
            )

    def fetch():
        page = client.get("/caseload/")
        text = page.content.decode()
        assert page.status_code == 200 and "Task 2" in text and "Visit 2" in text

    count = assert_constant_queries(make_rows, fetch)
    assert count == pinned(CASELOAD_QUERIES[role]), count
