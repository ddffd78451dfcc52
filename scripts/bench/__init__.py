"""`make bench`: load pages under gunicorn + PostgreSQL, report ratios.

Every figure is relative to three calibration views measured in the same
run, interleaved with the real pages over several rounds, so results mean the
same on a laptop and on a server:

* trivial   - no database, no template
* one-query - one small query
* table     - a 50-row table from one query, in the page shell
* one-query (manager), (clv), (member), (token) - the one-query view
  signed in, with a session of that login or an API token: what every
  signed-in page pays before its own work (the session, the person, their
  roles, the organisation's row-level security grant)

Each page is measured against the calibration view signed in as it is
(``Page.signed_in_base``); dashboards against the table page. The
database is ``ANALYZE``d before anything is timed; each page is warmed
for a second before its timing, and the server is drained (it answers the
trivial view again) after it, so no page's backlog spills into the next.
One table gives each page's goal, its ratio, met or MISSED, and its
queries; a page that finished no request shows "n/a" and MISSED rather
than stopping the bench.

It also generates one commissioner report for a contract of 50 networks
and 600 members and prints its time as a ratio to rendering a one-page PDF
in the same run, with its query count.

Goals: dashboards p95 <= 2x the table page; phone, plan and detail pages
p95 <= 4x the signed-in one-query view; API lists p95 <= 4x the one-query
view with a token. Query
counts are counted in-process for each page at this data size; the test
suite pins that they do not grow with the data.

    python -m scripts.bench [--scale 10] [--rounds 3] [--seconds 3] [--skip-setup]
                            [--sweep-plans 100000] [--sweep-only]
                            [--import-rows 10000] [--import-small 2000] [--imports-only]
                            [--only NAME ...]

``--only caseload --only "API tasks"`` loads only the pages whose name
contains one of the words given (any case), beside the calibration views,
and leaves out the commissioner report, the sweep and the import: a quick
check of one area while working on it.

The notification sweep is measured too: ``--sweep-plans`` plans (added
in bulk to a scratch organisation, removed after) all due for a review
prompt; one run of the plan-review producer and one dispatch of what it
made, as the beat tasks run them, each timed against a bare ``SELECT`` of
the same rows and counted in queries (they grow with the batches, not the
rows). ``seed_demo --scale`` makes plans through the services, too slowly
for 100,000.

A member import is measured last: a CSV of ``--import-rows`` members,
each with a new home, made on the fly, checked (the dry run) and applied
through the import services as the demo's organisation admin, each step
as rows a second (goal: at least 500), then the peak memory Python
allocated in each step (tracemalloc, in separate runs, as it slows Python)
at ``--import-small`` and ``--import-rows`` rows (goal: the larger at most
1.5x the smaller, memory that does not grow with the file); each printed
as met or MISSED. Every import is rolled back, so the data stays as seeded.

Needs PostgreSQL (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/keyring_bench; the database is recreated)
and wrk (apt-get install wrk). Load comes from wrk, a second process, on
127.0.0.1 only.

By area: ``seeding`` (the bench database and its demo data), ``pages``
(what is loaded, who is signed in, query counts), ``timing`` (gunicorn,
wrk rounds and the table of ratios), ``pdf`` (the commissioner report
against a one-page PDF), ``sweep`` (the notification sweep), ``imports``
(the member import); ``__main__`` runs them in that order.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
