"""The commissioner report, timed against rendering a one-page PDF."""

from __future__ import annotations

import datetime
import statistics
import time

REPORT_NETWORKS, REPORT_MEMBERS_PER_NETWORK = 50, 12  # 600 members
LARGEST_NETWORKS = 200  # the largest report: its worker's peak memory
PAGES_GOAL, PER_PAGE_GOAL, MEMORY_GOAL_MB = 25, 2.0, 300
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
    render_pdf_pages(ONE_PAGE_HTML)  # the first render sets up fonts: not timed
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


def _seed_contract(organisation, networks: int = REPORT_NETWORKS):
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
            networks=networks,
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


def largest_report_memory() -> dict:
    """Make the report of a 200-network contract (2,400 members) in a
    process of its own, as a worker would, and read that process's peak
    memory (its maximum resident set). Its data is rolled back after."""
    import json
    import subprocess
    import sys

    from scripts.bench import ROOT

    output = subprocess.run(
        [sys.executable, "-m", "scripts.bench.pdf", str(LARGEST_NETWORKS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def _largest_in_this_process(networks: int) -> dict:
    import resource

    import django

    django.setup()
    from django.db import transaction

    from keyring_net.models import Organisation

    organisation = Organisation.objects.order_by("pk").first()
    with transaction.atomic():
        contract = _seed_contract(organisation, networks)
        seconds, _queries, made = _make_report(organisation, contract, 1)
        transaction.set_rollback(True)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "pages": made.pages, "peak_mb": peak_kb / 1024}


def print_report_timing(timing: dict, largest: dict) -> None:
    ratio = timing["report_s"] / timing["one_page_s"]
    per_page = ratio / timing["pages"]
    print(
        f"Commissioner report, {REPORT_NETWORKS} networks and "
        f"{REPORT_NETWORKS * REPORT_MEMBERS_PER_NETWORK} members "
        f"(figures, suppression, {timing['pages']}-page PDF and CSV): "
        f"{timing['report_s']:.2f}s, {ratio:.1f}x a one-page PDF "
        f"({timing['one_page_s'] * 1000:.0f} ms, warm), {timing['queries']} queries "
        "(the suite pins that they do not grow with networks or members)."
    )
    rows = [
        ("report pages, 50 networks", f"<= {PAGES_GOAL}", timing["pages"], PAGES_GOAL),
        ("report time a page", f"<= {PER_PAGE_GOAL:g}x one page", per_page, PER_PAGE_GOAL),
        (
            f"report pages, {LARGEST_NETWORKS} networks",
            f"<= {PAGES_GOAL}",
            largest["pages"],
            PAGES_GOAL,
        ),
        (
            f"worker peak memory, {LARGEST_NETWORKS} networks",
            f"< {MEMORY_GOAL_MB} MB",
            largest["peak_mb"],
            MEMORY_GOAL_MB,
        ),
    ]
    for name, goal, value, limit in rows:
        result = "met" if value <= limit else "MISSED"
        print(f"  {name:<36}{goal:<22}{value:>9.1f}  {result}")
    print(f"  ({LARGEST_NETWORKS} networks made in {largest['seconds']:.1f}s.)")


if __name__ == "__main__":
    import json
    import os
    import sys

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyring_net.settings")
    print(json.dumps(_largest_in_this_process(int(sys.argv[1]))))
