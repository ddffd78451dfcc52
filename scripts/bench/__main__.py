"""Run the bench from the repository's root: ``python -m scripts.bench``
(``make bench``). The package's docstring says what it measures."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time

from scripts.bench import __doc__ as ABOUT
from scripts.bench.imports import bench_imports, report_imports
from scripts.bench.pages import count_queries, keep_only, prepare_credentials, resolve_paths
from scripts.bench.pdf import largest_report_memory, print_report_timing, time_commissioner_report
from scripts.bench.retention import bench_retention, report_retention
from scripts.bench.seeding import analyse, bench_environment, migrate_only, set_up, start_django
from scripts.bench.sweep import bench_sweep, report_sweep
from scripts.bench.timing import gunicorn, report, run_rounds


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.bench", description=ABOUT.splitlines()[0]
    )
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
    parser.add_argument(
        "--retention-records",
        type=int,
        default=100_000,
        help="past-retention records in the retention sweep (half members, half notes)",
    )
    parser.add_argument(
        "--retention-only",
        action="store_true",
        help="measure only the retention sweep (its setup only migrates: no demo data)",
    )
    parser.add_argument("--import-rows", type=int, default=10_000, help="rows in the member import")
    parser.add_argument(
        "--import-small",
        type=int,
        default=2_000,
        help="rows in the smaller import whose peak memory the larger one's is compared with",
    )
    parser.add_argument(
        "--imports-only", action="store_true", help="measure only the member import"
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help=(
            "load only the pages whose name contains NAME (repeatable), beside the "
            "calibration views; the report, sweep and import are left out"
        ),
    )
    return parser.parse_args()


def main() -> int:
    args = arguments()
    quick = args.sweep_only or args.imports_only or args.retention_only
    if not shutil.which("wrk") and not quick:
        print("make bench needs wrk: sudo apt-get install -y wrk")
        return 1
    if args.only and not keep_only(args.only):
        print(f"No page's name contains any of {args.only}.")
        return 1
    env = bench_environment()
    os.environ.update(env)
    started = time.monotonic()
    if args.retention_only:
        if not args.skip_setup:
            migrate_only(env)
        start_django()
        report_retention(bench_retention(args.retention_records))
        return 0
    if not args.skip_setup:
        set_up(env, args.scale)
    analyse(env["DATABASE_URL"])
    credentials = prepare_credentials()
    if args.sweep_only:
        report_sweep(bench_sweep(args.sweep_plans))
        return 0
    if args.imports_only:
        report_imports(bench_imports(args.import_rows, args.import_small))
        return 0
    resolve_paths()
    query_counts = count_queries(credentials)
    report_timing = None if args.only else time_commissioner_report()
    largest = None if args.only else largest_report_memory()
    with gunicorn(env, args.workers) as port:
        results = run_rounds(port, credentials, args)
    report(results, query_counts, args, time.monotonic() - started)
    if args.only:
        return 0
    print_report_timing(report_timing, largest)
    report_sweep(bench_sweep(args.sweep_plans))
    report_retention(bench_retention(args.retention_records))
    report_imports(bench_imports(args.import_rows, args.import_small))
    return 0


if __name__ == "__main__":
    sys.exit(main())
