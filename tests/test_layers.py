"""The layers of the product, and the one direction its imports point.

From the bottom (DEVELOPERS.md, "Layers", has the same table):

    0  keyring_net     the core: tenancy, people, policy, audit, shared plumbing
    1  notifications   the delivery layer: renders, schedules, sends, records
    2  networks        networks, clusters, homes
    3  members         members and their journey
    4  support_plans, volunteers    the domain apps (neither imports the other)
    5  outcomes        figures, reports, surveys, quality checks
    6  dashboards      pages that compose several apps

A module may import a module of its own app or of an app in a lower layer.
Only the project's wiring (``WIRING``: URLconf, settings, the Celery app,
the demo's orchestration and the management commands) names every app, and
nothing imports the wiring. Imports are read from each file's syntax tree,
at module level and inside functions alike; there must be no cycle between
any two files, demo code included.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import our_apps, write_tree

ROOT = Path(__file__).resolve().parent.parent

LAYERS = {
    "keyring_net": 0,
    "notifications": 1,
    "documents": 1,
    "networks": 2,
    "members": 3,
    "support_plans": 4,
    "volunteers": 4,
    "casework": 5,
    "outcomes": 6,
    "dashboards": 7,
    "spreadsheets": 7,
    "search": 7,
    "privacy": 7,
}

# Files that wire the apps together: they may import any app.
WIRING_FILES = {
    "keyring_net/urls.py",
    "keyring_net/api_urls.py",
    "keyring_net/settings.py",
    "keyring_net/settings_test.py",
    "keyring_net/celery.py",
    "keyring_net/wsgi.py",
    "keyring_net/__init__.py",  # loads the Celery app, as Celery's Django guide does
}
WIRING_FOLDERS = ("keyring_net/demo/", "keyring_net/management/commands/")


def is_wiring(rel: str) -> bool:
    return rel in WIRING_FILES or rel.startswith(WIRING_FOLDERS)


@dataclass(frozen=True)
class Arrow:
    source: str  # file, relative to the root
    line: int
    target: str  # module imported

    def __str__(self) -> str:
        return f"{self.source}:{self.line} imports {self.target}"


def _module_name(rel: str) -> str:
    name = rel[: -len(".py")].replace("/", ".")
    return name.removesuffix(".__init__")


def scan(root: Path, apps: list[str]) -> tuple[dict[str, str], list[Arrow]]:
    """Every module of ``apps`` under ``root`` (migrations aside) and every
    import between them: ``({module: file}, [arrows])``."""
    files = {}
    for app in apps:
        for path in (root / app).rglob("*.py"):
            rel = path.relative_to(root).as_posix()
            if "/migrations/" not in rel:
                files[_module_name(rel)] = rel
    arrows = []
    for module, rel in files.items():
        tree = ast.parse((root / rel).read_text(), filename=rel)
        package = module if rel.endswith("__init__.py") else module.rpartition(".")[0]
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    parts = parts[: len(parts) - node.level + 1]
                    base = ".".join([*parts, base] if base else parts)
                # "from members import models" imports members.models, not
                # the package; "from members.models import Member" the module.
                names = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in files else base
                    for alias in node.names
                ]
            else:
                continue
            for name in names:
                while name and name not in files:
                    name = name.rpartition(".")[0]
                if name and name != module:
                    arrows.append(Arrow(rel, node.lineno, name))
    return files, sorted(set(arrows), key=lambda a: (a.source, a.line, a.target))


def wrong_arrows(files: dict[str, str], arrows: list[Arrow]) -> list[Arrow]:
    """Imports the layers do not allow: into a higher or sideways app, or
    into the wiring from outside it."""
    wrong = []
    for arrow in arrows:
        target_file = files[arrow.target]
        if is_wiring(target_file) and not is_wiring(arrow.source):
            wrong.append(arrow)
            continue
        if is_wiring(arrow.source):
            continue
        source_app = arrow.source.split("/")[0]
        target_app = arrow.target.split(".")[0]
        if source_app != target_app and LAYERS[target_app] >= LAYERS[source_app]:
            wrong.append(arrow)
    return wrong


def cycles(files: dict[str, str], arrows: list[Arrow]) -> list[list[str]]:
    """Groups of files that import each other, directly or round a loop
    (strongly connected components of more than one file)."""
    graph: dict[str, set[str]] = defaultdict(set)
    module_of = {rel: module for module, rel in files.items()}
    for arrow in arrows:
        graph[module_of[arrow.source]].add(arrow.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(start: str) -> None:
        # Tarjan's algorithm, iteratively (no recursion limit to meet).
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        found.append(sorted(group))

    for module in sorted(files):
        if module not in index:
            visit(module)
    return found


def test_every_app_has_a_layer():
    missing = [app for app in our_apps() if app not in LAYERS]
    assert missing == [], f"give these apps a layer in LAYERS and DEVELOPERS.md: {missing}"


def test_imports_point_down_the_layers():
    files, arrows = scan(ROOT, our_apps())
    wrong = [str(arrow) for arrow in wrong_arrows(files, arrows)]
    assert wrong == [], "imports against the layers:\n" + "\n".join(wrong)


def test_no_file_imports_itself_round_a_loop():
    files, arrows = scan(ROOT, our_apps())
    found = cycles(files, arrows)
    assert found == [], "files that import each other:\n" + "\n".join(map(str, found))


# --- The test of the test: an upward import and a loop are caught -------------------


def test_an_upward_import_is_named_with_its_file_and_line(tmp_path):
    root = write_tree(
        tmp_path,
        {
            "keyring_net/__init__.py": "",
            "keyring_net/audit.py": """\
                def trail():
                    from members.models import Member
                    return Member
            """,
            "keyring_net/urls.py": "import members.views\n",
            "members/__init__.py": "",
            "members/models.py": "from keyring_net import audit\n",
            "members/views.py": "from . import models\nfrom keyring_net.urls import x\n",
            "networks/__init__.py": "",
            "networks/selectors.py": "from members import models\n",
        },
    )
    files, arrows = scan(root, ["keyring_net", "members", "networks"])
    wrong = [str(arrow) for arrow in wrong_arrows(files, arrows)]
    assert wrong == [
        "keyring_net/audit.py:2 imports members.models",  # inside a function
        "members/views.py:2 imports keyring_net.urls",  # into the wiring
        "networks/selectors.py:1 imports members.models",  # networks sits below members
    ]
    # The wiring may name every app; a relative import inside an app is fine.
    assert "keyring_net/urls.py:1 imports members.views" in map(str, arrows)


def test_a_loop_between_files_is_found(tmp_path):
    root = write_tree(
        tmp_path,
        {
            "outcomes/__init__.py": "",
            "outcomes/services.py": "from outcomes import tasks\n",
            "outcomes/tasks.py": "def run():\n    from outcomes.services import go\n",
            "outcomes/figures.py": "from outcomes import services\n",
        },
    )
    files, arrows = scan(root, ["outcomes"])
    assert cycles(files, arrows) == [["outcomes.services", "outcomes.tasks"]]
