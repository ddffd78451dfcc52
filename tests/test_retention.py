"""Retention: the nightly sweep anonymises what is past its time (the
person goes, the numbers stay), in batches of a constant number of
queries, once; a legal hold pauses it for one member; the admins are told
a week before; the holds' pages."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.core.files.storage import storages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from casework.models import Incident, SafeguardingConcern
from documents.models import Document
from keyring_net.actors import Actor
from keyring_net.tasks import in_organisation
from members.models import Contact, Member, StatusChange
from notifications.models import Notification
from outcomes.figures.counting import outcome_figures
from privacy import reminders
from privacy.models import Anonymisation, LegalHold, RecordKind
from privacy.records import ANONYMISED_NAME, REMOVED, TARGETS
from privacy.selectors.retention import years_before
from privacy.services.retention import anonymise_batch, anonymise_past_retention, hold_set
from privacy.tasks import anonymise_past_retention_task
from support_plans.models import AreaScore
from tests import factories
from tests.routes import OBJECT_KWARGS
from tests.test_outcome_figures import END, START, build_two_networks

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2040, 3, 1)
# Every kind's records, and the safeguarding concern too (kept 12 years).
LONG_AGO = years_before(TODAY, 13)
# Past the 8 years of most kinds, within safeguarding's 12.
NINE_YEARS = years_before(TODAY, 9)

WORLD_RECORDS = (
    "document_id",
    "concern_id",
    "appointment_id",
    "visit_id",
    "task_id",
    "incident_action_id",
    "plan_id",
    "goal_id",
    "reading_id",
    "action_id",
    "risk_id",
    "crisis_plan_id",
    "review_id",
    "indicator_id",
)


def _world_member_left(world, on: datetime.date) -> Member:
    """The world's member with one of each record, who left on ``on``."""
    for kwarg in WORLD_RECORDS:
        OBJECT_KWARGS[kwarg](world)
    with scopes_disabled():
        Member.objects.filter(pk=world.member.pk).update(
            status=Member.Status.LEFT, joined_on=on - datetime.timedelta(days=700), left_on=on
        )
        world.member.refresh_from_db()
    return world.member


def _sweep(organisation, today=TODAY, size=500) -> dict[str, int]:
    with in_organisation(organisation.pk) as entered:
        return anonymise_past_retention(organisation=entered, today=today, size=size)


def _texts_about(member_id: int) -> list[str]:
    """Every value of every field retention clears, in the rows about the
    member and in their change history."""
    found = []
    with scopes_disabled():
        for targets in TARGETS.values():
            for target in targets:
                model = apps.get_model(target.model)
                rows = model.objects.filter(**{f"{target.member_path}__in": [member_id]})
                managers = [rows]
                if hasattr(model, "history"):
                    managers.append(
                        model.history.model._default_manager.filter(id__in=rows.values("pk"))
                    )
                for queryset in managers:
                    for values in queryset.values_list(*target.fields):
                        found += [str(v) for v in values if v not in (None, "", [])]
    return found


def test_the_person_goes_and_the_numbers_stay(org_a, django_capture_on_commit_callbacks):
    member = _world_member_left(org_a, LONG_AGO)
    with scopes_disabled():
        document = Document.objects.get(pk=OBJECT_KWARGS["document_id"](org_a))
        scores = sorted(
            AreaScore.objects.filter(reading__member=member).values_list("score", flat=True)
        )
        contacts = list(Contact.objects.filter(member=member).values_list("happened_at", "method"))
    assert storages["documents"].exists(document.stored_name)
    assert any(org_a.marker in text for text in _texts_about(member.pk))

    with django_capture_on_commit_callbacks(execute=True):
        done = _sweep(org_a.organisation)

    assert done == dict.fromkeys(RecordKind.values, 1)
    leftover = [text for text in _texts_about(member.pk) if org_a.marker in text]
    assert leftover == []
    with scopes_disabled():
        member.refresh_from_db()
        assert (member.full_name, member.date_of_birth, member.support_needs) == (
            ANONYMISED_NAME,
            None,
            "",
        )
        # Dates, counts, choices and scores stay.
        assert (member.status, member.left_on, member.network_id) == (
            "left",
            LONG_AGO,
            org_a.network.pk,
        )
        assert (
            sorted(AreaScore.objects.filter(reading__member=member).values_list("score", flat=True))
            == scores
        )
        assert (
            list(Contact.objects.filter(member=member).values_list("happened_at", "method"))
            == contacts
        )
        # The document is a tombstone: its row is kept, its file is gone.
        document.refresh_from_db()
        assert (document.title, document.withdrawn_reason) == (REMOVED, REMOVED)
        assert document.withdrawn_at is not None
        # One record a kind, metadata only.
        rows = list(
            Anonymisation.objects.filter(member=member).values_list(
                "kind", "support_ended_on", "kept_years"
            )
        )
    assert not storages["documents"].exists(document.stored_name)
    assert sorted(rows) == sorted(
        (kind, LONG_AGO, 12 if kind == RecordKind.SAFEGUARDING else 8) for kind in RecordKind.values
    )


def test_each_kind_waits_for_its_own_period(org_a):
    member = _world_member_left(org_a, NINE_YEARS)
    concern_id = OBJECT_KWARGS["concern_id"](org_a)

    done = _sweep(org_a.organisation)

    assert done[RecordKind.SAFEGUARDING] == 0
    assert done[RecordKind.MEMBER] == done[RecordKind.CONTACTS] == 1
    with scopes_disabled():
        assert org_a.marker in SafeguardingConcern.objects.get(pk=concern_id).what_happened
        assert Member.objects.get(pk=member.pk).full_name == ANONYMISED_NAME
    # Three years on, the concern's time is up too.
    later = _sweep(org_a.organisation, today=years_before(TODAY, -3))
    assert later == {**dict.fromkeys(RecordKind.values, 0), RecordKind.SAFEGUARDING: 1}
    with scopes_disabled():
        assert SafeguardingConcern.objects.get(pk=concern_id).what_happened == REMOVED


def test_the_organisations_own_periods_apply(org_a):
    _world_member_left(org_a, NINE_YEARS)
    organisation = org_a.organisation
    organisation.settings = {**organisation.settings, "retention_member_years": 10}
    organisation.save(update_fields=["settings"])

    done = _sweep(organisation)

    assert done[RecordKind.MEMBER] == 0
    assert done[RecordKind.CONTACTS] == 1


def test_support_ended_is_read_from_the_journey_when_no_leaving_date(org_a):
    member = _world_member_left(org_a, LONG_AGO)
    with scopes_disabled():
        Member.objects.filter(pk=member.pk).update(left_on=None)
        StatusChange.objects.create(
            organisation=org_a.organisation, member=member, to_status="left", on=LONG_AGO
        )

    assert _sweep(org_a.organisation)[RecordKind.MEMBER] == 1


def test_members_still_supported_or_recently_left_are_untouched(org_a):
    member = _world_member_left(org_a, years_before(TODAY, 7))
    moved_on = factories.MemberFactory(
        network=org_a.network, status="moved_on", joined_on=LONG_AGO, left_on=LONG_AGO
    )

    assert sum(_sweep(org_a.organisation).values()) == 0
    with scopes_disabled():
        assert org_a.marker in Member.objects.get(pk=member.pk).full_name
        assert Member.objects.get(pk=moved_on.pk).full_name != ANONYMISED_NAME


def test_a_second_run_reads_and_changes_nothing(org_a):
    _world_member_left(org_a, LONG_AGO)
    _sweep(org_a.organisation)
    with scopes_disabled():
        recorded = Anonymisation.objects.count()

    with CaptureQueriesContext(connection) as second:
        done = _sweep(org_a.organisation)

    assert sum(done.values()) == 0
    writes = [
        q["sql"]
        for q in second.captured_queries
        if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))
    ]
    assert writes == []
    with scopes_disabled():
        assert Anonymisation.objects.count() == recorded


def test_the_task_runs_in_every_organisation(org_a, org_b, monkeypatch):
    _world_member_left(org_a, LONG_AGO)
    _world_member_left(org_b, LONG_AGO)
    monkeypatch.setattr("privacy.tasks.timezone.now", lambda: _noon(TODAY))

    assert anonymise_past_retention_task() == 2 * len(RecordKind.values)
    assert anonymise_past_retention_task() == 0


def _noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def test_a_shared_incident_waits_for_everyone_in_it(org_a):
    member = _world_member_left(org_a, LONG_AGO)
    incident_id = OBJECT_KWARGS["incident_id"](org_a)
    other = factories.MemberFactory(network=org_a.network, status="active")
    with scopes_disabled():
        Incident.objects.get(pk=incident_id).members.add(other)

    _sweep(org_a.organisation)

    with scopes_disabled():
        assert org_a.marker in Incident.objects.get(pk=incident_id).what_happened
        assert Member.objects.get(pk=member.pk).full_name == ANONYMISED_NAME


def test_a_legal_hold_keeps_a_members_records_until_lifted(org_a):
    member = _world_member_left(org_a, LONG_AGO)
    admin = Actor.for_user(org_a.admin, org_a.organisation.pk)
    with in_organisation(org_a.organisation.pk):
        hold = hold_set(actor=admin, member=member, reason="A claim for damages")

    assert sum(_sweep(org_a.organisation).values()) == 0
    with scopes_disabled():
        assert Member.objects.get(pk=member.pk).full_name == member.full_name
        assert not Anonymisation.objects.filter(member=member).exists()

    with in_organisation(org_a.organisation.pk):
        from privacy.services.retention import hold_lift

        hold_lift(actor=admin, hold=hold, reason="The claim is settled")
    assert _sweep(org_a.organisation)[RecordKind.MEMBER] == 1
    with scopes_disabled():
        history = list(LegalHold.history.filter(id=hold.pk).values_list("history_user", flat=True))
    assert history == [org_a.admin.pk, org_a.admin.pk]


def test_outcome_figures_for_a_past_period_do_not_change(org_a):
    with scopes_disabled():
        build_two_networks(org_a)
    # Members who left in or before the period, long enough before TODAY.
    with scopes_disabled():
        left = list(Member.objects.filter(organisation=org_a.organisation, status="left"))
    assert len(left) == 2
    networks = list(_networks(org_a))
    with in_organisation(org_a.organisation.pk) as organisation:
        before = outcome_figures(organisation=organisation, networks=networks, start=START, end=END)

    done = _sweep(org_a.organisation, today=years_before(START, -13))

    assert done == dict.fromkeys(RecordKind.values, 2)
    with in_organisation(org_a.organisation.pk) as organisation:
        after = outcome_figures(organisation=organisation, networks=networks, start=START, end=END)
        assert {m.full_name for m in Member.objects.filter(pk__in=[m.pk for m in left])} == {
            ANONYMISED_NAME
        }
    assert after == before


def _networks(world):
    from networks.models import Network

    with scopes_disabled():
        return Network.objects.filter(organisation=world.organisation).order_by("pk")


def _members_left(world, count: int, on: datetime.date) -> None:
    """``count`` more members who left on ``on``, each with a contact note."""
    with scopes_disabled():
        made = Member.objects.filter(organisation=world.organisation).count()
        for i in range(made, made + count):
            member = factories.MemberFactory(
                network=world.network,
                full_name=f"Leaver {i}",
                status="left",
                joined_on=on - datetime.timedelta(days=400),
                left_on=on,
            )
            Contact.objects.create(
                organisation=world.organisation,
                member=member,
                worker=world.clv,
                happened_at=_noon(on - datetime.timedelta(days=30)),
                method="visit",
                minutes=30,
                notes=f"Note {i}",
            )


def test_a_batch_runs_the_same_number_of_queries_at_any_size(org_a):
    counts = []
    for size in (3, 30):
        _members_left(org_a, size, LONG_AGO)
        with (
            CaptureQueriesContext(connection) as batch,
            in_organisation(org_a.organisation.pk) as organisation,
        ):
            made = anonymise_batch(
                organisation=organisation, kind=RecordKind.MEMBER, years=8, today=TODAY, size=100
            )
        assert len(made) == size
        counts.append(len(batch.captured_queries))
        _sweep(org_a.organisation)  # finish the other kinds before the next size
    assert counts[0] == counts[1]


# --- The week's warning ------------------------------------------------------------------------


def test_the_admins_are_told_a_week_before_once_a_day(org_a):
    # Due in exactly a week: support ended 8 years before then.
    _members_left(org_a, 3, years_before(TODAY + datetime.timedelta(days=7), 8))
    _members_left(org_a, 2, years_before(TODAY + datetime.timedelta(days=8), 8))  # not yet

    with in_organisation(org_a.organisation.pk) as organisation:
        made = reminders.retention_warning(organisation=organisation, today=TODAY)
        again = reminders.retention_warning(organisation=organisation, today=TODAY)
        told = list(Notification.objects.filter(organisation=organisation))

    assert made > 0
    assert again == 0
    assert [(n.recipient_id, n.title) for n in told] == [
        (org_a.admin.pk, "Records of 3 members will be anonymised on Thursday 8 March 2040")
    ]
    assert "Leaver" not in told[0].body  # a count, never names


def test_nobody_is_told_when_nothing_is_due(org_a):
    with in_organisation(org_a.organisation.pk) as organisation:
        assert reminders.retention_warning(organisation=organisation, today=TODAY) == 0


# --- The holds' pages ---------------------------------------------------------------------------


def test_an_admin_puts_a_hold_on_and_lifts_it(client, org_a):
    client.force_login(org_a.admin)
    page = client.get("/organisation/legal-holds/").content.decode()
    assert org_a.member.full_name in page

    response = client.post(
        "/organisation/legal-holds/",
        {"member": org_a.member.pk, "reason": "Court case"},
        follow=True,
    )

    assert "are on hold" in response.content.decode()
    with scopes_disabled():
        hold = LegalHold.objects.get(member=org_a.member)
    assert (hold.reason, hold.set_by, hold.lifted_at) == ("Court case", org_a.admin, None)

    response = client.post(f"/organisation/legal-holds/{hold.pk}/lift/", {"reason": "Settled"})
    assert response.status_code == 302
    hold.refresh_from_db()
    assert (hold.lift_reason, hold.lifted_by) == ("Settled", org_a.admin)


def test_a_hold_without_a_reason_is_refused_next_to_the_field(client, org_a):
    client.force_login(org_a.manager)

    response = client.post(
        "/organisation/legal-holds/", {"member": org_a.member.pk, "reason": "  "}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Say why the records must be kept." in html
    assert f'<option value="{org_a.member.pk}" selected>' in html
    with scopes_disabled():
        assert not LegalHold.objects.exists()


def test_a_lift_without_a_reason_keeps_the_hold(client, org_a):
    from tests.matrix.privacy_retention import world_hold

    hold = world_hold(org_a)
    client.force_login(org_a.manager)

    response = client.post(f"/organisation/legal-holds/{hold.pk}/lift/", {"reason": ""})

    assert "Say why the hold can be lifted." in response.content.decode()
    hold.refresh_from_db()
    assert hold.lifted_at is None


def test_a_member_of_another_organisation_cannot_be_held(client, org_a, org_b):
    client.force_login(org_a.admin)

    response = client.post(
        "/organisation/legal-holds/", {"member": org_b.member.pk, "reason": "A claim"}
    )

    assert "Choose a member from the list." in response.content.decode()
    with scopes_disabled():
        assert not LegalHold.objects.exists()


def test_the_holds_page_runs_the_same_queries_at_any_size(client, org_a):
    from tests.helpers import assert_constant_queries

    client.force_login(org_a.admin)
    admin = Actor.for_user(org_a.admin, org_a.organisation.pk)

    def make_rows(n: int) -> None:
        with in_organisation(org_a.organisation.pk):
            while LegalHold.objects.count() < n:
                member = factories.MemberFactory(network=org_a.network)
                hold_set(actor=admin, member=member, reason="A claim")

    def fetch() -> None:
        assert client.get("/organisation/legal-holds/").status_code == 200

    assert_constant_queries(make_rows, fetch, sizes=(3, 30))


def test_the_sweep_is_scheduled_every_night():
    import importlib

    from django_celery_beat.models import PeriodicTask

    from keyring_net.celery import app

    # The migration's own step, twice: one task only (a transactional test
    # elsewhere may have emptied the table).
    schedule = importlib.import_module("privacy.migrations.0002_retention")
    schedule.create_schedule(apps, None)
    schedule.create_schedule(apps, None)
    task = PeriodicTask.objects.get(name="Anonymise records past their retention period")
    assert task.task == "privacy.tasks.anonymise_past_retention_task"
    assert (task.crontab.hour, task.crontab.minute, task.enabled) == ("2", "15", True)
    app.loader.import_default_modules()
    assert task.task in app.tasks
