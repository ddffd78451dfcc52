"""`make bench`: load pages under gunicorn + PostgreSQL, report ratios.

Every figure is relative to three calibration views measured in the same
run, interleaved with the real pages over several rounds, so results mean the
same on a laptop and on a server:

* trivial   - no database, no template
* one-query - one small query
* table     - a 50-row table from one query, in the page shell

It also generates one commissioner report for a contract of 50 networks
and 600 members and prints its time as a ratio to rendering a one-page PDF
in the same run, with its query count.

Targets: dashboards p95 <= 2x the table page; phone, plan and detail pages
p95 <= 4x the one-query view; API lists p95 <= 4x the one-query view. Query
counts are counted in-process for each page at this data size; the test
suite pins that they do not grow with the data.

    python scripts/bench.py [--scale 10] [--rounds 3] [--seconds 3] [--skip-setup]
                            [--sweep-plans 100000] [--sweep-only]

The notification sweep is measured too: ``--sweep-plans`` plans (added
in bulk to a scratch organisation, removed after) all due for a review
prompt; one run of the plan-review producer and one dispatch of what it
made, as the beat tasks run them, each timed against a bare ``SELECT`` of
the same rows and counted in queries (they grow with the batches, not the
rows). ``seed_demo --scale`` makes plans through the services, too slowly
for 100,000.

Needs PostgreSQL (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/keyring_bench; the database is recreated)
and wrk (apt-get install wrk). Load comes from wrk, a second process, on
127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CALIBRATION = ("trivial", "one-query", "table")


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    kind: str  # calibration | dashboard | page | api | probe (reported, no target)
    login: str | None = None  # demo login label whose session (or token) is used
    token: bool = False


# Later features add their pages here.
PAGES: list[Page] = [
    Page("trivial", "/bench/trivial/", "calibration"),
    Page("one-query", "/bench/one-query/", "calibration"),
    Page("table", "/bench/table/", "calibration"),
    # Opens a fresh database connection on purpose, to prove it can.
    Page("health (json)", "/health/?format=json", "probe"),
    Page("sign-in page", "/accounts/login/", "page"),
    Page("dashboard", "/dashboard/", "dashboard", login="manager"),
    Page("network page", "/networks/{network}/", "page", login="manager"),
    Page("member page", "/members/{member}/", "page", login="manager"),
    Page("members list", "/members/", "page", login="manager"),
    Page("network rota", "/networks/{network}/rota/", "page", login="manager"),
    Page("today (CLV)", "/today/", "page", login="clv"),
    Page("plan page", "/members/{member}/plan/", "page", login="manager"),
    Page("my plan (member)", "/my/plan/", "page", login="member"),
    Page("outcomes dashboard", "/outcomes/", "dashboard", login="manager"),
    Page("surveys", "/surveys/", "page", login="manager"),
    Page("open quality actions", "/quality-checks/actions/", "page", login="manager"),
    Page("API me", "/api/v1/me/", "api", login="manager", token=True),
    Page("API members", "/api/v1/members/", "api", login="manager", token=True),
]

SESSIONS_PER_LOGIN = 16

# A login label is the start of a demo e-mail address ("manager@..."); a
# label here stands for a family of addresses instead. The demo's CLVs are
# clv.<network>@...: "clv" is the first one made, the CLV of the support
# manager's first network (who has shifts, members and a visit going on).
LOGIN_PREFIXES = {"clv": "clv."}

TARGETS = {"dashboard": ("table", 2.0), "page": ("one-query", 4.0), "api": ("one-query", 4.0)}

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read
            + summary.errors.write + summary.errors.timeout
  io.write(string.format("BENCH %d %d %.1f %d\\n", summary.requests, summary.duration,
                         latency:percentile(95), bad))
end
"""


@dataclass
class Result:
    rps: list[float] = field(default_factory=list)
    p95_ms: list[float] = field(default_factory=list)
    errors: int = 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-setup", action="store_true", help="reuse the bench database")
    parser.add_argument(
        "--sweep-plans", type=int, default=100_000, help="plans in the notification sweep"
    )
    parser.add_argument(
        "--sweep-only", action="store_true", help="measure only the notification sweep"
    )
    args = parser.parse_args()

    if not shutil.which("wrk") and not args.sweep_only:
        print("make bench needs wrk: sudo apt-get install -y wrk")
        return 1
    database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/keyring_bench"
    )
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "BENCH_VIEWS": "true",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        # Benchmarks send nobody anything: messages stay on this machine.
        "ALLOW_UNSENT_MESSAGES": "true",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    os.environ.update(env)
    manage = [sys.executable, "manage.py"]
    started = time.monotonic()
    if not args.skip_setup:
        recreate_database(database_url)
        print(f"Setting up: migrate, collectstatic, seed_demo --scale {args.scale} ...")
        subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        subprocess.run(
            [*manage, "seed_demo", "--allow-production", "--scale", str(args.scale)],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    credentials = prepare_credentials(env)
    if args.sweep_only:
        report_sweep(bench_sweep(args.sweep_plans))
        return 0
    resolve_paths(credentials)
    query_counts = count_queries(credentials)
    report_timing = time_commissioner_report()

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "keyring_net.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/bench/trivial/")
        results = run_rounds(port, credentials, args)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(results, query_counts, args, time.monotonic() - started)
    print_report_timing(report_timing)
    report_sweep(bench_sweep(args.sweep_plans))
    return 0


@dataclass
class Sweep:
    plans: int
    batch: int
    select_s: float
    produce_s: float
    produce_queries: int
    dispatch_select_s: float
    dispatch_s: float
    dispatch_queries: int


def bench_sweep(plans: int) -> Sweep:
    """Time the plan-review sweep over ``plans`` plans against a bare
    SELECT of the same rows, as the beat tasks run it: the producer in one
    transaction, the dispatcher one transaction a batch. The plans belong
    to a scratch organisation, removed at the end; the dispatched tasks
    are not sent (only the sweep is measured)."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from keyring_net.models import Organisation, User
    from keyring_net.tasks import in_organisation
    from members.models import Member
    from notifications import producers, services
    from support_plans.models import SupportPlan

    today = timezone.localdate()
    worker = User.objects.order_by("pk").values_list("pk", flat=True).first()
    scratch = Organisation.objects.create(
        name="Sweep bench", slug=f"sweep-bench-{secrets.token_hex(4)}"
    )
    enqueue = services._enqueue
    services._enqueue = lambda ids, organisation_id: None  # measure the sweep, send nothing
    try:
        print(f"\nNotification sweep: adding {plans} plans due for review ...")
        with in_organisation(scratch.pk) as organisation:
            for start in range(0, plans, 5000):
                size = min(5000, plans - start)
                members = Member.objects.bulk_create(
                    Member(organisation=organisation, full_name=f"Sweep {i}")
                    for i in range(start, start + size)
                )
                SupportPlan.objects.bulk_create(
                    SupportPlan(
                        organisation=organisation,
                        member=m,
                        worker_id=worker,
                        status=SupportPlan.Status.AGREED,
                        review_due=today + datetime.timedelta(days=5),
                    )
                    for m in members
                )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE support_plans_supportplan")
            cursor.execute("ANALYZE members_member")
        bare = (
            "SELECT p.id, p.review_due, p.worker_id, m.full_name, m.user_id, n.cluster_id "
            "FROM support_plans_supportplan p JOIN members_member m ON m.id = p.member_id "
            "LEFT JOIN networks_network n ON n.id = m.network_id "
            "WHERE p.organisation_id = %s AND p.status = 'agreed' "
            "AND p.review_due BETWEEN %s AND %s"
        )
        window = [today - datetime.timedelta(days=90), today + datetime.timedelta(days=30)]
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(bare, [scratch.pk, *window])
            rows = len(cursor.fetchall())
        select_s = time.perf_counter() - began
        assert rows == plans, (rows, plans)
        with CaptureQueriesContext(connection) as produced:
            began = time.perf_counter()
            with in_organisation(scratch.pk) as organisation:
                producers.plan_review_prompts(organisation=organisation, today=today)
            produce_s = time.perf_counter() - began
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE notifications_delivery")
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM notifications_delivery WHERE organisation_id = %s "
                "AND state = 'waiting' AND next_attempt_at <= now()",
                [scratch.pk],
            )
            due = len(cursor.fetchall())
        dispatch_select_s = time.perf_counter() - began
        with CaptureQueriesContext(connection) as dispatched:
            began = time.perf_counter()
            while True:
                with in_organisation(scratch.pk) as organisation:
                    if services.dispatch_due_batch(organisation=organisation) < services.BATCH:
                        break
            dispatch_s = time.perf_counter() - began
    finally:
        services._enqueue = enqueue
        with connection.cursor() as cursor:
            for table in (
                "notifications_deliveryattempt",
                "notifications_delivery",
                "notifications_notification",
                "support_plans_supportplan",
                "members_member",
            ):
                cursor.execute(f"DELETE FROM {table} WHERE organisation_id = %s", [scratch.pk])  # noqa: S608
        scratch.delete()
    print(f"  {due} deliveries due")
    return Sweep(
        plans=plans,
        batch=producers.BATCH,
        select_s=select_s,
        produce_s=produce_s,
        produce_queries=len(produced.captured_queries),
        dispatch_select_s=dispatch_select_s,
        dispatch_s=dispatch_s,
        dispatch_queries=len(dispatched.captured_queries),
    )


def report_sweep(sweep: Sweep) -> None:
    batches = -(-sweep.plans // sweep.batch)
    print(
        f"Plan-review sweep over {sweep.plans} plans (batches of {sweep.batch}, {batches} "
        f"batches): {sweep.produce_s:.2f}s, {sweep.produce_queries} queries; bare SELECT "
        f"{sweep.select_s:.3f}s; ratio {sweep.produce_s / sweep.select_s:.1f}x"
    )
    print(
        f"Dispatch of what it made: {sweep.dispatch_s:.2f}s, {sweep.dispatch_queries} queries; "
        f"bare SELECT {sweep.dispatch_select_s:.3f}s; "
        f"ratio {sweep.dispatch_s / sweep.dispatch_select_s:.1f}x"
    )


def recreate_database(database_url: str) -> None:
    import psycopg2

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    conn = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def prepare_credentials(env) -> dict[str, dict[str, str]]:
    """A signed-in session and an API token for each demo login the pages use."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyring_net.settings")
    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    from keyring_net.api.tokens import api_token_create
    from keyring_net.models import User

    credentials = {}
    for label in {p.login for p in PAGES if p.login}:
        prefix = LOGIN_PREFIXES.get(label, f"{label}@")
        user = User.objects.filter(email__startswith=prefix).order_by("pk").first()
        if user is None:
            raise SystemExit(f"No demo login starts with {prefix!r}: is the demo seeded?")
        cookies = []
        # One session per simulated person: many people, as in real use,
        # rather than one session shared by every connection.
        for _ in range(SESSIONS_PER_LOGIN):
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.set_expiry(3600)
            session.create()
            cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
        _token, key = api_token_create(user=user, name="Benchmark")
        credentials[label] = {"cookie": cookies[0], "cookies": cookies, "token": key}
    return credentials


def resolve_paths(credentials) -> None:
    """Fill ``{network}`` and ``{member}`` with the support manager's first
    network and one of its active members."""
    from keyring_net.actors import Actor
    from keyring_net.models import User
    from keyring_net.tenancy import organisation_scope
    from members.models import Member
    from networks.models import Network

    manager = User.objects.filter(email__startswith="manager@").order_by("pk").first()
    actor = Actor.for_user(manager)
    cluster_id = actor.assignments[0].cluster_id
    with organisation_scope(actor.organisation):
        network = Network.objects.filter(cluster_id=cluster_id).order_by("pk").first()
        member = Member.objects.filter(network=network, status="active").order_by("pk").first()
    values = {"network": network.pk, "member": member.pk}
    for index, page in enumerate(PAGES):
        PAGES[index] = Page(
            page.name, page.path.format(**values), page.kind, page.login, page.token
        )


def headers_for(page: Page, credentials) -> dict[str, str]:
    if page.login is None:
        return {}
    if page.token:
        return {"Authorization": f"Token {credentials[page.login]['token']}"}
    return {"Cookie": credentials[page.login]["cookie"]}


def count_queries(credentials) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for page in PAGES:
        client = Client(HTTP_HOST="127.0.0.1")
        extra = {}
        for key, value in headers_for(page, credentials).items():
            if key == "Cookie":
                name, _, val = value.partition("=")
                client.cookies[name] = val
            else:
                extra[f"HTTP_{key.upper()}"] = value
        client.get(page.path, **extra)  # warm up
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.path, **extra)
        if response.status_code != 200:
            raise SystemExit(f"{page.path} answered {response.status_code} before the load test")
        counts[page.name] = len(captured.captured_queries)
    return counts


REPORT_NETWORKS, REPORT_MEMBERS_PER_NETWORK = 50, 12  # 600 members
ONE_PAGE_HTML = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>One page</title><link rel="stylesheet" href="css/report-pdf.css"></head>
<body><h1>One page</h1><p>A calibration page: one heading and one sentence.</p></body></html>"""


def time_commissioner_report(rounds: int = 3) -> dict:
    """Generate one commissioner report end to end (figures, suppression,
    PDF and CSV) for a contract of 50 networks and 600 members built in
    the bench database, against rendering a one-page PDF in the same run.
    In-process, on the main thread (as a Celery prefork worker renders)."""
    import datetime

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from keyring_net.models import LocalAuthority, Organisation, User
    from keyring_net.pdf import render_pdf_pages
    from keyring_net.tenancy import organisation_scope, set_database_organisation
    from outcomes.demo_reports import seed_report_load
    from outcomes.models import CommissionerReport
    from outcomes.services_reports import report_make_now

    organisation = Organisation.objects.order_by("pk").first()
    start, end = datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)
    with transaction.atomic(), organisation_scope(organisation):
        set_database_organisation(organisation.pk)
        contract = seed_report_load(
            organisation=organisation,
            local_authority=LocalAuthority.objects.order_by("pk").first(),
            recorded_by=User.objects.filter(email__startswith="manager@").order_by("pk").first(),
            networks=REPORT_NETWORKS,
            members_per_network=REPORT_MEMBERS_PER_NETWORK,
            start=start,
            end=end,
        )
    one_page, reports, queries, pages = [], [], 0, 0
    for version in range(1, rounds + 1):
        began = time.perf_counter()
        render_pdf_pages(ONE_PAGE_HTML)
        one_page.append(time.perf_counter() - began)
        with transaction.atomic(), organisation_scope(organisation):
            set_database_organisation(organisation.pk)
            waiting = CommissionerReport.objects.create(
                organisation=organisation,
                contract=contract,
                period_start=start,
                period_end=end,
                version=version,
            )
            began = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                made = report_make_now(
                    organisation=organisation, report_id=waiting.pk, notify=False
                )
            reports.append(time.perf_counter() - began)
        if made is None or made.status != "ready":
            raise SystemExit(f"The benchmark report was not made: {made and made.error}")
        queries, pages = len(captured.captured_queries), made.pages
    return {
        "report_s": statistics.median(reports),
        "one_page_s": statistics.median(one_page),
        "queries": queries,
        "pages": pages,
    }


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


def run_rounds(port: int, credentials, args) -> dict[str, Result]:
    results = {page.name: Result() for page in PAGES}
    scripts = {}
    for page in PAGES:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(wrk_script(page, credentials))
        scripts[page.name] = script.name
    for round_number in range(1, args.rounds + 1):
        print(f"Round {round_number} of {args.rounds}")
        for page in PAGES:
            command = [
                "wrk",
                "-t",
                "2",
                "-c",
                str(args.connections),
                "-d",
                f"{args.seconds}s",
                "-s",
                scripts[page.name],
                "--timeout",
                "10s",
            ]
            for key, value in headers_for(page, credentials).items():
                if key != "Cookie":  # sessions rotate in the script
                    command += ["-H", f"{key}: {value}"]
            command.append(f"http://127.0.0.1:{port}{page.path}")
            output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            line = next(line for line in output.splitlines() if line.startswith("BENCH "))
            requests, duration_us, p95_us, bad = line.split()[1:]
            result = results[page.name]
            result.rps.append(int(requests) / (int(duration_us) / 1e6))
            result.p95_ms.append(float(p95_us) / 1000)
            result.errors += int(bad)
    for name in scripts.values():
        os.unlink(name)
    return results


def wrk_script(page: Page, credentials) -> str:
    """wrk's Lua: rotate through the login's sessions, and report p95."""
    if page.login is None or page.token:
        return WRK_SCRIPT
    cookies = ", ".join(f'"{c}"' for c in credentials[page.login]["cookies"])
    return (
        f"local cookies = {{{cookies}}}\n"
        "local n = 0\n"
        "request = function()\n"
        "  n = n + 1\n"
        '  wrk.headers["Cookie"] = cookies[(n % #cookies) + 1]\n'
        "  return wrk.format(nil)\n"
        "end\n" + WRK_SCRIPT
    )


def report(results: dict[str, Result], query_counts, args, elapsed: float) -> None:
    rps = {name: statistics.median(r.rps) for name, r in results.items()}
    p95 = {name: statistics.median(r.p95_ms) for name, r in results.items()}
    print()
    print(
        f"KeyRing Net benchmark: scale {args.scale}, {args.rounds} rounds of "
        f"{args.seconds}s per page, {args.connections} connections, "
        f"{args.workers} gunicorn workers, {elapsed:.0f}s in all."
    )
    print(
        "Medians over rounds. Ratios are to the calibration views of this run "
        "(p95 ratio: lower is better; 1.0 = as fast as the calibration view)."
    )
    print()
    header = (
        f"{'page':<26}{'req/s':>9}{'p95 ms':>9}{'queries':>9}"
        f"{'p95/1q':>9}{'p95/tbl':>9}{'rps tbl/page':>14}  target"
    )
    print(header)
    print("-" * len(header) + "-" * 20)
    failures = 0
    for page in PAGES:
        name = page.name
        ratio_one = p95[name] / p95["one-query"]
        ratio_table = p95[name] / p95["table"]
        target = ""
        if page.kind in TARGETS:
            base, limit = TARGETS[page.kind]
            ratio = p95[name] / p95[base]
            ok = ratio <= limit and results[name].errors == 0
            failures += not ok
            target = f"{'ok  ' if ok else 'MISS'} p95 <= {limit:g}x {base}"
        errors = f"  ({results[name].errors} errors)" if results[name].errors else ""
        print(
            f"{name:<26}{rps[name]:>9.0f}{p95[name]:>9.1f}{query_counts[name]:>9}"
            f"{ratio_one:>9.2f}{ratio_table:>9.2f}{rps['table'] / rps[name]:>14.2f}  "
            f"{target}{errors}"
        )
    print()
    print("All targets met." if failures == 0 else f"{failures} target(s) missed.")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


if __name__ == "__main__":
    sys.exit(main())
