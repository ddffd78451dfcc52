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

# Goals by kind of page: (the calibration view it is measured against, the
# most its p95 may be as a multiple of that view's). Pages and API calls are
# measured against the one-query view signed in as they are
# (``Page.signed_in_base``); dashboards against the anonymous table page.
LIMITS = {"dashboard": 2.0, "page": 4.0, "api": 4.0}
WARM_UP_SECONDS = 1


def base_of(page: Page) -> str | None:
    if page.kind == "dashboard":
        return "table"
    if page.kind in ("page", "api"):
        return page.signed_in_base
    return None


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
            # Warm the page (its worker's caches, the database's buffers),
            # then time it, then wait until the server has finished what
            # wrk left queued, so no page's backlog spills into the next.
            _wrk(page, port, scripts[page.name], credentials, args, WARM_UP_SECONDS)
            drain(port)
            line = _wrk(page, port, scripts[page.name], credentials, args, args.seconds)
            drain(port)
            requests, duration_us, p95_us, bad = line.split()[1:]
            result = results[page.name]
            result.rps.append(int(requests) / (int(duration_us) / 1e6))
            result.p95_ms.append(float(p95_us) / 1000)
            result.errors += int(bad)
    for name in scripts.values():
        os.unlink(name)
    return results


def drain(port: int) -> None:
    """Wait until the server answers the trivial view again: every request
    still queued from the last load has been served."""
    for _ in range(2):  # once for each worker's queue, near enough
        urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/trivial/", timeout=60).read()


def _wrk(page: Page, port: int, script: str, credentials, args, seconds: int) -> str:
    """Load one page for ``seconds``; wrk's "BENCH ..." line."""
    command = [
        "wrk",
        "-t",
        "2",
        "-c",
        str(args.connections),
        "-d",
        f"{seconds}s",
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


def report(results: dict[str, Result], query_counts, args, elapsed: float) -> int:
    """Print one table: each page, its goal, its measured ratio, met or
    MISSED, and its queries. Returns how many goals were missed."""
    rps = {name: statistics.median(r.rps) for name, r in results.items()}
    p95 = {name: statistics.median(r.p95_ms) for name, r in results.items()}
    print()
    print(
        f"KeyRing Net benchmark: scale {args.scale}, {args.rounds} rounds of "
        f"{args.seconds}s per page (each after a {WARM_UP_SECONDS}s warm-up), "
        f"{args.connections} connections, {args.workers} gunicorn workers, "
        f"{elapsed:.0f}s in all."
    )
    print(
        "Medians over rounds. Ratio: the page's p95 over its calibration view's p95 "
        "(lower is better; 1.0 = as fast as the calibration view)."
    )
    print()
    header = (
        f"{'page':<26}{'req/s':>8}{'p95 ms':>9}{'queries':>9}  {'goal':<32}{'ratio':>7}  result"
    )
    print(header)
    print("-" * len(header))
    missed = 0
    for page in PAGES:
        name = page.name
        base = base_of(page)
        goal, ratio, result = "", "", ""
        errors = results[name].errors
        if base is not None:
            goal = f"p95 <= {LIMITS[page.kind]:g}x {base}"
            if p95[name] and p95[base] and rps[name]:
                value = p95[name] / p95[base]
                ratio = f"{value:.2f}"
                ok = value <= LIMITS[page.kind] and errors == 0
            else:  # no request finished in the window: nothing to divide
                ratio, ok = "n/a", False
            result = "met" if ok else "MISSED"
            missed += not ok
        note = f" ({errors} errors)" if errors else ""
        print(
            f"{name:<26}{rps[name]:>8.0f}{p95[name]:>9.1f}{query_counts[name]:>9}  "
            f"{goal:<32}{ratio:>7}  {result}{note}"
        )
    print()
    print("All goals met." if missed == 0 else f"{missed} goal(s) MISSED.")
    return missed


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
