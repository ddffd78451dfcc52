"""The commissioner report, timed against rendering a one-page PDF."""

from __future__ import annotations

import datetime
import statistics
import time

REPORT_NETWORKS, REPORT_MEMBERS_PER_NETWORK = 50, 12  # 600 members
REPORT_START, REPORT_END = datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)
ONE_PAGE_HTML = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>One page</title><link rel="stylesheet" href="css/report-pdf.css"></head>
<body><h1>One page</h1><p>A calibration page: one heading and one sentence.</p></body></html>"""


def time_commissioner_report(rounds: int = 3) -> dict:
    """Generate one commissioner report end to end (figures, suppression,
    PDF and CSV) for a contract of 50 networks and 600 members built in
    the bench database, against rendering a one-page PDF in the same run.
    In-process, on the main thread (as a Celery prefork worker renders)."""
    from keyring_net.models import Organisation
    from keyring_net.pdf import render_pdf_pages

    organisation = Organisation.objects.order_by("pk").first()
    contract = _seed_contract(organisation)
    one_page, reports = [], []
    for version in range(1, rounds + 1):
        began = time.perf_counter()
        render_pdf_pages(ONE_PAGE_HTML)
        one_page.append(time.perf_counter() - began)
        seconds, queries, made = _make_report(organisation, contract, version)
        reports.append(seconds)
    return {
        "report_s": statistics.median(reports),
        "one_page_s": statistics.median(one_page),
        "queries": queries,
        "pages": made.pages,
    }


def _seed_contract(organisation):
    """A contract of 50 networks and 600 members with a quarter's records."""
    from django.db import transaction

    from keyring_net.models import LocalAuthority, User
    from keyring_net.tenancy import organisation_scope, set_database_organisation
    from outcomes.demo.reports import seed_report_load

    with transaction.atomic(), organisation_scope(organisation):
        set_database_organisation(organisation.pk)
        return seed_report_load(
            organisation=organisation,
            local_authority=LocalAuthority.objects.order_by("pk").first(),
            recorded_by=User.objects.filter(email__startswith="manager@").order_by("pk").first(),
            networks=REPORT_NETWORKS,
            members_per_network=REPORT_MEMBERS_PER_NETWORK,
            start=REPORT_START,
            end=REPORT_END,
        )


def _make_report(organisation, contract, version: int):
    """(seconds, queries, the report) for one version of the report, made now."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from keyring_net.tenancy import organisation_scope, set_database_organisation
    from outcomes.models import CommissionerReport
    from outcomes.services.reports import report_make_now

    with transaction.atomic(), organisation_scope(organisation):
        set_database_organisation(organisation.pk)
        waiting = CommissionerReport.objects.create(
            organisation=organisation,
            contract=contract,
            period_start=REPORT_START,
            period_end=REPORT_END,
            version=version,
        )
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            made = report_make_now(organisation=organisation, report_id=waiting.pk, notify=False)
        seconds = time.perf_counter() - began
    if made is None or made.status != "ready":
        raise SystemExit(f"The benchmark report was not made: {made and made.error}")
    return seconds, len(captured.captured_queries), made


def print_report_timing(timing: dict) -> None:
    ratio = timing["report_s"] / timing["one_page_s"]
    print(
        f"Commissioner report, {REPORT_NETWORKS} networks and "
        f"{REPORT_NETWORKS * REPORT_MEMBERS_PER_NETWORK} members "
        f"(figures, suppression, {timing['pages']}-page PDF and CSV): "
        f"{timing['report_s']:.2f}s, {ratio:.1f}x a one-page PDF "
        f"({timing['one_page_s'] * 1000:.0f} ms), {timing['queries']} queries "
        "(the suite pins that they do not grow with networks or members)."
    )
