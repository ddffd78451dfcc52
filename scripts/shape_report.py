"""The shape of the code, in the figures issue 15 asks for.

    python scripts/shape_report.py [--longest 10] [--limit 400]

Prints, for our apps (those in INSTALLED_APPS whose folder is in this
repository):

- loops: groups of files that import each other, directly or round a loop;
- upward imports: imports against the layers of DEVELOPERS.md, "Layers"
  (both read by tests/test_layers.py's own scan, so the figures and the
  test agree);
- production files over the limit (400 lines as ``wc -l`` counts them),
  migrations, settings and tests aside (demo seeding is counted, and marked);
- the longest functions and methods, by their syntax tree;
- what breaks the layer rules inside an app (tests/test_conventions.py:
  reads outside selectors, bare saves in services), line by line.
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyring_net.settings_test")

import django  # noqa: E402

django.setup()

from tests import test_conventions as conventions  # noqa: E402
from tests.helpers import our_apps  # noqa: E402
from tests.test_layers import cycles, scan, wrong_arrows  # noqa: E402


@dataclass(frozen=True)
class Function:
    name: str  # Class.method or function, nested ones with their outer name
    file: str
    line: int
    lines: int


def production_files(apps: list[str]) -> list[str]:
    """Our apps' Python files, migrations, settings and tests aside."""
    files = []
    for app in apps:
        for path in sorted((ROOT / app).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            name = path.name
            if "/migrations/" in rel or "/tests/" in rel or name.startswith("test"):
                continue
            if name.startswith("settings"):
                continue
            files.append(rel)
    return files


def is_demo(rel: str) -> bool:
    """Demo seeding (``seed_demo``): ``demo.py``, ``demo_*.py``, ``demo/``."""
    return "demo" in rel.removesuffix(".py").replace("/", "_").split("_")


def line_count(rel: str) -> int:
    """Lines as ``wc -l`` counts them (newline characters)."""
    return (ROOT / rel).read_bytes().count(b"\n")


def functions(rel: str) -> list[Function]:
    """Every function and method in ``rel``, with its length in lines."""
    found = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                found.append(Function(name, rel, child.lineno, child.end_lineno - child.lineno + 1))
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(ast.parse((ROOT / rel).read_text(), filename=rel), "")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--longest", type=int, default=10, help="how many functions to list")
    parser.add_argument("--limit", type=int, default=400, help="lines a file may have")
    args = parser.parse_args()

    apps = our_apps()
    modules, arrows = scan(ROOT, apps)
    loops = cycles(modules, arrows)
    upward = wrong_arrows(modules, arrows)
    files = production_files(apps)
    long_files = sorted(
        ((line_count(rel), rel) for rel in files if line_count(rel) > args.limit), reverse=True
    )
    longest = sorted(
        (function for rel in files for function in functions(rel)),
        key=lambda f: (-f.lines, f.file, f.line),
    )[: args.longest]

    print(f"Apps: {', '.join(apps)} ({len(files)} production files)")
    print(f"\nImport loops between files: {len(loops)}")
    for loop in loops:
        print(f"  {' -> '.join(loop)}")
    pairs = {(arrow.source, arrow.target) for arrow in upward}
    print(f"\nUpward imports: {len(upward)} imports, {len(pairs)} file -> module pairs")
    for arrow in upward:
        print(f"  {arrow}")
    demo = [rel for _count, rel in long_files if is_demo(rel)]
    print(
        f"\nProduction files over {args.limit} lines: {len(long_files)} "
        f"({len(demo)} of them demo seeding)"
    )
    for count, rel in long_files:
        print(f"  {count:>5}  {rel}{'  (demo)' if is_demo(rel) else ''}")
    print(f"\nThe {len(longest)} longest functions:")
    for function in longest:
        print(f"  {function.lines:>5}  {function.name}  ({function.file}:{function.line})")
    offences = conventions.layer_offences(ROOT, apps)
    print(f"\nLayer rules inside apps (tests/test_conventions.py): {len(offences)} offences")
    for offence in offences:
        print(f"  {offence}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
