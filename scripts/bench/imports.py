"""A member import from a file made on the fly (each member with a new
home), checked (the dry run) and applied as an organisation admin would,
through the import services: rows a second for each step, and the peak
memory Python allocated during it, at two sizes, so it shows whether
memory grows with the file. Each import is rolled back afterwards, so the
bench database is left as it was."""

from __future__ import annotations

import time
import tracemalloc
from dataclasses import dataclass

GOAL_ROWS_A_SECOND = 500
# The peak for the large file may be at most this many times the small one's.
GOAL_MEMORY_GROWTH = 1.5


@dataclass
class Step:
    rows: int
    seconds: float
    peak_bytes: int

    @property
    def rate(self) -> float:
        return self.rows / self.seconds


@dataclass
class ImportBench:
    rows: int
    small: int
    check: Step
    apply: Step
    check_small: Step
    apply_small: Step


class _Undo(Exception):
    """Raised to roll an import back once it is measured."""


def member_file(rows: int, network_name: str, tag: str) -> bytes:
    """A CSV as a spreadsheet saves it: one member a row, each with a home."""
    lines = ["Reference,Surname,First name,DOB,Network,Address,Town,Post code"]
    lines += [
        f"{tag}-{n},Surname{n},First,03/02/1980,{network_name},{n} Long Road,Manchester,"
        f"m19{n % 10}ab"
        for n in range(rows)
    ]
    return "\n".join(lines).encode()


def _one_import(rows: int, tag: str, *, memory: bool) -> tuple[Step, Step]:
    """(dry run, apply) of one file of ``rows`` rows, rolled back after."""
    from django.db import transaction

    from keyring_net.actors import Actor
    from keyring_net.models import Organisation, Role, RoleAssignment
    from keyring_net.tenancy import organisation_scope
    from networks.models import Network
    from spreadsheets.services.imports import runs

    organisation = Organisation.objects.order_by("pk").first()
    with organisation_scope(organisation):
        admins = RoleAssignment.objects.filter(role=Role.ORG_ADMIN, ended_at=None)
        assignment = admins.select_related("user").order_by("pk").first()
        network = Network.objects.order_by("pk").first()
    if assignment is None or network is None:
        raise SystemExit("No organisation admin or network in the bench database: seed the demo.")
    steps: list[Step] = []
    background = runs.BACKGROUND_ROWS
    runs.BACKGROUND_ROWS = rows + 1  # measured here, not in a worker
    try:
        with organisation_scope(organisation), transaction.atomic():
            actor = Actor.for_user(assignment.user, organisation.pk)
            data = member_file(rows, network.name, tag)
            run = runs.import_start(actor=actor, kind="members", file_name="bench.csv", data=data)
            del data
            for step in ("check", "apply"):
                if memory:
                    tracemalloc.start()
                began = time.perf_counter()
                if step == "check":
                    run = runs.import_match(actor=actor, run=run, columns=run.columns)
                else:
                    run = runs.import_apply(actor=actor, run=run)
                seconds = time.perf_counter() - began
                peak = tracemalloc.get_traced_memory()[1] if memory else 0
                tracemalloc.stop()
                if run.failure or run.created + run.updated + run.skipped != rows:
                    why = run.failure or f"{run.problem_rows} rows with problems"
                    raise SystemExit(f"The bench import went wrong: {why}")
                steps.append(Step(rows, seconds, peak))
            raise _Undo
    except _Undo:
        pass
    finally:
        runs.BACKGROUND_ROWS = background
    return steps[0], steps[1]


def bench_imports(rows: int, small: int) -> ImportBench:
    """Time the dry run and apply of ``rows`` rows (without tracemalloc,
    which slows Python), then measure their peak memory at ``small`` and
    at ``rows`` rows."""
    print(f"\nMember import: {rows} rows, each with a new home (dry run, then apply) ...")
    check, apply = _one_import(rows, "BT", memory=False)
    check_small, apply_small = _one_import(small, "BS", memory=True)
    check_peak, apply_peak = _one_import(rows, "BL", memory=True)
    check.peak_bytes, apply.peak_bytes = check_peak.peak_bytes, apply_peak.peak_bytes
    return ImportBench(rows, small, check, apply, check_small, apply_small)


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def report_imports(bench: ImportBench) -> None:
    for name, big, small in (
        ("Dry run", bench.check, bench.check_small),
        ("Apply", bench.apply, bench.apply_small),
    ):
        growth = big.peak_bytes / max(small.peak_bytes, 1)
        print(
            f"{name} of {big.rows} member rows: {big.rate:.0f} rows/s "
            f"(goal >= {GOAL_ROWS_A_SECOND}: {_verdict(big.rate >= GOAL_ROWS_A_SECOND)}); "
            f"peak memory {small.peak_bytes / 1e6:.1f} MB at {small.rows} rows, "
            f"{big.peak_bytes / 1e6:.1f} MB at {big.rows} rows, {growth:.2f}x "
            f"(goal <= {GOAL_MEMORY_GROWTH}x: {_verdict(growth <= GOAL_MEMORY_GROWTH)})"
        )
