"""How fast a 10,000-row member import runs (dry run and real), as rows a
second, with the peak memory Python allocated. Slow, so it runs only with
IMPORT_BENCH=1 (IMPORT_BENCH_ROWS sets the size); the goal is 500 rows a
second on PostgreSQL, and memory that does not grow with the file."""

from __future__ import annotations

import os
import time
import tracemalloc

import pytest

from keyring_net.actors import Actor
from keyring_net.tenancy import organisation_scope
from spreadsheets.services.imports import runs

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("IMPORT_BENCH"), reason="IMPORT_BENCH=1 to measure"),
]


def test_rows_a_second_for_a_large_member_import(org_a):
    size = int(os.environ.get("IMPORT_BENCH_ROWS", "10000"))
    lines = ["Reference,Surname,First name,DOB,Network,Address,Town,Post code"]
    lines += [
        f"B-{n},Surname{n},First,03/02/1980,{org_a.network.name},{n} Long Road,Manchester,"
        f"M19 {n % 10}AB"
        for n in range(size)
    ]
    data = "\n".join(lines).encode()
    with organisation_scope(org_a.organisation):
        actor = Actor.for_user(org_a.admin, org_a.organisation.pk)
        run = runs.import_start(actor=actor, kind="members", file_name="big.csv", data=data)
        runs.BACKGROUND_ROWS = size + 1
        measure_memory = os.environ.get("IMPORT_BENCH_MEMORY")  # tracemalloc slows Python
        if measure_memory:
            tracemalloc.start()
        began = time.perf_counter()
        run = runs.import_match(actor=actor, run=run, columns=run.columns)
        checking = time.perf_counter() - began
        _, check_peak = tracemalloc.get_traced_memory() if measure_memory else (0, 0)
        if measure_memory:
            tracemalloc.reset_peak()
        began = time.perf_counter()
        run = runs.import_apply(actor=actor, run=run)
        applying = time.perf_counter() - began
        _, apply_peak = tracemalloc.get_traced_memory() if measure_memory else (0, 0)
        tracemalloc.stop()
    assert run.created == size, run.failure
    print(
        f"\n{size} rows: dry run {size / checking:.0f} rows/s (peak {check_peak / 1e6:.1f} MB), "
        f"apply {size / applying:.0f} rows/s (peak {apply_peak / 1e6:.1f} MB)"
    )
