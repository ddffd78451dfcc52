"""The load test: gunicorn serves, wrk loads each page in rounds, and the
table of ratios to the calibration views."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from scripts.bench import ROOT
from scripts.bench.pages import PAGES, Page, headers_for

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


@contextmanager
def gunicorn(env: dict[str, str], workers: int) -> Iterator[int]:
    """Serve the site under gunicorn on a free local port, until the block ends."""
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
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/bench/trivial/")
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


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
            line = _wrk(page, port, scripts[page.name], credentials, args)
            requests, duration_us, p95_us, bad = line.split()[1:]
            result = results[page.name]
            result.rps.append(int(requests) / (int(duration_us) / 1e6))
            result.p95_ms.append(float(p95_us) / 1000)
            result.errors += int(bad)
    for name in scripts.values():
        os.unlink(name)
    return results


def _wrk(page: Page, port: int, script: str, credentials, args) -> str:
    """Load one page for ``args.seconds``; wrk's "BENCH ..." line."""
    command = [
        "wrk",
        "-t",
        "2",
        "-c",
        str(args.connections),
        "-d",
        f"{args.seconds}s",
        "-s",
        script,
        "--timeout",
        "10s",
    ]
    for key, value in headers_for(page, credentials).items():
        if key != "Cookie":  # sessions rotate in the script
            command += ["-H", f"{key}: {value}"]
    command.append(f"http://127.0.0.1:{port}{page.path}")
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return next(line for line in output.splitlines() if line.startswith("BENCH "))


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
        target = ""
        if page.kind in TARGETS:
            base, limit = TARGETS[page.kind]
            ok = p95[name] / p95[base] <= limit and results[name].errors == 0
            failures += not ok
            target = f"{'ok  ' if ok else 'MISS'} p95 <= {limit:g}x {base}"
        errors = f"  ({results[name].errors} errors)" if results[name].errors else ""
        print(
            f"{name:<26}{rps[name]:>9.0f}{p95[name]:>9.1f}{query_counts[name]:>9}"
            f"{p95[name] / p95['one-query']:>9.2f}{p95[name] / p95['table']:>9.2f}"
            f"{rps['table'] / rps[name]:>14.2f}  {target}{errors}"
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
