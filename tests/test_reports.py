"""Commissioner reports: asking for one, making it in the background with the
real figures and WeasyPrint, doing it twice, failing over the limits, the
schedule, the sweeper, the e-mail and the notice, the pages and downloads."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from keyring_net.actors import Actor
from keyring_net.models import Role
from keyring_net.tenancy import organisation_scope
from notifications.models import Delivery, Kind, Notification
from outcomes.disclosure import suppress
from outcomes.figures.counting import outcome_figures
from outcomes.models import CommissionerReport, Contract, ReportDownload, ReportFile
from outcomes.services import report_schedule
from outcomes.services import reports as services_reports
from outcomes.tasks import render_report_task, schedule_due_reports_task, sweep_stuck_reports_task
from tests import factories
from tests.helpers import count_queries
from tests.report_helpers import PERIOD, council_of, make_contract, make_report, pdf_text

pytestmark = pytest.mark.django_db
Status = CommissionerReport.Status


def actor_for(world, role=Role.COMMISSIONER) -> Actor:
    return Actor.for_user(world.users[role], world.organisation.pk)


def members(world, count: int, network=None) -> None:
    with scopes_disabled():
        for index in range(count):
            factories.MemberFactory(
                network=network or world.network,
                full_name=f"Person {index} {world.marker}",
                joined_on=datetime.date(2025, 1, 1),
            )


def test_asking_for_a_report_makes_it_with_the_real_figures(
    org_a, org_b, django_capture_on_commit_callbacks
):
    members(org_a, 9)  # the world's member has no joining day, so is not counted
    contract = make_contract(org_a)
    actor = actor_for(org_a)
    with organisation_scope(org_a.organisation), django_capture_on_commit_callbacks(execute=True):
        report = services_reports.report_request(
            actor=actor, contract=contract, start=PERIOD[0], end=PERIOD[1]
        )
    with scopes_disabled():
        report.refresh_from_db()
        expected = suppress(
            outcome_figures(
                organisation=org_a.organisation,
                networks=list(contract.networks.all()),
                start=PERIOD[0],
                end=PERIOD[1],
            ),
            7,
        )
        files = ReportFile.objects.get(report=report)
    assert report.status == Status.READY
    assert (
        report.version == 1
        and report.attempts == 1
        and report.requested_by == org_a.users[Role.COMMISSIONER]
    )
    assert report.figures == expected
    assert report.figures["rows"][0]["values"]["members_supported"] == 9
    assert report.pages >= 9
    assert "Person 0" not in pdf_text(bytes(files.pdf))
    assert bytes(files.pdf).startswith(b"%PDF")
    assert "networks,All networks,Members supported,9" in files.csv
    # The commissioner of this council is told by e-mail, once, when the
    # notifications are sent; org B's is not.
    assert mail.outbox == []
    send_due_messages(django_capture_on_commit_callbacks)
    send_due_messages(django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[org_a.users[Role.COMMISSIONER].email]]
    assert mail.outbox[0].subject == f"A new report is ready: {contract.name}"
    assert f"A new outcome report is ready for {contract.name}" in mail.outbox[0].body
    assert f"/reports/{report.pk}/" in mail.outbox[0].body
    assert "Person" not in mail.outbox[0].body
    # ... and finds a notice in their messages; nobody else is told.
    with scopes_disabled():
        notices = list(
            Notification.objects.filter(kind=Kind.REPORT_READY).values_list("recipient_id", "link")
        )
        channels = set(
            Delivery.objects.filter(notification__kind=Kind.REPORT_READY).values_list(
                "channel", flat=True
            )
        )
    assert notices == [(org_a.users[Role.COMMISSIONER].pk, f"/reports/{report.pk}/")]
    assert channels == {"in_app", "email"}


def send_due_messages(capture) -> dict:
    """What the beat does every minute: queue the due deliveries; the
    delivery tasks run in-process after the commit."""
    from notifications.tasks import send_due_notifications_task

    with capture(execute=True):
        return send_due_notifications_task()


def test_the_report_email_is_a_delivery_with_its_attempt_and_goes_once(
    org_a, django_capture_on_commit_callbacks
):
    """The e-mail goes even to a commissioner who chose messages on screen
    only (it always has), as a delivery row of the report's notification,
    its try recorded; queueing again sends nothing more."""
    from notifications.models import DeliveryAttempt, NotificationPreference

    commissioner = org_a.users[Role.COMMISSIONER]
    with organisation_scope(org_a.organisation):
        NotificationPreference.objects.create(
            organisation=org_a.organisation, user=commissioner, channels=["in_app"]
        )
    report = make_report(make_contract(org_a))
    with django_capture_on_commit_callbacks(execute=True):
        assert render_report_task(report.pk, org_a.organisation.pk) == Status.READY
    assert mail.outbox == []
    first = send_due_messages(django_capture_on_commit_callbacks)
    second = send_due_messages(django_capture_on_commit_callbacks)
    assert first["queued"] == 2 and second["queued"] == 0
    assert [m.to for m in mail.outbox] == [[commissioner.email]]
    with scopes_disabled():
        email = Delivery.objects.get(notification__kind=Kind.REPORT_READY, channel="email")
        attempts = list(DeliveryAttempt.objects.filter(delivery=email).values_list("outcome"))
    assert (email.notification.recipient_id, email.state, email.attempts) == (
        commissioner.pk,
        "sent",
        1,
    )
    assert attempts == [("sent",)]


def test_doing_it_twice_does_nothing_twice(org_a, django_capture_on_commit_callbacks):
    report = make_report(make_contract(org_a))
    assert render_report_task(report.pk, org_a.organisation.pk) == Status.READY
    assert render_report_task(report.pk, org_a.organisation.pk) == "not waiting"
    with scopes_disabled():
        assert ReportFile.objects.filter(report=report).count() == 1
        report.refresh_from_db()
    assert report.attempts == 1


def test_a_report_over_its_page_limit_fails_with_nothing_written(org_a):
    report = make_report(make_contract(org_a))
    with organisation_scope(org_a.organisation):
        made = services_reports.report_make_now(
            organisation=org_a.organisation, report_id=report.pk, max_pages=1
        )
    assert made.status == Status.FAILED
    assert made.error.startswith("The report would be too long to print")
    with scopes_disabled():
        report.refresh_from_db()
        assert not ReportFile.objects.filter(report=report).exists()
    assert report.status == Status.FAILED and report.figures == {}
    assert mail.outbox == []


def test_a_report_over_its_time_limit_fails(org_a):
    report = make_report(make_contract(org_a))
    with organisation_scope(org_a.organisation):
        made = services_reports.report_make_now(
            organisation=org_a.organisation, report_id=report.pk, seconds=0.001
        )
    assert made.status == Status.FAILED
    assert made.error.startswith("The report took too long to make and was stopped.")
    with scopes_disabled():
        assert not ReportFile.objects.filter(report=report).exists()


def test_a_period_that_ends_before_it_starts_is_refused(org_a):
    contract = make_contract(org_a)
    with organisation_scope(org_a.organisation), pytest.raises(ValidationError) as error:
        services_reports.report_request(
            actor=actor_for(org_a),
            contract=contract,
            start=datetime.date(2026, 9, 30),
            end=datetime.date(2026, 7, 1),
        )
    assert error.value.message_dict == {
        "period_end": ["The end of the period must be on or after its start."]
    }
    with scopes_disabled():
        assert not CommissionerReport.objects.exists()


def test_a_period_outside_the_contract_is_clipped_and_versions_count_up(org_a):
    contract = make_contract(org_a)  # 1 April 2026 to 31 March 2027
    actor = actor_for(org_a)
    with organisation_scope(org_a.organisation):
        first = services_reports.report_request(
            actor=actor,
            contract=contract,
            start=datetime.date(2026, 1, 1),
            end=datetime.date(2026, 6, 30),
        )
        second = services_reports.report_request(
            actor=actor,
            contract=contract,
            start=datetime.date(2026, 4, 1),
            end=datetime.date(2026, 6, 30),
        )
        with pytest.raises(ValidationError) as error:
            services_reports.report_request(
                actor=actor,
                contract=contract,
                start=datetime.date(2028, 1, 1),
                end=datetime.date(2028, 3, 31),
            )
    assert (first.period_start, first.period_end, first.clipped) == (
        datetime.date(2026, 4, 1),
        datetime.date(2026, 6, 30),
        True,
    )
    assert (second.version, second.clipped) == (2, False)
    assert error.value.message_dict["period_start"] == [
        "The contract runs from 1 April 2026 to 31 March 2027: choose a period within it."
    ]


def test_the_schedule_makes_the_report_of_the_period_just_ended_once(org_a, org_b):
    contract = make_contract(org_a)
    make_contract(org_a, name="Yearly", report_every_months=12)
    with scopes_disabled():
        Contract.objects.filter(pk=contract.pk).update(starts_on=datetime.date(2026, 1, 15))
        contract.refresh_from_db()
    assert report_schedule.last_ended_period(contract, datetime.date(2026, 4, 14)) is None
    period = report_schedule.last_ended_period(contract, datetime.date(2026, 10, 20))
    assert (period.start, period.end) == (datetime.date(2026, 7, 15), datetime.date(2026, 10, 14))
    # The last period stops at the contract's end.
    period = report_schedule.last_ended_period(contract, datetime.date(2027, 6, 1))
    assert (period.start, period.end) == (datetime.date(2027, 1, 15), datetime.date(2027, 3, 31))
    with organisation_scope(org_a.organisation):
        made = report_schedule.schedule_due_reports(
            organisation=org_a.organisation, today=datetime.date(2026, 10, 20)
        )
        again = report_schedule.schedule_due_reports(
            organisation=org_a.organisation, today=datetime.date(2026, 10, 20)
        )
    assert [
        (r.contract_id, r.period_start, r.period_end, r.scheduled, r.version) for r in made
    ] == [(contract.pk, datetime.date(2026, 7, 15), datetime.date(2026, 10, 14), True, 1)]
    assert again == []


def test_the_beat_tasks_go_through_every_organisation(org_a, org_b):
    make_contract(org_a)
    make_contract(org_b)
    with scopes_disabled():
        Contract.objects.update(starts_on=datetime.date(2025, 1, 1))
    assert schedule_due_reports_task() == 2
    assert schedule_due_reports_task() == 0
    with scopes_disabled():
        assert CommissionerReport.objects.filter(scheduled=True).count() == 2
        assert {r.organisation_id for r in CommissionerReport.objects.all()} == {
            org_a.organisation.pk,
            org_b.organisation.pk,
        }


def test_the_sweeper_sends_stuck_reports_again_then_fails_them(org_a):
    contract = make_contract(org_a)
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    stuck = make_report(contract, status=Status.RENDERING, attempts=1)
    tired = make_report(contract, status=Status.WAITING, attempts=3, version=2)
    fresh = make_report(contract, status=Status.WAITING, version=3)
    with scopes_disabled():
        CommissionerReport.objects.filter(pk__in=[stuck.pk, tired.pk]).update(
            started_at=long_ago, requested_at=long_ago
        )
    with organisation_scope(org_a.organisation):
        again, failed = report_schedule.sweep_stuck_reports(organisation=org_a.organisation)
    assert (again, failed) == (1, 1)
    with scopes_disabled():
        stuck.refresh_from_db()
        tired.refresh_from_db()
        fresh.refresh_from_db()
    assert stuck.status == Status.WAITING
    assert tired.status == Status.FAILED and "after 3 tries" in tired.error
    assert fresh.status == Status.WAITING
    assert sweep_stuck_reports_task() == 0


def test_the_notice_shows_until_the_commissioner_downloads_it(client, org_a, org_b):
    contract = make_contract(org_a)
    report = make_report(contract)
    render_report_task(report.pk, org_a.organisation.pk)
    client.force_login(org_a.users[Role.COMMISSIONER])
    page = client.get(reverse("reports:list")).content.decode()
    assert "A new report is ready" in page
    assert contract.name in page
    response = client.get(reverse("reports:pdf", args=[report.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        f'attachment; filename="outcome-report-contract-{contract.pk}-'
        f'2026-07-01-to-2026-09-30-v1.pdf"'
    )
    assert "A new report is ready" not in client.get(reverse("reports:list")).content.decode()
    csv_response = client.get(reverse("reports:csv", args=[report.pk]))
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_response.content.decode().startswith("section,network,figure,value")
    with scopes_disabled():
        assert list(ReportDownload.objects.values_list("format", flat=True).order_by("pk")) == [
            "pdf",
            "csv",
        ]
    # The support manager sees the report, but no "new" notice is theirs.
    client.force_login(org_a.manager)
    page = client.get(reverse("reports:list")).content.decode()
    assert contract.name in page and "A new report is ready" not in page


def test_a_commissioner_sees_only_their_councils_contracts(client, org_a):
    mine = make_contract(org_a)
    with scopes_disabled():
        other_council = factories.LocalAuthorityFactory(name="Another council")
    theirs = make_contract(org_a, name="Other council's contract", local_authority=other_council)
    theirs_report = make_report(theirs)
    client.force_login(org_a.users[Role.COMMISSIONER])
    page = client.get(reverse("reports:list")).content.decode()
    assert mine.name in page and theirs.name not in page
    assert client.get(reverse("reports:detail", args=[theirs_report.pk])).status_code == 404
    assert client.get(reverse("reports:request", args=[theirs.pk])).status_code == 404
    assert client.get(f"/api/v1/contracts/{theirs.pk}/").status_code == 404


def test_asking_on_the_page_with_a_bad_period_keeps_what_was_typed(client, org_a):
    contract = make_contract(org_a)
    client.force_login(org_a.users[Role.COMMISSIONER])
    response = client.post(
        reverse("reports:request", args=[contract.pk]),
        {"period_start": "2026-09-30", "period_end": "2026-07-01"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The end of the period must be on or after its start." in page
    assert 'value="2026-09-30"' in page and 'value="2026-07-01"' in page
    with scopes_disabled():
        assert not CommissionerReport.objects.exists()


def test_asking_on_the_page_says_when_the_period_was_clipped(client, org_a):
    contract = make_contract(org_a)
    client.force_login(org_a.users[Role.COMMISSIONER])
    response = client.post(
        reverse("reports:request", args=[contract.pk]),
        {"period_start": "2026-01-01", "period_end": "2026-06-30"},
        follow=True,
    )
    page = response.content.decode()
    assert "moved inside the contract&#x27;s dates: 1 April 2026 to 30 June 2026" in page


def _reports_list_queries(client, org_a, contracts: int, reports: int) -> int:
    for index in range(contracts):
        contract = make_contract(org_a, name=f"Contract {index}")
        for version in range(1, reports + 1):
            make_report(contract, version=version, status=Status.READY)
    client.force_login(org_a.users[Role.COMMISSIONER])
    client.get(reverse("reports:list"))
    count, response = count_queries(lambda: client.get(reverse("reports:list")))
    assert response.status_code == 200
    return count


def test_the_reports_list_runs_a_fixed_number_of_queries(client, org_a, org_b):
    from tests.helpers import pinned

    small = _reports_list_queries(client, org_a, 1, 2)
    large = _reports_list_queries(client, org_b, 6, 8)
    # Seven: commissioners use two-step sign-in, and the middleware asks
    # whether they have set it up (one query).
    assert small == large == pinned(7)


def _report_queries(world, networks: int, members_per_network: int) -> int:
    from outcomes.demo.reports import seed_report_load

    with organisation_scope(world.organisation):
        contract = seed_report_load(
            organisation=world.organisation,
            local_authority=council_of(world),
            recorded_by=world.manager,
            networks=networks,
            members_per_network=members_per_network,
            start=PERIOD[0],
            end=PERIOD[1],
        )
        report = make_report(contract)
        count, made = count_queries(
            lambda: services_reports.report_make_now(
                organisation=world.organisation, report_id=report.pk
            )
        )
    assert made.status == Status.READY
    assert made.figures["rows"][0]["values"]["members_supported"] == networks * members_per_network
    return count


def test_making_a_report_runs_the_same_queries_for_more_networks_and_members(org_a, org_b):
    small = _report_queries(org_a, 2, 6)  # 2 networks, 12 members
    large = _report_queries(org_b, 6, 10)  # 6 networks, 60 members
    assert small == large


def test_the_report_page_shows_the_suppressed_figures_and_nobody(client, org_a):
    members(org_a, 3)
    contract = make_contract(org_a)
    report = make_report(contract)
    render_report_task(report.pk, org_a.organisation.pk)
    client.force_login(org_a.users[Role.COMMISSIONER])
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Ready" in page and "Download the PDF" in page
    assert "Members, by network" in page
    # Three members supported: a small count, on the page as in the PDF.
    assert ">fewer than 8</td>" in page
    with scopes_disabled():
        names = [m.full_name for m in org_a.member.__class__.objects.all()]
    assert names and not any(name in page for name in names)
