"""Quality checks: the default checklist, planning a visit to a network in
reach, recording findings with faces, actions and their follow-up, the
open actions list (overdue first, constant queries), and plain messages
for bad input with what was typed kept."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from keyring_net.actors import Actor
from keyring_net.tenancy import organisation_scope
from outcomes.models import ChecklistItem, QualityAction, QualityCheck, QualityFinding
from outcomes.selectors import quality as selectors
from outcomes.services import quality as services
from tests import factories
from tests.helpers import assert_constant_queries, pinned

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def checker(org_a):
    return Actor.for_user(org_a.users["quality_checker"], org_a.organisation.pk)


def plan(org_a, actor, network=None, visit_on=None, **kwargs):
    with organisation_scope(org_a.organisation):
        return services.check_plan(
            actor=actor,
            network=network or org_a.network,
            checklist=services.ensure_default_checklist(org_a.organisation),
            visit_on=visit_on or timezone.localdate() - DAY,
            checkers=kwargs.pop("checkers", [org_a.users["quality_checker"]]),
            **kwargs,
        )


def test_the_default_checklist_is_made_once_in_plain_words(org_a):
    with organisation_scope(org_a.organisation):
        first = services.ensure_default_checklist(org_a.organisation)
        again = services.ensure_default_checklist(org_a.organisation)
        assert first.pk == again.pk
        assert list(first.items.order_by("position").values_list("text", flat=True)) == [
            "Members feel listened to",
            "Members know who to call",
            "The Community Living Volunteer is easy to reach",
            "Members get to choose their goals",
            "Homes feel safe",
            "People help each other",
        ]


def test_a_visit_is_to_a_network_in_reach_with_the_organisations_checkers(org_a, org_b):
    manager = Actor.for_user(org_a.manager, org_a.organisation.pk)
    with organisation_scope(org_a.organisation):
        elsewhere = factories.NetworkFactory(organisation=org_a.organisation)
        with pytest.raises(ValidationError) as raised:
            plan(org_a, manager, network=elsewhere)
        assert raised.value.message_dict == {"network": ["Choose a network you work with."]}
        with pytest.raises(ValidationError) as raised:
            plan(org_a, manager, checkers=[org_a.clv])
        assert raised.value.message_dict == {
            "checkers": ["Choose checkers from your organisation's quality checkers."]
        }
        with pytest.raises(ValidationError) as raised:
            plan(org_a, manager, checkers=[])
        assert raised.value.message_dict == {
            "checkers": ["Choose who is visiting, or write their names."]
        }
        check = plan(org_a, manager, other_checkers="Pat from Leeds")
        assert check.status == "planned"
        assert list(check.checkers.all()) == [org_a.users["quality_checker"]]


def test_findings_are_recorded_per_item_and_the_visit_is_done(org_a, checker):
    check = plan(org_a, checker)
    with organisation_scope(org_a.organisation):
        items = list(check.checklist.items.order_by("position"))
        services.check_record(
            actor=checker,
            check=check,
            findings=[
                services.FindingInput(items[0].pk, "good", "Everyone said so."),
                services.FindingInput(items[4].pk, "needs_work", "A broken lock."),
            ],
            summary="A warm welcome.",
        )
        check.refresh_from_db()
        assert (check.status, check.summary) == ("done", "A warm welcome.")
        assert set(QualityFinding.objects.values_list("item_id", "rating", "note")) == {
            (items[0].pk, "good", "Everyone said so."),
            (items[4].pk, "needs_work", "A broken lock."),
        }
        # Recording again changes the rating, not adds a second finding.
        services.check_record(
            actor=checker, check=check, findings=[services.FindingInput(items[4].pk, "okay")]
        )
        assert QualityFinding.objects.filter(item=items[4]).get().rating == "okay"
        assert QualityFinding.objects.count() == 2


def test_a_visit_in_the_future_is_recorded_after_it(org_a, checker):
    check = plan(org_a, checker, visit_on=timezone.localdate() + DAY)
    with organisation_scope(org_a.organisation):
        item = check.checklist.items.first()
        with pytest.raises(ValidationError) as raised:
            services.check_record(
                actor=checker, check=check, findings=[services.FindingInput(item.pk, "good")]
            )
    assert raised.value.message_dict == {
        "summary": ["The visit is on a later day. Record what you found after it."]
    }


def test_actions_are_followed_up(org_a, checker):
    check = plan(org_a, checker)
    with organisation_scope(org_a.organisation):
        action = services.action_add(
            actor=checker, check=check, text="Fix the lock", owner=org_a.manager
        )
        with pytest.raises(ValidationError) as raised:
            services.action_done(actor=checker, action=action, follow_up="  ")
        assert raised.value.message_dict == {
            "follow_up": ["Write what was done, and what changed."]
        }
        services.action_done(actor=checker, action=action, follow_up="The landlord fixed it.")
        action.refresh_from_db()
        assert (action.done_on, action.follow_up) == (
            timezone.localdate(),
            "The landlord fixed it.",
        )
        assert action.history.first().history_user == org_a.users["quality_checker"]


def test_open_actions_put_the_overdue_first(org_a, checker):
    check = plan(org_a, checker)
    today = timezone.localdate()
    with organisation_scope(org_a.organisation):
        later = services.action_add(actor=checker, check=check, text="Later", due_on=today + DAY)
        undated = services.action_add(actor=checker, check=check, text="Undated")
        overdue = services.action_add(
            actor=checker, check=check, text="Overdue", due_on=today - 3 * DAY
        )
        done = services.action_add(actor=checker, check=check, text="Done", due_on=today - DAY)
        services.action_done(actor=checker, action=done, follow_up="Done it.")
        got = [a.pk for a in selectors.open_actions(checker)]
    assert got == [overdue.pk, later.pk, undated.pk]


# --- Pages ----------------------------------------------------------------------------------


def test_planning_a_visit_on_the_page_says_what_is_missing_and_keeps_the_rest(client, org_a):
    client.force_login(org_a.users["quality_checker"])
    response = client.post(
        "/quality-checks/new/",
        {"network": org_a.network.pk, "visit_on": "", "other_checkers": "Pat from Leeds"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_visit_on-error"' in page and "Enter the day of the visit." in page
    assert 'value="Pat from Leeds"' in page


def test_planning_and_recording_a_visit_through_the_pages(client, org_a):
    client.force_login(org_a.users["quality_checker"])
    with organisation_scope(org_a.organisation):
        checklist = services.ensure_default_checklist(org_a.organisation)
        items = list(checklist.items.order_by("position"))
    visit_on = timezone.localdate() - DAY
    response = client.post(
        "/quality-checks/new/",
        {
            "network": org_a.network.pk,
            "checklist": checklist.pk,
            "visit_on": visit_on.isoformat(),
            "checkers": [org_a.users["quality_checker"].pk],
        },
    )
    assert response.status_code == 302
    with organisation_scope(org_a.organisation):
        check = QualityCheck.objects.get()
    page = client.get(f"/quality-checks/{check.pk}/").content.decode()
    assert "Members feel listened to" in page and "Needs to get better" in page
    response = client.post(
        f"/quality-checks/{check.pk}/",
        {
            f"item_{items[0].pk}_rating": "good",
            f"item_{items[0].pk}_note": "All said yes.",
            "summary": "Good visit.",
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"/quality-checks/{check.pk}/actions/add/",
        {"text": "", "due_on": "2027-01-10"},
    )
    assert "Write what needs to be done." in response.content.decode()
    assert 'value="2027-01-10"' in response.content.decode()
    client.post(
        f"/quality-checks/{check.pk}/actions/add/",
        {"text": "Ring the landlord", "owner": org_a.manager.pk, "due_on": "2027-01-10"},
    )
    with organisation_scope(org_a.organisation):
        action = QualityAction.objects.get()
        assert (action.owner, action.due_on) == (org_a.manager, datetime.date(2027, 1, 10))
    actions_page = client.get("/quality-checks/actions/").content.decode()
    assert "Ring the landlord" in actions_page
    client.post(
        f"/quality-checks/actions/{action.pk}/done/", {"follow_up": "Lock fixed on Monday."}
    )
    with organisation_scope(org_a.organisation):
        action.refresh_from_db()
    assert action.follow_up == "Lock fixed on Monday." and action.done_on is not None
    assert "Ring the landlord" not in client.get("/quality-checks/actions/").content.decode()


def test_checklists_are_listed_and_take_new_items(client, org_a):
    client.force_login(org_a.manager)
    page = client.get("/quality-checks/checklists/").content.decode()
    assert "Our quality checklist" in page
    response = client.post("/quality-checks/checklists/", {"name": ""})
    assert "Enter a name for the checklist." in response.content.decode()
    response = client.post("/quality-checks/checklists/", {"name": "Hub sessions"})
    assert response.status_code == 302
    with organisation_scope(org_a.organisation):
        new = ChecklistItem.objects.filter(checklist__name="Hub sessions")
        assert new.count() == 0
    url = response["Location"]
    client.post(url, {"text": "People feel welcome", "pictogram": "hello"})
    with organisation_scope(org_a.organisation):
        assert list(new.values_list("text", "pictogram", "position")) == [
            ("People feel welcome", "hello", 1)
        ]


def test_a_check_of_a_network_out_of_reach_is_not_found(client, org_a, checker):
    with organisation_scope(org_a.organisation):
        elsewhere = factories.NetworkFactory(organisation=org_a.organisation)
    check = plan(org_a, checker, network=elsewhere)
    client.force_login(org_a.manager)  # their cluster does not hold it
    assert client.get(f"/quality-checks/{check.pk}/").status_code == 404
    client.force_login(org_a.users["quality_checker"])
    assert client.get(f"/quality-checks/{check.pk}/").status_code == 200


def test_the_open_actions_page_queries_do_not_grow(client, org_a, checker):
    check = plan(org_a, checker)
    client.force_login(org_a.manager)

    def make_rows(n):
        with organisation_scope(org_a.organisation):
            have = QualityAction.objects.count()
            QualityAction.objects.bulk_create(
                QualityAction(
                    organisation=org_a.organisation,
                    visit=check,
                    text=f"Action {i}",
                    owner=org_a.manager,
                    due_on=timezone.localdate() + (i % 5 - 2) * DAY,
                )
                for i in range(have, n)
            )

    def fetch():
        assert client.get("/quality-checks/actions/").status_code == 200

    assert assert_constant_queries(make_rows, fetch, sizes=(3, 60)) == pinned(4)


def test_the_check_list_queries_do_not_grow(client, org_a, checker):
    client.force_login(org_a.manager)

    def make_rows(n):
        with organisation_scope(org_a.organisation):
            checklist = services.ensure_default_checklist(org_a.organisation)
            have = QualityCheck.objects.count()
            QualityCheck.objects.bulk_create(
                QualityCheck(
                    organisation=org_a.organisation,
                    network=org_a.network,
                    checklist=checklist,
                    visit_on=timezone.localdate() - i * DAY,
                    created_by=org_a.manager,
                )
                for i in range(have, n)
            )

    def fetch():
        assert client.get("/quality-checks/").status_code == 200

    assert assert_constant_queries(make_rows, fetch, sizes=(3, 60)) == pinned(4)


def test_quality_results_count_a_period_exactly(org_a, checker):
    from outcomes.figures.results import QualityResult
    from tests.helpers import count_queries

    today = timezone.localdate()
    in_period = plan(org_a, checker, visit_on=today - 10 * DAY)
    before = plan(org_a, checker, visit_on=today - 100 * DAY)
    planned = plan(org_a, checker, visit_on=today - 5 * DAY)  # not recorded: not counted
    with organisation_scope(org_a.organisation):
        items = list(in_period.checklist.items.order_by("position"))
        for check, ratings in ((in_period, ["good", "good", "needs_work"]), (before, ["okay"])):
            services.check_record(
                actor=checker,
                check=check,
                findings=[
                    services.FindingInput(item.pk, rating)
                    for item, rating in zip(items, ratings, strict=False)
                ],
            )
        done = services.action_add(actor=checker, check=in_period, text="Done one")
        services.action_done(actor=checker, action=done, follow_up="Done.", done_on=today - 2 * DAY)
        services.action_add(actor=checker, check=in_period, text="Open one")
        services.action_add(actor=checker, check=before, text="Earlier visit")
        services.action_add(actor=checker, check=planned, text="Planned visit")
        n, result = count_queries(
            lambda: selectors.quality_results(
                organisation=org_a.organisation,
                networks=[org_a.network],
                start=today - 30 * DAY,
                end=today,
            )
        )
        assert n == 3
        assert result == QualityResult(
            checks=1, good=2, okay=0, needs_work=1, actions_open=1, actions_done=1
        )
        # Seen from a day before the action was done, it was still open.
        earlier = selectors.quality_results(
            organisation=org_a.organisation,
            networks=[org_a.network],
            start=today - 30 * DAY,
            end=today - 3 * DAY,
        )
        assert (earlier.actions_open, earlier.actions_done) == (2, 0)
